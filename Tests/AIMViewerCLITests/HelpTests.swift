import Foundation
import Testing

/// Every command's `--help` shows examples, and each example stays whole at 80 columns: one line,
/// or broken with `\` between options (issue 22).
struct HelpTests {
    static let commands: [[String]] = [
        [], ["analyze"], ["compare"], ["explore"], ["crosscheck"], ["calibrate"], ["report"], ["bench"],
        ["runs"], ["runs", "list"], ["runs", "show"], ["runs", "diff"], ["runs", "export"], ["runs", "delete"],
        ["runs", "rerun"], ["runs", "check"], ["models"], ["models", "list"], ["models", "show"],
        ["hardware"], ["hardware", "list"], ["hardware", "show"],
    ]

    @Test(arguments: commands)
    func helpHasWholeExamples(_ command: [String]) throws {
        let result = try CLI.run(command + ["--help"], environment: ["COLUMNS": "80"])
        #expect(result.exitCode == 0, "\(command): \(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "Examples:"), "\(command) --help has no examples")
        let examples = lines[(start + 1)...].prefix { !$0.isEmpty }
        #expect(!examples.isEmpty)
        var continues = false
        for line in examples {
            #expect(line.count <= 80, "\(command): '\(line)' is \(line.count) columns")
            if continues {
                #expect(line.hasPrefix("      -"), "\(command): a continuation starts with an option: '\(line)'")
            } else {
                #expect(line.hasPrefix("  aim-viewer "), "\(command): an example wrapped mid-command: '\(line)'")
            }
            continues = line.hasSuffix(" \\")
        }
        #expect(!continues, "\(command): the last example ends with a continuation")
    }
}

/// Shell completion of option values (issue 22): names from the catalogs, lists item by item,
/// paths as paths, through the completion script's own call into the binary.
struct CompletionTests {
    /// What bash asks the binary for when completing `words` (the last one being completed).
    func complete(_ command: String, _ option: String, _ words: [String]) throws -> [String] {
        let current = words.count - 1
        let result = try CLI.run(["---completion", command, "--", option, "\(current)", "\(words[current].count)"] + words)
        #expect(result.exitCode == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func namesCompleteFromTheCatalogs() throws {
        let hardware = try complete("analyze", "--hardware", ["aim-viewer", "analyze", "--hardware", "h100"])
        #expect(hardware.contains("h100-sxm5-80gb") && hardware.allSatisfy { $0.hasPrefix("h100") }, "\(hardware)")
        let model = try complete("analyze", "--model", ["aim-viewer", "analyze", "--model", "qwen2"])
        #expect(model.contains("qwen2-7b") && model.contains("qwen2-72b") && !model.contains("vicuna-7b"), "\(model)")
        let targets = try complete("compare", "--hardware", ["aim-viewer", "compare", "--hardware", "a100-sxm4-80gb,tag:con"])
        #expect(targets == ["a100-sxm4-80gb,tag:consumer"], "\(targets)")
        let methods = try complete("explore", "--methods", ["aim-viewer", "explore", "--methods", "aim,f"])
        #expect(methods.contains("aim,fastv") && methods.contains("aim,fixed"), "\(methods)")
    }

    @Test func theScriptCompletesSchedulesAndPaths() throws {
        let script = try CLI.run(["--generate-completion-script", "bash"]).stdout
        #expect(script.contains("'--schedule')\n        __aim-viewer_add_completions -W 'aim'"), "schedules are listed")
        #expect(script.contains("'--model-config')\n        __aim-viewer_add_completions -f"), "a config path completes as a path")
        #expect(script.contains("'--db')\n        __aim-viewer_add_completions -o plusdirs -fX '!*.@(sqlite)'"))
    }
}

/// `--no-color` is accepted by every command (colour only ever appears on a terminal).
struct NoColorTests {
    @Test func everyCommandTakesNoColor() throws {
        for command in [["analyze", "--no-store"], ["models", "list"], ["hardware", "show", "l4"], ["compare", "--hardware", "l4", "--no-store"],
                        ["explore", "--frames", "8", "--no-store"]] {
            let plain = try CLI.run(command)
            let flagged = try CLI.run(command + ["--no-color"])
            let early = try CLI.run(["--no-color"] + command)
            #expect(flagged.exitCode == 0 && early.exitCode == 0, "\(command): \(flagged.stderr) \(early.stderr)")
            if command[0] != "explore" {
                #expect(flagged.stdout == plain.stdout && early.stdout == plain.stdout, "\(command)")
            }
        }
    }
}

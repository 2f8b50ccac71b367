import Foundation
import Testing

/// Every command's output pinned byte for byte, so a refactor proves it changed nothing a user sees.
///
/// The fixtures in OutputFixtures/ were captured from the command line before the application layer
/// was moved out of it (see OutputFixtures/README.md). After an intended change, regenerate them with
/// `AIM_UPDATE_OUTPUT_FIXTURES=1 swift test --filter OutputStabilityTests` and review the diff.
struct OutputStabilityTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("OutputFixtures")
    static var updating: Bool { ProcessInfo.processInfo.environment["AIM_UPDATE_OUTPUT_FIXTURES"] == "1" }

    /// Deterministic invocations (no timings), each with the fixture it must print.
    static let invocations: [(name: String, arguments: [String])] = [
        ("analyze-default", ["analyze"]),
        ("analyze-both", ["analyze", "--convention", "both"]),
        ("analyze-both-json", ["analyze", "--convention", "both", "--format", "json"]),
        ("analyze-both-csv", ["analyze", "--convention", "both", "--format", "csv"]),
        ("analyze-gen-len", ["analyze", "--gen-len", "64"]),
        ("analyze-per-op", ["analyze", "--per-op"]),
        ("analyze-per-layer-markdown", ["analyze", "--per-layer", "--format", "markdown"]),
        ("analyze-json", ["analyze", "--format", "json"]),
        ("analyze-csv", ["analyze", "--format", "csv"]),
        ("analyze-llm-viewer", ["analyze", "--convention", "llm-viewer"]),
        ("analyze-fastv", ["analyze", "--schedule", "fastv"]),
        ("analyze-pdrop-gen-len", ["analyze", "--schedule", "pdrop", "--gen-len", "16"]),
        ("analyze-vision", ["analyze", "--vision", "siglip-so400m"]),
        ("analyze-tokens-llama", ["analyze", "--model", "llama-3-8b", "--hardware", "nvidia_H100", "--tokens", "2048", "--flash-attention"]),
        ("analyze-tp-w8", ["analyze", "--tp", "2", "--hardware", "nvidia_H100", "--w-bit", "8", "--a-bit", "8"]),
        ("analyze-mixtral", ["analyze", "--model", "mixtral-8x7b", "--tokens", "512"]),
        ("compare", ["compare", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb,mi300x"]),
        ("compare-json", ["compare", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb", "--format", "json"]),
        ("compare-csv", ["compare", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb", "--format", "csv"]),
        ("compare-markdown", ["compare", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb", "--format", "markdown"]),
        ("explore", ["explore", "--methods", "aim,fastv", "--frames", "8...64:8", "--budget-tflops", "30", "--threads", "1"]),
        ("explore-json", ["explore", "--methods", "all", "--frames", "16,32", "--budget-tflops", "50", "--format", "json", "--threads", "1"]),
        ("explore-csv", ["explore", "--frames", "8...32:8", "--prune-step", "0.1,0.125", "--format", "csv", "--threads", "1"]),
        ("models-list", ["models", "list"]),
        ("models-show", ["models", "show", "qwen2-7b"]),
        ("models-show-json", ["models", "show", "mixtral-8x7b", "--format", "json"]),
        ("hardware-list", ["hardware", "list"]),
        ("hardware-list-csv", ["hardware", "list", "--format", "csv"]),
        ("hardware-show", ["hardware", "show", "nvidia_A100"]),
    ]

    /// `--no-store` where the command stores, so nothing here writes a database.
    static func storing(_ arguments: [String]) -> Bool { ["analyze", "compare", "explore"].contains(arguments[0]) }

    @Test(arguments: invocations.map(\.name))
    func printsExactlyWhatItPrinted(_ name: String) throws {
        let arguments = Self.invocations.first { $0.name == name }!.arguments
        let result = try CLI.run(arguments + (Self.storing(arguments) ? ["--no-store"] : []))
        #expect(result.exitCode == 0, "\(arguments): \(result.stderr)")
        try Self.compare(result.stdout, fixture: name, invocation: arguments)
    }

    /// The runs commands over two stored runs, their ids and dates replaced by placeholders.
    @Test func runsCommandsPrintExactlyWhatTheyPrinted() throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("stability-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: database) }
        let environment = ["AIM_VIEWER_DB": database]
        var ids: [String] = []
        for arguments in [["analyze", "--label", "first"], ["analyze", "--schedule", "fastv", "--tag", "b", "--gen-len", "8"]] {
            let stored = try CLI.run(arguments, environment: environment)
            #expect(stored.exitCode == 0, "\(stored.stderr)")
            ids.append(try #require(stored.stderr.split(separator: " ").dropFirst(2).first.map(String.init)))
        }
        let commands: [(String, [String])] = [
            ("runs-show", ["runs", "show", ids[0]]),
            ("runs-show-json", ["runs", "show", ids[1], "--format", "json"]),
            ("runs-show-csv", ["runs", "show", ids[1], "--format", "csv"]),
            ("runs-diff", ["runs", "diff", ids[0], ids[1]]),
            ("runs-diff-json", ["runs", "diff", ids[0], ids[1], "--format", "json"]),
            ("runs-diff-markdown", ["runs", "diff", ids[0], ids[1], "--format", "markdown"]),
            ("runs-export-csv", ["runs", "export", ids[0], ids[1]]),
            ("runs-rerun", ["runs", "rerun", ids[1]]),
            ("runs-rerun-json", ["runs", "rerun", ids[0], "--format", "json"]),
            ("runs-list-csv", ["runs", "list", "--format", "csv"]),
            ("report", ["report", ids[1]]),
        ]
        for (name, arguments) in commands {
            let result = try CLI.run(arguments, environment: environment)
            #expect(result.exitCode == 0, "\(arguments): \(result.stderr)")
            var text = result.stdout
            for (index, id) in ids.enumerated() { text = text.replacingOccurrences(of: id, with: "<RUN\(index + 1)>") }
            text = text.replacingOccurrences(of: #"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?Z?"#, with: "<TIME>", options: .regularExpression)
            try Self.compare(text, fixture: name, invocation: arguments)
        }
    }

    /// Equal, or the first differing line of each, never a dump of kilobytes.
    static func compare(_ printed: String, fixture name: String, invocation: [String]) throws {
        // A sweep reports how long it took: the one figure that may differ between two runs.
        let actual = printed
            .replacingOccurrences(of: #"in \d+\.\d+ s \(\d+ per second\)"#, with: "in <SECONDS> s (<RATE> per second)",
                                  options: .regularExpression)
            .replacingOccurrences(of: #""seconds" : [0-9.e+-]+"#, with: "\"seconds\" : <SECONDS>", options: .regularExpression)
        let url = fixtures.appendingPathComponent(name + ".txt")
        if updating {
            try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing output fixture \(url.path); capture it with AIM_UPDATE_OUTPUT_FIXTURES=1")
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return }
        let left = expected.components(separatedBy: "\n"), right = actual.components(separatedBy: "\n")
        let line = zip(left, right).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(left.count, right.count)
        Issue.record("""
            \(invocation.joined(separator: " ")) no longer prints \(name).txt; first difference at line \(line + 1):
              expected: \(line < left.count ? left[line] : "<end>")
              actual:   \(line < right.count ? right[line] : "<end>")
            """)
    }
}

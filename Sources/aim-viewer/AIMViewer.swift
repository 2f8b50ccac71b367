import AIMViewerKit
import ArgumentParser
import Foundation

@main
struct AIMViewer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aim-viewer",
        abstract: "What a multimodal LLM costs to run: FLOPs, memory traffic, footprint and time, layer by layer, for a token schedule.",
        discussion: """
            With no arguments, `analyze` prices the AIM paper's workload: LLaVA-OneVision-7B's LLM \
            (Qwen2-7B) on LLM-Viewer's A100, 32 frames x 196 tokens + 100 text tokens, baseline vs AIM.

            Examples:
              aim-viewer analyze
              aim-viewer analyze --model llama-3-8b --hardware nvidia_H100 --frames 64 \\
                  --per-layer
              aim-viewer analyze --tokens 4096 --format json
              aim-viewer analyze --schedule fastv
              aim-viewer compare --hardware a100-sxm4-40gb,h100-sxm5-80gb,mi300x
              aim-viewer explore --budget-tflops 99.63 --maximize frames
              aim-viewer crosscheck
              aim-viewer models list
              aim-viewer hardware show nvidia_A100
              aim-viewer bench
              aim-viewer serve

            Colour: tables are coloured only on a terminal; --no-color (with any command) or the \
            NO_COLOR environment variable turns it off.
            """,
        version: AIMViewerVersion.current,
        subcommands: [Analyze.self, Compare.self, Explore.self, CrosscheckCommand.self, Calibrate.self, Runs.self, Report.self, Models.self, Hardware.self, Bench.self, Serve.self],
        defaultSubcommand: Analyze.self
    )

    static func main() {
        let arguments = NegativeNumberArguments.joined(ColorArgument.removingNoColor(Array(CommandLine.arguments.dropFirst())))
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch {
            exit(withError: CommandLineAdvice.adding(to: error, in: command))
        }
    }
}

/// `--no-color` with any command: taken out before parsing and turned into `NO_COLOR`, the one
/// switch every renderer's `TerminalStyle.forStandardOutput` reads, so colour is off the same way
/// everywhere (arguments after `--` are left alone).
enum ColorArgument {
    static func removingNoColor(_ arguments: [String]) -> [String] {
        let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
        guard arguments[..<end].contains("--no-color") else { return arguments }
        setenv("NO_COLOR", "1", 1)
        return arguments[..<end].filter { $0 != "--no-color" } + arguments[end...]
    }
}

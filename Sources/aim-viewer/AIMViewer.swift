import AIMViewerKit
import ArgumentParser

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
              aim-viewer analyze --model llama-3-8b --hardware nvidia_H100 --frames 64 --per-layer
              aim-viewer analyze --tokens 4096 --format json
              aim-viewer analyze --schedule fastv
              aim-viewer compare --hardware a100-sxm4-40gb,h100-sxm5-80gb,mi300x
              aim-viewer explore --budget-tflops 99.63 --maximize frames
              aim-viewer crosscheck
              aim-viewer models list
              aim-viewer hardware show nvidia_A100
              aim-viewer bench
              aim-viewer serve
            """,
        version: AIMViewerVersion.current,
        subcommands: [Analyze.self, Compare.self, Explore.self, CrosscheckCommand.self, Calibrate.self, Runs.self, Report.self, Models.self, Hardware.self, Bench.self, Serve.self],
        defaultSubcommand: Analyze.self
    )

    static func main() {
        let arguments = NegativeNumberArguments.joined(Array(CommandLine.arguments.dropFirst()))
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

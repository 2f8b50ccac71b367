import AIMCatalog
import AIMReference
import AIMReport
import AIMViewerCore
import AIMViewerKit
import ArgumentParser
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the analyzer's speed (or, with --engine, the reference engine's).",
        discussion: """
            Prices the default AIM schedule (Qwen2-7B, 28 layers) in a loop on one thread: the totals \
            path sweeps use (exact, and llm-viewer), the full per-layer, per-operator analysis, and a \
            whole request of 100 000 generated tokens in closed form. \
            Build in release mode for meaningful figures (swift run -c release aim-viewer bench; the \
            first release build takes several minutes).

            Examples:
              aim-viewer bench
              aim-viewer bench --format json --seconds 5
              aim-viewer bench --model gemma-2-9b
              aim-viewer bench --store
              aim-viewer bench --explore
              aim-viewer bench --engine --format json
            """)

    @Option(help: "Seconds to measure each path.") var seconds: Double = 2
    @Option(help: ArgumentHelp(OutputFormat.helpText + " Bench prints table or json.")) var format: OutputFormat = .table
    @Option(help: ArgumentHelp("Time another preset on the same schedule and paths (a windowed or latent-attention model, say); the llm-viewer rate is 0 for a model that convention refuses.",
                               valueName: "preset"),
            completion: Completions.model)
    var model: String = ModelCatalog.defaultPresetName
    @Flag(help: "Also time storing runs and listing a history of 100 000 runs (in a scratch database).")
    var store = false
    /// How many runs `--store` lists over (tests use a small history to stay fast).
    @Option(help: .hidden) var storeHistory = 100_000
    @Flag(help: "Time explore instead: a sweep of 1 000 000 AIM schedules (one thread and all cores).")
    var explore = false
    @Flag(help: "Time the reference engine instead: its Float32 matmul rate (512^3, one thread) and a forward pass.")
    var engine = false

    func validate() throws {
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be in (0, 600]") }
        guard format == .table || format == .json else {
            throw ValidationError(FormatNotApplicable("bench", format, instead: "use --format table or json").description)
        }
        guard storeHistory >= 100 else { throw ValidationError("--store-history must be at least 100") }
    }

    func run() throws {
        if engine { return try runEngine() }
        if explore { return try runExplore() }
        let result = try Benchmarks.analyzer(seconds: seconds, storeHistory: store ? storeHistory : nil, preset: model)
        let (totalsRate, viewerRate) = (result.prefillAnalysesPerSecond, result.llmViewerPrefillAnalysesPerSecond)
        let (detailRate, generationRate) = (result.detailedAnalysesPerSecond, result.generationAnalysesPerSecond)
        let storeFigures = result.storeMillisecondsPerRun.map { ($0, result.listMillisecondsOver100kRuns ?? 0) }
            .map { (storeMilliseconds: $0.0, listMilliseconds: $0.1) }
        if format == .json {
            print(try JSONRenderer.encode(result), terminator: "")
        } else {
            print("""
                model: \(result.model) (\(result.layers) layers) on \(result.hardware), the paper's AIM schedule
                prefill analyses per second (totals, one core, exact):                 \(Int(totalsRate))
                the same under llm-viewer:                                             \(viewerRate > 0 ? String(Int(viewerRate)) : "refused (no llm-viewer formula for this model)")
                detailed analyses per second (prefill + decode, every operator):       \(Int(detailRate))
                whole requests per second (prefill + 100 000 decode steps, closed form): \(Int(generationRate))
                \(storeFigures.map { "storing one analyze run (2 schedules, every operator): \(String(format: "%.2f", $0.storeMilliseconds)) ms\nruns list over \(Benchmarks.grouped(storeHistory)) runs (slowest of newest, --tag, --model, --label): \(String(format: "%.2f", $0.listMilliseconds)) ms\n" } ?? "")build: \(Benchmarks.buildConfiguration)\(Benchmarks.buildConfiguration == "debug" ? "  (use -c release for real figures)" : "")
                """)
        }
    }

    /// `--explore`: 250 frame counts x 4 merge ratios x 25 prune starts x 40 prune steps = 1 000 000
    /// AIM schedules of Qwen2-7B on the A100 under exact, with a TFLOPs budget. JSON key `schedulesPerSecond`.
    func runExplore() throws {
        let document = try Benchmarks.explore()
        let cores = document.cores
        if format == .json {
            print(try JSONRenderer.encode(document), terminator: "")
        } else {
            print("""
                explore sweep of \(document.schedules) schedules (Qwen2-7B, 28 layers, exact, nvidia_A100, TFLOPs budget):
                  one thread: \(String(format: "%.2f", document.secondsOneThread)) s (\(Int(document.schedulesPerSecondOneThread)) schedules/s)
                  \(cores) cores: \(String(format: "%.2f", document.secondsAllCores)) s (\(Int(document.schedulesPerSecond)) schedules/s); frontier \(document.frontierPoints) points
                build: \(Benchmarks.buildConfiguration)\(Benchmarks.buildConfiguration == "debug" ? "  (use -c release for real figures)" : "")
                """)
        }
    }

    /// `--engine`: keys `matmulGflops` and `forwardSeconds` in JSON.
    func runEngine() throws {
        let result = try EngineBenchmark.run(seconds: seconds)
        if format == .json {
            print(try JSONRenderer.encode(EngineBenchDocument(result: result, buildConfiguration: Benchmarks.buildConfiguration)),
                  terminator: "")
        } else {
            print("""
                engine matmul, Float32 512x512x512, one thread: \(String(format: "%.1f", result.matmulGflops)) GFLOP/s
                engine forward pass (\(result.forwardModel), \(result.forwardPromptTokens) prompt tokens, merge + prune): \(String(format: "%.2f", result.forwardSeconds * 1e3)) ms
                build: \(Benchmarks.buildConfiguration)\(Benchmarks.buildConfiguration == "debug" ? "  (use -c release for real figures)" : "")
                """)
        }
    }
}

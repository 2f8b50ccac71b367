import AIMCatalog
import AIMReference
import AIMReport
import AIMStore
import AIMViewerCore
import ArgumentParser
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the analyzer's speed (or, with --engine, the reference engine's).",
        discussion: """
            Prices the default AIM schedule (Qwen2-7B, 28 layers) in a loop on one thread: the totals \
            path sweeps use (exact, and llm-viewer), the full per-layer, per-operator analysis, and a \
            whole request of 100 000 generated tokens in closed form. \
            Build in release mode for meaningful figures:

              swift run -c release aim-viewer bench
              swift run -c release aim-viewer bench --format json --seconds 5
              swift run -c release aim-viewer bench --store
              swift run -c release aim-viewer bench --engine --format json
            """)

    @Option(help: "Seconds to measure each path.") var seconds: Double = 2
    @Option(help: "Output format: table or json.") var format: OutputFormat = .table
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
        guard format == .table || format == .json else { throw ValidationError("bench prints table or json") }
        guard storeHistory >= 100 else { throw ValidationError("--store-history must be at least 100") }
    }

    func run() throws {
        if engine { return try runEngine() }
        if explore { return try runExplore() }
        let model = try ModelCatalog.preset(named: ModelCatalog.defaultPresetName)
        let hardware = try HardwareCatalog.profile(named: HardwareCatalog.defaultProfileName)
        let analyzer = try Analyzer(model: model, hardware: hardware, options: AnalysisOptions(convention: .exact))
        let viewer = try Analyzer(model: model, hardware: hardware, options: AnalysisOptions(convention: .llmViewer, skipMLPAdd: true))
        let schedule = try AIMScheduler.schedule(.paperDefault, layerCount: model.layerCount)

        var checksum = 0.0
        let totalsRate = Self.totalsRate(analyzer, schedule.tokensPerLayer, seconds: seconds, checksum: &checksum)
        let viewerRate = Self.totalsRate(viewer, schedule.tokensPerLayer, seconds: seconds, checksum: &checksum)
        let detailRate = Self.measure(seconds: seconds / 2) { iterations in
            for _ in 0..<iterations { checksum += try! analyzer.analyze(schedule).prefill.totals.seconds }
        }
        let generationRate = Self.measure(seconds: seconds / 2) { iterations in
            for _ in 0..<iterations { checksum += try! analyzer.generation(schedule, steps: 100_000).totalSeconds }
        }
        let storeFigures = store ? try Self.measureStore(model: model, hardware: hardware, analyzer: analyzer, history: storeHistory) : nil
        let result = BenchResult(
            prefillAnalysesPerSecond: totalsRate, llmViewerPrefillAnalysesPerSecond: viewerRate,
            detailedAnalysesPerSecond: detailRate, generationAnalysesPerSecond: generationRate,
            layers: model.layerCount, model: model.name, hardware: hardware.name,
            buildConfiguration: Self.buildConfiguration, checksum: checksum,
            storeMillisecondsPerRun: storeFigures?.storeMilliseconds,
            listMillisecondsOver100kRuns: storeFigures?.listMilliseconds)
        if format == .json {
            print(try JSONRenderer.encode(result), terminator: "")
        } else {
            print("""
                prefill analyses per second (\(model.layerCount) layers, totals, one core, exact): \(Int(totalsRate))
                the same under llm-viewer:                                              \(Int(viewerRate))
                detailed analyses per second (prefill + decode, every operator):       \(Int(detailRate))
                whole requests per second (prefill + 100 000 decode steps, closed form): \(Int(generationRate))
                \(storeFigures.map { "storing one analyze run (2 schedules, every operator): \(String(format: "%.2f", $0.storeMilliseconds)) ms\nruns list over \(Self.grouped(storeHistory)) runs (slowest of newest, --tag, --model, --label): \(String(format: "%.2f", $0.listMilliseconds)) ms\n" } ?? "")build: \(Self.buildConfiguration)\(Self.buildConfiguration == "debug" ? "  (use -c release for real figures)" : "")
                """)
        }
    }

    /// `--explore`: 250 frame counts x 4 merge ratios x 25 prune starts x 40 prune steps = 1 000 000
    /// AIM schedules of Qwen2-7B on the A100 under exact, with a TFLOPs budget. JSON key `schedulesPerSecond`.
    func runExplore() throws {
        let model = try ModelCatalog.preset(named: ModelCatalog.defaultPresetName)
        let hardware = try HardwareCatalog.profile(named: HardwareCatalog.defaultProfileName)
        let analyzer = try Analyzer(model: model, hardware: hardware, options: AnalysisOptions(convention: .exact))
        // Streamed as explore streams them: the product of the parameter lists, decoded per index.
        let sweep = MethodSweep(.aim(mergeIterations: WholeValues(Array(0...3)), pruneStarts: WholeValues(Array(0..<25)),
                                     pruneSteps: DecimalValues((1...40).map { Double($0) * 0.0125 }), alignment: .analyzer))
        let space = ExploreSpace(frames: Array(1...250), tokensPerFrame: 196, textTokens: 100,
                                 configurations: try MethodConfigurations([sweep]))
        let explorer = try Explorer(analyzers: [analyzer], space: space, budget: ExploreBudget(tflops: 50))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let single = explorer.run(threads: 1)
        let parallel = explorer.run(threads: cores)
        let document = ExploreBenchDocument(
            schedules: single.swept, schedulesPerSecond: Double(parallel.swept) / parallel.seconds,
            schedulesPerSecondOneThread: Double(single.swept) / single.seconds, secondsOneThread: single.seconds,
            secondsAllCores: parallel.seconds, cores: cores, frontierPoints: parallel.frontiers[0].count,
            buildConfiguration: Self.buildConfiguration)
        if format == .json {
            print(try JSONRenderer.encode(document), terminator: "")
        } else {
            print("""
                explore sweep of \(document.schedules) schedules (Qwen2-7B, 28 layers, exact, nvidia_A100, TFLOPs budget):
                  one thread: \(String(format: "%.2f", single.seconds)) s (\(Int(document.schedulesPerSecondOneThread)) schedules/s)
                  \(cores) cores: \(String(format: "%.2f", parallel.seconds)) s (\(Int(document.schedulesPerSecond)) schedules/s); frontier \(document.frontierPoints) points
                build: \(Self.buildConfiguration)\(Self.buildConfiguration == "debug" ? "  (use -c release for real figures)" : "")
                """)
        }
    }

    /// `--engine`: keys `matmulGflops` and `forwardSeconds` in JSON.
    func runEngine() throws {
        let result = try EngineBenchmark.run(seconds: seconds)
        if format == .json {
            print(try JSONRenderer.encode(EngineBenchDocument(result: result, buildConfiguration: Self.buildConfiguration)),
                  terminator: "")
        } else {
            print("""
                engine matmul, Float32 512x512x512, one thread: \(String(format: "%.1f", result.matmulGflops)) GFLOP/s
                engine forward pass (\(result.forwardModel), \(result.forwardPromptTokens) prompt tokens, merge + prune): \(String(format: "%.2f", result.forwardSeconds * 1e3)) ms
                build: \(Self.buildConfiguration)\(Self.buildConfiguration == "debug" ? "  (use -c release for real figures)" : "")
                """)
        }
    }

    /// Mean time to store a default analyze run (through the same writer `analyze` uses), and the
    /// slowest `runs list` query over `history` runs (100 000 unless a test asks for fewer).
    static func measureStore(model: ModelConfig, hardware: HardwareProfile, analyzer: Analyzer, history: Int)
        throws -> (storeMilliseconds: Double, listMilliseconds: Double) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aim-viewer-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let runStore = try RunStore(path: directory.appendingPathComponent("runs.sqlite").path)
        let baseline = try AIMScheduler.baseline(.paperDefault, layerCount: model.layerCount)
        let method = try AIMScheduler.schedule(.paperDefault, layerCount: model.layerCount)
        let spec = AIMOverheadSpec(.paperDefault)
        let content = RunContent(
            command: "analyze", commandLine: ["analyze"], toolVersion: AIMViewerVersion.current, label: nil, tags: ["bench"],
            model: model, hardware: hardware, options: analyzer.options, conventions: [analyzer.options.convention],
            workload: [], overheads: spec, generationLength: nil, outputFormat: "table",
            outputText: String(repeating: "x", count: 2000),
            schedules: [StoredSchedule(role: "baseline", label: "baseline", analysis: try analyzer.analyze(baseline)),
                        StoredSchedule(role: "method", label: "AIM", analysis: try analyzer.analyze(method, overheads: spec))])
        let runs = 50
        var id = ""
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<runs { id = try runStore.store(content) }
        let storeMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(runs)
        try runStore.insertCopiesForBenchmark(of: id, count: history - runs)
        var slowest = 0.0
        for filter in [RunFilter(), RunFilter(tag: "tag-7"), RunFilter(model: model.name), RunFilter(label: "label-42")] {
            let begin = DispatchTime.now().uptimeNanoseconds
            let listed = try runStore.list(filter)
            guard !listed.isEmpty else {
                throw StoreError.database(path: runStore.path, detail: "bench --store: listing found no run for \(filter)")
            }
            slowest = max(slowest, Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e6)
        }
        return (storeMilliseconds, slowest)
    }

    /// 100000 as "100 000".
    static func grouped(_ count: Int) -> String {
        var digits = String(count), groups: [String] = []
        while digits.count > 3 { groups.insert(String(digits.suffix(3)), at: 0); digits.removeLast(3) }
        return ([digits] + groups).joined(separator: " ")
    }

    /// Complete prefill analyses (totals path) per second on one thread.
    static func totalsRate(_ analyzer: Analyzer, _ counts: [Int], seconds: Double, checksum: inout Double) -> Double {
        var varied = counts
        var sum = 0.0
        let rate = measure(seconds: seconds) { iterations in
            for i in 0..<iterations {
                varied[0] = counts[0] + (i & 7)  // defeat hoisting of a loop-invariant call
                sum += analyzer.prefillTotals(tokensPerLayer: varied).seconds
            }
        }
        checksum += sum
        return rate
    }

    /// Runs `body` with growing batches until `seconds` have passed; returns iterations per second.
    static func measure(seconds: Double, _ body: (Int) -> Void) -> Double {
        var batch = 1
        var done = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        while elapsed < seconds {
            body(batch)
            done += batch
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if elapsed < seconds / 10 { batch *= 2 }
        }
        return Double(done) / elapsed
    }

    static var buildConfiguration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }
}

struct BenchResult: Encodable {
    var prefillAnalysesPerSecond: Double
    var llmViewerPrefillAnalysesPerSecond: Double
    var detailedAnalysesPerSecond: Double
    var generationAnalysesPerSecond: Double
    var layers: Int
    var model: String
    var hardware: String
    var buildConfiguration: String
    var checksum: Double
    var storeMillisecondsPerRun: Double?
    var listMillisecondsOver100kRuns: Double?
}

struct EngineBenchDocument: Encodable {
    var matmulGflops: Double
    var forwardSeconds: Double
    var forwardPromptTokens: Int
    var forwardModel: String
    var buildConfiguration: String

    init(result: EngineBenchmark.Result, buildConfiguration: String) {
        matmulGflops = result.matmulGflops
        forwardSeconds = result.forwardSeconds
        forwardPromptTokens = result.forwardPromptTokens
        forwardModel = result.forwardModel
        self.buildConfiguration = buildConfiguration
    }
}

struct ExploreBenchDocument: Encodable {
    var schedules: Int
    var schedulesPerSecond: Double
    var schedulesPerSecondOneThread: Double
    var secondsOneThread: Double
    var secondsAllCores: Double
    var cores: Int
    var frontierPoints: Int
    var buildConfiguration: String
}

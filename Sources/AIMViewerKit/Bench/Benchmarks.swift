import AIMCatalog
import AIMReference
import AIMStore
import AIMViewerCore
import Dispatch
import Foundation

/// `bench`: how fast the analyzer, the sweep, the store and the reference engine run on this
/// machine, measured on the paper's workload (Qwen2-7B on nvidia_A100).
public enum Benchmarks {
    /// Analyses per second (totals, detailed, whole requests) under both conventions, and with
    /// `storeHistory` the store's write and list times over that many runs. `preset` times another
    /// model on the same schedule (a windowed or latent-attention one on the same paths); the
    /// llm-viewer rate is 0 for a model that convention refuses.
    public static func analyzer(seconds: Double, storeHistory: Int?,
                                preset: String = ModelCatalog.defaultPresetName) throws -> BenchResult {
        let model = try ModelCatalog.preset(named: preset)
        let hardware = try HardwareCatalog.profile(named: HardwareCatalog.defaultProfileName)
        let analyzer = try Analyzer(model: model, hardware: hardware, options: AnalysisOptions(convention: .exact))
        let schedule = try AIMScheduler.schedule(.paperDefault, layerCount: model.layerCount)
        // The totals path trusts its caller; a model llm-viewer refuses on this schedule (latent
        // attention, a window shorter than the prompt) is refused here as the commands refuse it.
        var viewer = try? Analyzer(model: model, hardware: hardware, options: AnalysisOptions(convention: .llmViewer, skipMLPAdd: true))
        if (try? model.requireWithinAttentionWindow(tokensPerLayer: schedule.tokensPerLayer, decodeContextGrowth: 1)) == nil {
            viewer = nil
        }

        var checksum = 0.0
        let totalsRate = Self.totalsRate(analyzer, schedule.tokensPerLayer, seconds: seconds, checksum: &checksum)
        let viewerRate = viewer.map { Self.totalsRate($0, schedule.tokensPerLayer, seconds: seconds, checksum: &checksum) } ?? 0
        let detailRate = measure(seconds: seconds / 2) { iterations in
            for _ in 0..<iterations { checksum += try! analyzer.analyze(schedule).prefill.totals.seconds }
        }
        let generationRate = measure(seconds: seconds / 2) { iterations in
            for _ in 0..<iterations { checksum += try! analyzer.generation(schedule, steps: 100_000).totalSeconds }
        }
        let storeFigures = try storeHistory.map { try measureStore(model: model, hardware: hardware, analyzer: analyzer, history: $0) }
        return BenchResult(
            prefillAnalysesPerSecond: totalsRate, llmViewerPrefillAnalysesPerSecond: viewerRate,
            detailedAnalysesPerSecond: detailRate, generationAnalysesPerSecond: generationRate,
            layers: model.layerCount, model: model.name, hardware: hardware.name,
            buildConfiguration: buildConfiguration, checksum: checksum,
            storeMillisecondsPerRun: storeFigures?.storeMilliseconds,
            listMillisecondsOver100kRuns: storeFigures?.listMilliseconds)
    }

    /// 250 frame counts x 4 merge ratios x 25 prune starts x 40 prune steps = 1 000 000 AIM
    /// schedules of Qwen2-7B on the A100 under exact, with a TFLOPs budget, on one thread and all cores.
    public static func explore() throws -> ExploreBenchDocument {
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
        return ExploreBenchDocument(
            schedules: single.swept, schedulesPerSecond: Double(parallel.swept) / parallel.seconds,
            schedulesPerSecondOneThread: Double(single.swept) / single.seconds, secondsOneThread: single.seconds,
            secondsAllCores: parallel.seconds, cores: cores, frontierPoints: parallel.frontiers[0].count,
            buildConfiguration: buildConfiguration)
    }

    /// Mean time to store a default analyze run (through the same writer `analyze` uses), and the
    /// slowest `runs list` query over `history` runs (100 000 unless a test asks for fewer).
    public static func measureStore(model: ModelConfig, hardware: HardwareProfile, analyzer: Analyzer, history: Int)
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
    public static func grouped(_ count: Int) -> String {
        var digits = String(count), groups: [String] = []
        while digits.count > 3 { groups.insert(String(digits.suffix(3)), at: 0); digits.removeLast(3) }
        return ([digits] + groups).joined(separator: " ")
    }

    /// Complete prefill analyses (totals path) per second on one thread.
    public static func totalsRate(_ analyzer: Analyzer, _ counts: [Int], seconds: Double, checksum: inout Double) -> Double {
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
    public static func measure(seconds: Double, _ body: (Int) -> Void) -> Double {
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

    public static var buildConfiguration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }
}

public struct BenchResult: Encodable, Sendable {
    public var prefillAnalysesPerSecond: Double
    public var llmViewerPrefillAnalysesPerSecond: Double
    public var detailedAnalysesPerSecond: Double
    public var generationAnalysesPerSecond: Double
    public var layers: Int
    public var model: String
    public var hardware: String
    public var buildConfiguration: String
    public var checksum: Double
    public var storeMillisecondsPerRun: Double?
    public var listMillisecondsOver100kRuns: Double?

    public init(prefillAnalysesPerSecond: Double, llmViewerPrefillAnalysesPerSecond: Double, detailedAnalysesPerSecond: Double, generationAnalysesPerSecond: Double, layers: Int, model: String, hardware: String, buildConfiguration: String, checksum: Double, storeMillisecondsPerRun: Double?, listMillisecondsOver100kRuns: Double?) {
        self.prefillAnalysesPerSecond = prefillAnalysesPerSecond
        self.llmViewerPrefillAnalysesPerSecond = llmViewerPrefillAnalysesPerSecond
        self.detailedAnalysesPerSecond = detailedAnalysesPerSecond
        self.generationAnalysesPerSecond = generationAnalysesPerSecond
        self.layers = layers
        self.model = model
        self.hardware = hardware
        self.buildConfiguration = buildConfiguration
        self.checksum = checksum
        self.storeMillisecondsPerRun = storeMillisecondsPerRun
        self.listMillisecondsOver100kRuns = listMillisecondsOver100kRuns
    }
}

public struct EngineBenchDocument: Encodable, Sendable {
    public var matmulGflops: Double
    public var forwardSeconds: Double
    public var forwardPromptTokens: Int
    public var forwardModel: String
    public var buildConfiguration: String

    public init(result: EngineBenchmark.Result, buildConfiguration: String) {
        matmulGflops = result.matmulGflops
        forwardSeconds = result.forwardSeconds
        forwardPromptTokens = result.forwardPromptTokens
        forwardModel = result.forwardModel
        self.buildConfiguration = buildConfiguration
    }
}

public struct ExploreBenchDocument: Encodable, Sendable {
    public var schedules: Int
    public var schedulesPerSecond: Double
    public var schedulesPerSecondOneThread: Double
    public var secondsOneThread: Double
    public var secondsAllCores: Double
    public var cores: Int
    public var frontierPoints: Int
    public var buildConfiguration: String

    public init(schedules: Int, schedulesPerSecond: Double, schedulesPerSecondOneThread: Double, secondsOneThread: Double, secondsAllCores: Double, cores: Int, frontierPoints: Int, buildConfiguration: String) {
        self.schedules = schedules
        self.schedulesPerSecond = schedulesPerSecond
        self.schedulesPerSecondOneThread = schedulesPerSecondOneThread
        self.secondsOneThread = secondsOneThread
        self.secondsAllCores = secondsAllCores
        self.cores = cores
        self.frontierPoints = frontierPoints
        self.buildConfiguration = buildConfiguration
    }
}

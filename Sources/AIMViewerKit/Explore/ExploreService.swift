import AIMCatalog
import AIMReport
import AIMStore
import AIMViewerCore
import Foundation

/// `explore`: sweep schedules and methods against a budget.
public struct ExploreRequest: Sendable {
    public var model: ModelSource = .default
    public var hardware: [HardwareSource] = [.default]
    public var methods: [MethodKind] = [.aim]
    public var frames = WholeValues([AIMScheduleParameters.paperDefault.frames])
    /// `nil`: a multimodal model's own count per frame at `frameSize`, else the paper's 196.
    public var tokensPerFrame: Int?
    /// Frame size for a multimodal model's processor (`nil`: its resolution).
    public var frameSize: ImageSize?
    /// Add the model's vision side to every point's time (time to first token end to end).
    public var endToEnd = false
    /// The vision layers run in the end-to-end time (`nil`: all, as Hugging Face runs the tower);
    /// only with `endToEnd`, the only time the tower is priced.
    public var visionLayers: VisionLayerPolicy?
    public var textTokens = AIMScheduleParameters.paperDefault.textTokens
    public var parameters = MethodParameterValues()
    public var options = AnalysisOptions(convention: .exact)
    public var budget = ExploreBudget()
    public var costAxis: ExploreCost = .flops
    public var informationAxis: ExploreInformation = .tokenLayers
    /// With it: report the most frames each method fits in the budget.
    public var maximizeFrames = false
    /// Budget hits listed in JSON (the most informative).
    public var hitLimit = 20
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// `--engine`: every point's time (the budget in ms, the time axis) as this regime runs the prefill.
    public var engine: String?

    public init() {}
}

/// A sweep set up and checked (its size within `ExploreLimit`), ready to run.
public struct PreparedExplore: Sendable {
    public var request: ExploreRequest
    public var model: ModelConfig
    public var analyzers: [Analyzer]
    public var space: ExploreSpace
    public var explorer: Explorer
    /// What the vision side adds to the report (tokens per frame, LLM only or end to end).
    public var notes: [String] = []
    /// Schedules the sweep prices (targets × configurations × frame counts).
    public var total: Int { explorer.total }
    public var engine: EngineRegime?
}

public struct ExploreOutcome: Sendable {
    /// The leading answer analysed in full: what a stored run keeps beside the printed text.
    public struct Leading: Sendable {
        public var hardware: HardwareProfile
        public var schedule: StoredSchedule
        public var overheads: AIMOverheadSpec?
    }

    public var report: ExploreReport
    public var analyzers: [Analyzer]
    public var leading: Leading?
    public var budgetText: String { report.budgetText }
}

public enum ExploreService {
    /// Everything is counted and checked before anything is built, so an oversized sweep is refused
    /// at once (`ExploreLimit`), with its size and estimated time.
    public static func prepare(_ request: ExploreRequest) throws -> PreparedExplore {
        let model = try request.model.resolve()
        let profiles = try request.hardware.map { try $0.resolve() }
        let analyzers = try profiles.map { try Analyzer(model: model, hardware: $0, options: request.options) }
        let vision = try visionSide(request, model: model)
        let tokensPerFrame = vision.tokensPerFrame
        let sweeps = try request.methods.map {
            try request.parameters.sweep($0, layerCount: model.layerCount, tokensPerFrame: tokensPerFrame)
        }
        let engine = try request.engine.map { try EngineChoice.resolve($0, conventions: [request.options.convention]) }
        if engine != nil, request.endToEnd {
            throw RequestError(ParameterMessage { "no engine regime prices a vision tower, so the end-to-end sweep cannot be priced under \($0(.engine)); sweep the LLM alone, or drop \($0(.engine))" })
        }
        try ExploreLimit.check(targets: analyzers.count, configurations: sweeps.reduce(0) { $0 + $1.size },
                               frames: request.frames.count,
                               cores: min(request.threads, ProcessInfo.processInfo.activeProcessorCount), engine: engine != nil)
        let pricers = try engine.map { regime in try analyzers.map { try RegimePricer(regime: regime, analyzer: $0) } }
        let space = ExploreSpace(frames: Array(request.frames), tokensPerFrame: tokensPerFrame,
                                 textTokens: request.textTokens, configurations: try MethodConfigurations(sweeps))
        let layers = request.visionLayers ?? .all
        var notes = vision.notes
        var layerNote: String?
        let seconds = try vision.endToEnd.map { spec in
            try analyzers.map { analyzer in
                var byFrames: [Int: Double] = [:]
                for frames in Set(space.frames) {
                    let plan = try spec.plan(VisualInput(kind: .video, count: frames * vision.framesPerUnit, size: request.frameSize))
                    let analysis = try analyzer.analyzeVision(spec.tower, plan: plan, layers: layers, notes: [])
                    byFrames[frames] = analysis.totals.seconds
                    layerNote = layerNote ?? analysis.layerNote
                }
                return byFrames
            }
        }
        if let layerNote { notes.append("vision layers: \(layerNote)") }
        let explorer = try Explorer(analyzers: analyzers, space: space, budget: request.budget, costAxis: request.costAxis,
                                    informationAxis: request.informationAxis, hitLimit: request.hitLimit, visionSeconds: seconds,
                                    pricers: pricers)
        return PreparedExplore(request: request, model: model, analyzers: analyzers, space: space, explorer: explorer,
                               notes: notes, engine: engine)
    }

    /// A multimodal model's side of the sweep: its own tokens per frame (Qwen-VL: per two-frame
    /// group, so each explored frame is a group), and with `endToEnd` its tower to price per frame count.
    static func visionSide(_ request: ExploreRequest, model: ModelConfig) throws
        -> (tokensPerFrame: Int, framesPerUnit: Int, notes: [String], endToEnd: MultimodalSpec?) {
        guard let spec = model.vision else {
            if request.endToEnd {
                let name = model.name
                throw RequestError(ParameterMessage { _ in "the end-to-end sweep adds a vision side, and \(name) has none; choose a multimodal model (see `models list`)" })
            }
            if request.frameSize != nil {
                throw RequestError(ParameterMessage { "\($0(.frameSize)) sizes a multimodal model's frames; \(model.name) has no vision tower" })
            }
            if request.visionLayers != nil {
                throw RequestError(ParameterMessage { "\($0(.visionLayers)) chooses a multimodal model's tower layers; \(model.name) has no vision tower" })
            }
            return (request.tokensPerFrame ?? AIMScheduleParameters.paperDefault.tokensPerFrame, 1, [], nil)
        }
        let perUnit = spec.video == .temporalPatches ? spec.tower.temporalPatchSize : 1
        let plan: VisualPlan
        do {
            plan = try spec.plan(VisualInput(kind: .video, count: perUnit, size: request.frameSize))
        } catch let error as ModelConfigError {
            throw RequestError(ParameterMessage { _ in error.description })
        }
        var notes = ["frames: \(perUnit == 1 ? "each frame" : "each explored frame is a group of \(perUnit) frames,") \(plan.tokensPerUnit) tokens by the model's processor (\(plan.derivation))"]
        if let stated = request.tokensPerFrame, stated != plan.tokensPerUnit {
            notes.append("the LLM is priced on \(stated) tokens per frame as asked, not the processor's \(plan.tokensPerUnit)")
        }
        if request.visionLayers != nil, !request.endToEnd {
            throw RequestError(ParameterMessage { "\($0(.visionLayers)) chooses the tower layers in the end-to-end time, and the sweep prices the LLM only; add \($0(.endToEnd))" })
        }
        if request.endToEnd {
            guard request.options.convention == .exact else {
                throw RequestError(ParameterMessage { "the end-to-end sweep prices the vision side under the exact convention only; use \($0(.convention)) exact" })
            }
            notes.append("end to end: each time includes the \(spec.tower.name) tower and projector on its frames (time to first token)")
        } else {
            notes.append("LLM only: the vision tower and projector are not in these costs (--end-to-end adds their time)")
        }
        return (request.tokensPerFrame ?? plan.tokensPerUnit, perUnit, notes, request.endToEnd ? spec : nil)
    }

    /// Runs a prepared sweep; `progress` gets the points done so far, `shouldStop` ends it early
    /// with what was found (the result says it was interrupted).
    public static func run(_ prepared: PreparedExplore, progress: @escaping @Sendable (Int) -> Void = { _ in },
                           shouldStop: @escaping @Sendable () -> Bool = { false }) throws -> ExploreOutcome {
        let request = prepared.request
        let result = prepared.explorer.run(threads: request.threads, progress: progress, shouldStop: shouldStop)
        var report = ExploreReport(model: prepared.model, hardwareNames: prepared.analyzers.map(\.hardware.name),
                                   convention: request.options.convention, space: prepared.space, budget: request.budget,
                                   costAxis: request.costAxis, informationAxis: request.informationAxis,
                                   maximizeFrames: request.maximizeFrames, result: result)
        report.notes = prepared.notes
        if let engine = prepared.engine {
            report.engine = EngineRegimeSummary(engine)
            report.engineTargets = prepared.analyzers.map { HardwareComparer.engineTarget(engine, on: $0.hardware) }
        }
        report.endToEnd = prepared.explorer.visionSeconds != nil
        return ExploreOutcome(report: report, analyzers: prepared.analyzers,
                              leading: try leading(report, analyzers: prepared.analyzers))
    }

    /// The leading answer: the most frames (when maximising frames), else the best within the
    /// budget, else the cheapest; analysed in full.
    static func leading(_ report: ExploreReport, analyzers: [Analyzer]) throws -> ExploreOutcome.Leading? {
        let r = report.result
        let point = (report.maximizeFrames ? r.mostFramesPerMethod.first.flatMap { top($0, report) } : nil)
            ?? r.bestPerMethod.first.flatMap { top($0, report) }
            ?? r.cheapest.compactMap { $0 }.first
        guard let point else { return nil }
        let analyzer = analyzers[point.hardwareIndex]
        let preset = report.preset(point)
        let space = report.space
        let schedule = try preset.schedule(frames: point.frames, tokensPerFrame: space.tokensPerFrame,
                                           textTokens: space.textTokens, layerCount: analyzer.model.layerCount)
        let overheads = preset.overheads(frames: point.frames, tokensPerFrame: space.tokensPerFrame, textTokens: space.textTokens)
        let stored = StoredSchedule(role: "single", label: "\(preset.methodName) \(preset.parameterSummary) frames \(point.frames)",
                                    analysis: try analyzer.analyze(schedule, overheads: overheads))
        return ExploreOutcome.Leading(hardware: analyzer.hardware, schedule: stored, overheads: overheads)
    }

    /// The leading entry of a per-method table: the most frames, then the most information, then cheaper.
    static func top(_ byMethod: [String: ExplorePoint], _ report: ExploreReport) -> ExplorePoint? {
        byMethod.values.max { a, b in
            if a.frames != b.frames { return a.frames < b.frames }
            let (ia, ib) = (a.information(report.informationAxis), b.information(report.informationAxis))
            if ia != ib { return ia < ib }
            return a.cost(report.costAxis) > b.cost(report.costAxis)
        }
    }
}

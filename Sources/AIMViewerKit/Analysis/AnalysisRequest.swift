import AIMCatalog
import AIMViewerCore

/// Everything `analyze` prices: a model on a device, a schedule, the vision side, how to count.
public struct AnalysisRequest: Sendable {
    public var model: ModelSource = .default
    public var hardware: HardwareSource = .default
    public var schedule = ScheduleRequest()
    public var vision: VisionRequest?
    /// The options shared by every convention priced; `convention` is set per entry of `conventions`.
    public var options = AnalysisOptions(convention: .exact)
    /// The conventions to price, the first being the one reported (`[.exact, .llmViewer]`: both).
    public var conventions: [Convention] = [.exact]
    /// Also price a whole request: the prefill, then this many decode steps.
    public var generationLength: Int?
    /// `--engine`: price each schedule (and the request) as this engine regime runs it as well.
    public var engine: String?
    /// `--context`: the engine's decode step at this many cached entries per layer.
    public var decodeContext: Int?

    public init() {}

    /// The options of one convention.
    public func options(for convention: Convention) -> AnalysisOptions {
        var options = options
        options.convention = convention
        return options
    }
}

/// The inputs of one analysis, resolved once (model, device, schedules, vision side) and priced
/// under any convention.
public struct ResolvedWorkload: Sendable {
    public var model: ModelConfig
    public var hardware: HardwareProfile
    public var schedules: ResolvedSchedules
    /// The encoder and what it sees, when the request has a vision side.
    public var vision: ResolvedVision?
    /// Why a multimodal model's tower is not priced here (an explicit schedule names no images).
    public var visionNotPriced: String?

    public init(model: ModelConfig, hardware: HardwareProfile, schedules: ResolvedSchedules,
                vision: ResolvedVision? = nil) {
        self.model = model
        self.hardware = hardware
        self.schedules = schedules
        self.vision = vision
    }

    /// Resolves a request's model, device, vision side and schedules. The vision side decides the
    /// visual tokens per frame: a `--vision` preset's count must agree with a stated one; a
    /// model's own tower follows its processor's rules, and a stated count overrides them (noted).
    public init(_ request: AnalysisRequest) throws {
        model = try request.model.resolve()
        hardware = try request.hardware.resolve()
        var schedule = request.schedule
        let asked = request.vision ?? VisionRequest()
        if let tower = try asked.resolve() {
            if asked.namesInputs {
                throw RequestError(ParameterMessage {
                    "\($0(.vision)) \(tower.name) prices square frames at its own resolution; \($0(.images)), \($0(.imageSize)), \($0(.frameSize)) and \($0(.visionLayers)) apply to a multimodal model's own tower (drop \($0(.vision)))"
                })
            }
            if let stated = schedule.tokensPerFrame, stated != tower.tokensPerFrame {
                throw RequestError(ParameterMessage {
                    "\($0(.tokensPerFrame)) \(stated) disagrees with \($0(.vision)) \(tower.name), which hands \(tower.tokensPerFrame) tokens per frame to the LLM (\(tower.patchesPerFrame) patches, pooling stride \(tower.poolingStride)); drop \($0(.tokensPerFrame)) or change \($0(.visionPooling))"
                })
            }
            schedule.tokensPerFrame = tower.tokensPerFrame
            vision = ResolvedVision(tower: tower, frames: schedule.frames, plan: nil, layers: .all, notes: [])
        } else if let spec = model.vision {
            if asked.pooling != nil {
                throw RequestError(ParameterMessage { "\($0(.visionPooling)) applies to a \($0(.vision)) preset; \(spec.modelType) pools as its own processor does" })
            }
            if schedule.explicit != nil {
                if asked.namesInputs {
                    throw RequestError(ParameterMessage {
                        "an explicit token schedule (\($0(.tokens)), \($0(.tokensPerLayer)) or \($0(.scheduleFile))) gives the LLM's tokens directly; drop \($0(.images)), \($0(.imageSize)) and \($0(.frameSize)), or the schedule"
                    })
                }
                visionNotPriced = "vision tower not priced: an explicit token schedule names no images or frames (LLM only)"
            } else {
                let (resolved, units, tokens) = try Self.visionSide(spec, asked: asked, schedule: schedule)
                vision = resolved
                schedule.frames = units
                schedule.tokensPerFrame = tokens
                if let images = asked.images { schedule.visualUnit = images == 1 ? "image" : "images" }
                if spec.video == .temporalPatches, asked.images == nil { schedule.visualUnit = "frame groups" }
            }
        } else if asked.namesInputs {
            let name = model.name
            throw RequestError(ParameterMessage {
                "\(name) has no vision tower (its config has no vision_config), so \($0(.images)), \($0(.imageSize)), \($0(.frameSize)) and \($0(.visionLayers)) have nothing to price; choose a multimodal model (see `models list`) or \($0(.vision)) NAME"
            })
        }
        schedules = try schedule.resolve(for: model)
    }

    /// The model's own tower on the request's images or frames: the plan, the prompt units and the
    /// tokens per unit the LLM sees (`--tokens-per-frame` overriding the model's count).
    static func visionSide(_ spec: MultimodalSpec, asked: VisionRequest, schedule: ScheduleRequest) throws
        -> (ResolvedVision, units: Int, tokensPerUnit: Int) {
        if asked.images != nil, asked.frameSize != nil {
            throw RequestError(ParameterMessage { "\($0(.frameSize)) sizes video frames; with \($0(.images)) give \($0(.imageSize))" })
        }
        if asked.images == nil, asked.imageSize != nil {
            throw RequestError(ParameterMessage { "\($0(.imageSize)) needs \($0(.images)) N (without it the prompt is \($0(.frames)) video frames, sized by \($0(.frameSize)))" })
        }
        let input = asked.images.map { VisualInput(kind: .image, count: $0, size: asked.imageSize) }
            ?? VisualInput(kind: .video, count: schedule.frames, size: asked.frameSize)
        let plan: VisualPlan
        do {
            plan = try spec.plan(input)
        } catch let error as ModelConfigError {
            throw RequestError(ParameterMessage { _ in error.description })
        }
        var notes = [plan.derivation, "features: \(spec.featureSelection)"]
        var tokens = plan.tokensPerUnit
        if let stated = schedule.tokensPerFrame, stated != plan.tokensPerUnit {
            notes.append("the LLM is priced on \(stated) tokens per unit as asked, not the \(plan.tokensPerUnit) the processor gives")
            tokens = stated
        }
        let vision = ResolvedVision(tower: spec.tower, frames: input.count, plan: plan, layers: asked.layers, notes: notes)
        return (vision, plan.units, tokens)
    }

    /// The priced report under `options`. Under `exact`, the llm-viewer prefill of the same
    /// schedules rides along (when that convention can price this hardware) so the published
    /// figures stay visible.
    public func report(options: AnalysisOptions, generationLength: Int?, engine: EngineRegime? = nil,
                       decodeContext: Int? = nil) throws -> AnalysisReport {
        let analyzer = try Analyzer(model: model, hardware: hardware, options: options)
        let method = try analyzer.analyze(schedules.method, overheads: schedules.overheads)
        let baseline = try schedules.baseline.map { try analyzer.analyze($0) }
        let result: AnalysisReport.Result
        if let baseline {
            result = .comparison(methodLabel: schedules.methodLabel, ScheduleComparison(baseline: baseline, method: method))
        } else {
            result = .single(label: schedules.methodLabel, method)
        }
        let analyses = [baseline, method].compactMap { $0 }
        let pricer = try engine.map { try RegimePricer(regime: $0, analyzer: analyzer) }
        let generations: [GenerationAnalysis] = try generationLength.map { steps in
            try analyses.map { analysis -> GenerationAnalysis in
                var generation = try analyzer.generation(after: analysis, steps: steps)
                generation.calibrated = try pricer?.generation(after: analysis, outputTokens: steps)
                return generation
            }
        } ?? []
        var reference: [CostTotals] = []
        if options.convention == .exact {
            var viewerOptions = options
            viewerOptions.convention = .llmViewer
            // Only where LLM-Viewer's formulas hold: not for a model it refuses, nor beyond a window.
            let withinWindows = analyses.allSatisfy {
                (try? model.requireWithinAttentionWindow(tokensPerLayer: $0.schedule.tokensPerLayer, decodeContextGrowth: 0)) != nil
            }
            if withinWindows, let viewer = try? Analyzer(model: model, hardware: hardware, options: viewerOptions) {
                reference = analyses.map { viewer.prefillTotals(tokensPerLayer: $0.schedule.tokensPerLayer) }
            }
        }
        let visionAnalysis = try vision.flatMap { vision -> VisionAnalysis? in
            guard options.convention == .exact else { return nil }
            guard let plan = vision.plan else { return try analyzer.analyzeVision(vision.tower, frames: vision.frames) }
            return try analyzer.analyzeVision(vision.tower, plan: plan, layers: vision.layers, notes: vision.notes)
        }
        var workload = schedules.workload
        if let visionNotPriced { workload.append(visionNotPriced) }
        if let vision, vision.plan != nil {
            workload.append("vision: \(vision.tower.name), \(vision.tower.projector.summary); " + vision.notes.joined(separator: "; "))
            if options.convention != .exact {
                workload.append("vision tower not priced under \(options.convention.rawValue) (it has no vision encoder): LLM only")
            }
        }
        var report = AnalysisReport(model: model, hardware: hardware, options: options, workload: workload,
                                    result: result, generations: generations, llmViewerReference: reference,
                                    vision: visionAnalysis, calibrated: analyses.compactMap(analyzer.calibratedEstimate),
                                    memoryFit: memoryFit(analyses, generations, options: options, steps: generationLength))
        if let pricer { report.engine = analyses.map { pricer.estimate($0, decodeContext: decodeContext) } }
        return report
    }

    /// The largest footprint of the priced schedules against the device, with the smallest `--tp`
    /// that fits when it does not (the search `compare` makes).
    func memoryFit(_ analyses: [PassAnalysis], _ generations: [GenerationAnalysis], options: AnalysisOptions,
                   steps: Int?) -> MemoryFit? {
        guard let capacity = hardware.memoryCapacityBytes else { return nil }
        let peaks = analyses.enumerated().map { index, analysis in
            index < generations.count ? HardwareComparer.peakFootprint(analysis, generations[index])
                : max(analysis.prefill.memoryFootprint.totalBytes, analysis.decode.memoryFootprint.totalBytes)
        }
        let peak = peaks.max() ?? 0
        guard peak > capacity else { return MemoryFit(peakFootprintBytes: peak, capacityBytes: capacity, smallestFittingTensorParallel: nil) }
        let workload = HardwareComparer.Workload(
            model: model, options: options, baseline: schedules.baseline, method: schedules.method,
            methodLabel: schedules.methodLabel, overheads: schedules.overheads, generationLength: steps ?? 0)
        return MemoryFit(peakFootprintBytes: peak, capacityBytes: capacity,
                         smallestFittingTensorParallel: HardwareComparer.smallestFittingTensorParallel(workload, hardware, capacity: capacity))
    }
}

/// `analyze`: one report per convention asked for, the first being the one reported.
public struct AnalysisOutcome: Sendable {
    public var workload: ResolvedWorkload
    public var reports: [AnalysisReport]
}

public enum AnalysisService {
    public static func analyze(_ request: AnalysisRequest) throws -> AnalysisOutcome {
        let workload = try ResolvedWorkload(request)
        if workload.vision?.plan == nil, workload.vision != nil, !request.conventions.contains(.exact) {
            throw RequestError(ParameterMessage {
                "\($0(.vision)) is priced under the exact convention only (LLM-Viewer has no vision encoder); use \($0(.convention)) exact or both"
            })
        }
        let engine = try request.engine.map { try resolveEngine($0, request) }
        if let context = request.decodeContext {
            guard engine != nil else {
                throw RequestError(ParameterMessage { "\($0(.decodeContext)) prices the engine's decode step at that context; give \($0(.engine)) too" })
            }
            guard (1...10_000_000).contains(context) else {
                throw RequestError(ParameterMessage { "\($0(.decodeContext)) must be between 1 and 10000000, got \(context)" })
            }
            try workload.model.requireWithinAttentionWindow(largestPrompt: context)
        }
        let reports = try request.conventions.map {
            try workload.report(options: request.options(for: $0), generationLength: request.generationLength,
                                engine: $0 == .exact ? engine : nil, decodeContext: request.decodeContext)
        }
        return AnalysisOutcome(workload: workload, reports: reports)
    }

    /// The regime `--engine` names; it prices the exact convention's counts.
    static func resolveEngine(_ name: String, _ request: AnalysisRequest) throws -> EngineRegime {
        try EngineChoice.resolve(name, conventions: request.conventions)
    }
}

/// `--engine NAME` for every command that prices time: the regime, refused by name when unknown or
/// when no priced convention is `exact` (a regime prices the exact convention's counts).
public enum EngineChoice {
    public static func resolve(_ name: String, conventions: [Convention]) throws -> EngineRegime {
        guard conventions.contains(.exact) else {
            throw RequestError(ParameterMessage { "\($0(.engine)) prices the exact convention's counts; use \($0(.convention)) exact or both" })
        }
        guard EngineRegimeCatalog.names.contains(name.lowercased()) else {
            throw RequestError(ParameterMessage { "\($0(.engine)) '\(name)' is not a known engine regime (known: \(EngineRegimeCatalog.names.joined(separator: ", ")))" })
        }
        return try EngineRegimeCatalog.regime(named: name)
    }
}

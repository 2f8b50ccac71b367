/// One workload priced on several devices: what `aim-viewer compare` reports and stores.
public struct HardwareComparison: Sendable, Equatable, Codable {
    /// The devices, sorted by the method's prefill time (targets that could not be priced last).
    public var targets: [TargetResult]
    /// The target speedups are measured against: the first in the selection.
    public var referenceName: String
    /// How the reference came first (`nil` in runs stored before it was recorded).
    public var referenceChoice: ReferenceChoice?
    /// Decode steps priced per request (tokens/s, decode time per token, energy).
    public var generationLength: Int
    public var methodLabel: String
    public var baselineLabel: String?
    /// `true` when each prefill time includes the vision side (encoder and projector): the time to
    /// first token end to end; `nil` for the LLM alone.
    public var visionIncluded: Bool?
    /// The engine regime each device was also priced with (`compare --engine`).
    public var engine: EngineRegimeSummary?

    /// Whether the user put the reference first, or a selection (`all`, a vendor, a tag, the
    /// defaults) did: a report says "the first named" only in the first case.
    public enum ReferenceChoice: String, Sendable, Equatable, Codable {
        case named
        case firstOfSelection = "first-of-selection"
        case firstOfDefaults = "first-of-defaults"
    }

    /// One device's row.
    public struct TargetResult: Sendable, Equatable, Codable {
        public var hardware: String
        public var displayName: String?
        /// Position on the command line (0 = the reference).
        public var requestedIndex: Int
        public var precision: String?
        /// Baseline first when a method is compared.
        public var schedules: [ScheduleResult]
        /// The reference's method prefill time over this one's.
        public var speedupVersusReference: Double?
        public var memoryCapacityBytes: Double?
        /// `nil` when the profile states no capacity.
        public var fits: Bool?
        /// The smallest tensor-parallel degree whose per-device footprint fits, when `fits` is false.
        public var smallestFittingTensorParallel: Int?
        public var thermalDesignPowerWatts: Double?
        /// Why the target could not be priced (a missing peak for this precision, ...); the row says so.
        public var error: String?
        /// The vision side's time on this device, included in every schedule's prefill when priced.
        public var visionSeconds: Double?
        /// With an engine regime (`compare --engine`): fitted or transferred, or why not priced.
        public var engine: EngineTarget?

        public var method: ScheduleResult? { schedules.last }
    }

    /// One schedule on one device.
    public struct ScheduleResult: Sendable, Equatable, Codable {
        public var label: String
        public var prefillSeconds: Double
        public var prefillOps: Double
        /// Mean over the generated tokens.
        public var decodeSecondsPerToken: Double
        /// Generated tokens per second of decoding alone (all sequences of the batch over the decode
        /// time): the inverse of the mean decode step, times the batch.
        public var decodeTokensPerSecond: Double
        /// Generated tokens (all sequences) over the whole request, prefill included: the end-to-end
        /// output throughput. `nil` in runs stored before it was recorded.
        public var outputTokensPerSecond: Double?
        /// Share of the prefill's roofline time spent in compute-bound operators (the rest is memory-
        /// or interconnect-bound).
        public var prefillComputeBoundShare: Double
        /// The same for one decode step at the prompt's context.
        public var decodeComputeBoundShare: Double
        /// Largest per-device footprint over the request (KV cache grown by every generated token).
        public var peakFootprintBytes: Double
        /// Prefill plus decoding, seconds.
        public var requestSeconds: Double
        /// `requestSeconds · TDP`: an upper bound, as a device rarely draws its full board power.
        public var energyJoulesUpperBound: Double?
        /// When the profile has a `calibration` block: the calibrated prefill and one calibrated decode
        /// step at the prompt's context, beside the pure roofline figures above.
        public var calibratedPrefillSeconds: Double?
        public var calibratedDecodeStepSeconds: Double?
        /// With an engine regime: the request as the regime runs it (time to first token, time per
        /// output token, total, tokens per second for the system and per device).
        public var engine: CalibratedGeneration?
    }
}

/// The vision side a comparison adds to each device's prefill: a tower on its plan (a model's own
/// processing) or on square frames (a `--vision` preset).
public struct VisionWorkload: Sendable {
    public var tower: VisionTower
    public var frames: Int
    public var plan: VisualPlan?
    public var layers: VisionLayerPolicy

    public init(tower: VisionTower, frames: Int, plan: VisualPlan?, layers: VisionLayerPolicy) {
        self.tower = tower
        self.frames = frames
        self.plan = plan
        self.layers = layers
    }

    func analyze(with analyzer: Analyzer) throws -> VisionAnalysis {
        guard let plan else { return try analyzer.analyzeVision(tower, frames: frames) }
        return try analyzer.analyzeVision(tower, plan: plan, layers: layers, notes: [])
    }
}

/// Prices one workload on every target.
public enum HardwareComparer {
    public struct Workload: Sendable {
        public var model: ModelConfig
        public var options: AnalysisOptions
        public var baseline: TokenSchedule?
        public var method: TokenSchedule
        public var methodLabel: String
        public var overheads: AIMOverheadSpec?
        public var generationLength: Int
        /// With it, each device also prices the vision side and adds it to the prefill (end to end).
        public var vision: VisionWorkload?
        /// With it, each device's request is also priced as this engine regime runs it.
        public var engine: EngineRegime?

        public init(model: ModelConfig, options: AnalysisOptions, baseline: TokenSchedule?, method: TokenSchedule,
                    methodLabel: String, overheads: AIMOverheadSpec?, generationLength: Int, vision: VisionWorkload? = nil,
                    engine: EngineRegime? = nil) {
            self.vision = vision
            self.engine = engine
            self.model = model
            self.options = options
            self.baseline = baseline
            self.method = method
            self.methodLabel = methodLabel
            self.overheads = overheads
            self.generationLength = generationLength
        }
    }

    /// Largest tensor-parallel degree tried when looking for one that fits.
    public static let largestTensorParallel = 64

    public static func compare(_ workload: Workload, on targets: [HardwareProfile]) throws -> HardwareComparison {
        guard !targets.isEmpty else { throw AnalysisError.invalidOption("compare needs at least one hardware target") }
        try workload.method.requireLayerCount(workload.model.layerCount, modelName: workload.model.name)
        var results = targets.enumerated().map { index, hardware in price(workload, on: hardware, index: index) }
        let reference = results[0].method?.prefillSeconds
        for index in results.indices {
            if let reference, let mine = results[index].method?.prefillSeconds, mine > 0 {
                results[index].speedupVersusReference = reference / mine
            }
        }
        results.sort { a, b in
            switch (a.method?.prefillSeconds, b.method?.prefillSeconds) {
            case let (x?, y?): return x != y ? x < y : a.requestedIndex < b.requestedIndex
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.requestedIndex < b.requestedIndex
            }
        }
        return HardwareComparison(targets: results, referenceName: targets[0].name,
                                  generationLength: workload.generationLength, methodLabel: workload.methodLabel,
                                  baselineLabel: workload.baseline == nil ? nil : "baseline",
                                  visionIncluded: workload.vision == nil ? nil : true,
                                  engine: workload.engine.map(EngineRegimeSummary.init))
    }

    static func price(_ workload: Workload, on hardware: HardwareProfile, index: Int) -> HardwareComparison.TargetResult {
        var result = HardwareComparison.TargetResult(
            hardware: hardware.name, displayName: hardware.displayName, requestedIndex: index, schedules: [],
            memoryCapacityBytes: hardware.memoryCapacityBytes, thermalDesignPowerWatts: hardware.thermalDesignPowerWatts)
        do {
            let analyzer = try Analyzer(model: workload.model, hardware: hardware, options: workload.options)
            result.precision = analyzer.roofline.precision.rawValue
            let visionSeconds = try workload.vision.map { try $0.analyze(with: analyzer).totals.seconds }
            result.visionSeconds = visionSeconds
            var pricer: RegimePricer?
            if let regime = workload.engine { (pricer, result.engine) = enginePricer(regime, analyzer: analyzer) }
            var priced: [(String, TokenSchedule, AIMOverheadSpec?)] = []
            if let baseline = workload.baseline { priced.append(("baseline", baseline, nil)) }
            priced.append((workload.methodLabel, workload.method, workload.overheads))
            result.schedules = try priced.map { label, schedule, overheads in
                try scheduleResult(label, schedule, overheads, analyzer: analyzer, workload: workload,
                                   visionSeconds: visionSeconds ?? 0, pricer: pricer)
            }
            if let capacity = hardware.memoryCapacityBytes {
                let peak = result.schedules.map(\.peakFootprintBytes).max() ?? 0
                result.fits = peak <= capacity
                if peak > capacity {
                    result.smallestFittingTensorParallel = smallestFittingTensorParallel(workload, hardware, capacity: capacity)
                }
            }
        } catch {
            result.error = "\(error)"
        }
        return result
    }

    static func scheduleResult(_ label: String, _ schedule: TokenSchedule, _ overheads: AIMOverheadSpec?,
                               analyzer: Analyzer, workload: Workload, visionSeconds: Double = 0,
                               pricer: RegimePricer? = nil) throws -> HardwareComparison.ScheduleResult {
        let analysis = try analyzer.analyze(schedule, overheads: overheads)
        let engine = try pricer?.generation(after: analysis, outputTokens: workload.generationLength)
        let generation = try analyzer.generation(after: analysis, steps: workload.generationLength)
        let steps = Double(workload.generationLength)
        let tdp = analyzer.hardware.thermalDesignPowerWatts
        let calibrated = analyzer.calibratedEstimate(analysis)
        return HardwareComparison.ScheduleResult(
            label: label, prefillSeconds: analysis.prefill.totals.seconds + visionSeconds, prefillOps: analysis.prefill.totals.cost.ops,
            decodeSecondsPerToken: steps > 0 ? generation.decode.seconds / steps : analysis.decode.totals.seconds,
            decodeTokensPerSecond: steps > 0 ? generation.decodeTokensPerSecond
                : Double(workload.options.batchSize) / analysis.decode.totals.seconds,
            outputTokensPerSecond: generation.tokensPerSecond,
            prefillComputeBoundShare: computeBoundShare(analysis.prefill),
            decodeComputeBoundShare: computeBoundShare(analysis.decode),
            peakFootprintBytes: peakFootprint(analysis, generation),
            requestSeconds: generation.totalSeconds + visionSeconds,
            energyJoulesUpperBound: tdp.map { $0 * (generation.totalSeconds + visionSeconds) * Double(workload.options.tensorParallel) },
            calibratedPrefillSeconds: calibrated?.prefill.seconds, calibratedDecodeStepSeconds: calibrated?.decode.seconds,
            engine: engine)
    }

    /// Prefill footprint, or the last decode step's with the cache grown by every generated token.
    public static func peakFootprint(_ analysis: PassAnalysis, _ generation: GenerationAnalysis) -> Double {
        let decode = analysis.decode.memoryFootprint
        let atEnd = decode.weightBytes + generation.kvCacheBytesAtEnd + decode.activationBytes
        return max(analysis.prefill.memoryFootprint.totalBytes, atEnd)
    }

    static func computeBoundShare(_ stage: StageAnalysis) -> Double {
        var compute = 0.0
        for layer in stage.layers { for op in layer.operators where op.bound == .compute { compute += op.seconds } }
        for op in stage.modelOperators where op.bound == .compute { compute += op.seconds }
        return stage.totals.seconds > 0 ? compute / stage.totals.seconds : 0
    }

    /// The smallest `--tp` (a power of two the model's sizes allow) whose per-device footprint fits.
    /// Only the footprint matters here, so a profile without an interconnect is still answered.
    public static func smallestFittingTensorParallel(_ workload: Workload, _ hardware: HardwareProfile, capacity: Double) -> Int? {
        var device = hardware
        if device.interconnectBandwidthBytesPerSecond == nil {
            device.interconnectBandwidthBytesPerSecond = device.memoryBandwidthBytesPerSecond
        }
        var t = workload.options.tensorParallel * 2
        while t <= largestTensorParallel {
            var options = workload.options
            options.tensorParallel = t
            if let analyzer = try? Analyzer(model: workload.model, hardware: device, options: options) {
                let schedules = [workload.baseline, workload.method].compactMap { $0 }
                let peaks = schedules.compactMap { schedule -> Double? in
                    guard let analysis = try? analyzer.analyze(schedule),
                          let generation = try? analyzer.generation(after: analysis, steps: workload.generationLength)
                    else { return nil }
                    return peakFootprint(analysis, generation)
                }
                if peaks.count == schedules.count, (peaks.max() ?? .infinity) <= capacity { return t }
            }
            t *= 2
        }
        return nil
    }
}

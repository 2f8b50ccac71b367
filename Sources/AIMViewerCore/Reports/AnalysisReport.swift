/// Everything a renderer needs: what was priced, and the priced result (one schedule, or a method
/// beside its baseline).
public struct AnalysisReport: Sendable {
    public enum Result: Sendable {
        case single(label: String, PassAnalysis)
        case comparison(methodLabel: String, ScheduleComparison)
    }

    public var model: ModelConfig
    public var hardware: HardwareProfile
    public var options: AnalysisOptions
    /// One line per fact about the workload (prompt layout, method parameters).
    public var workload: [String]
    public var result: Result
    /// With `--gen-len`: the whole request for each schedule, in `labelledAnalyses` order.
    public var generations: [GenerationAnalysis]
    /// Under `exact`: the same schedules' prefill under `llm-viewer`, so the published figures stay
    /// in sight (`labelledAnalyses` order).
    public var llmViewerReference: [CostTotals]
    /// With `--vision`: the encoder, projector and pooling before the LLM.
    public var vision: VisionAnalysis?
    /// When the profile has a `calibration`: each schedule's calibrated estimate (`labelledAnalyses`
    /// order), reported beside the pure roofline.
    public var calibrated: [CalibratedEstimate]
    /// The largest footprint against the device's capacity; `nil` when the profile states none.
    public var memoryFit: MemoryFit?
    /// With `--engine`: each schedule as that engine regime runs it (`labelledAnalyses` order).
    public var engine: [EngineEstimate] = []

    public init(model: ModelConfig, hardware: HardwareProfile, options: AnalysisOptions,
                workload: [String], result: Result, generations: [GenerationAnalysis] = [],
                llmViewerReference: [CostTotals] = [], vision: VisionAnalysis? = nil,
                calibrated: [CalibratedEstimate] = [], memoryFit: MemoryFit? = nil) {
        self.model = model
        self.hardware = hardware
        self.options = options
        self.workload = workload
        self.result = result
        self.generations = generations
        self.llmViewerReference = llmViewerReference
        self.vision = vision
        self.calibrated = calibrated
        self.memoryFit = memoryFit
    }

    /// The priced schedules with their labels, baseline first.
    public var labelledAnalyses: [(label: String, analysis: PassAnalysis)] {
        switch result {
        case let .single(label, analysis): return [(label, analysis)]
        case let .comparison(methodLabel, comparison):
            return [("baseline", comparison.baseline), (methodLabel, comparison.method)]
        }
    }

    /// One priced schedule with what rode along with it.
    public struct ScheduleEntry: Sendable {
        /// `baseline`, `method`, or `single`.
        public var role: String
        public var label: String
        public var analysis: PassAnalysis
        public var generation: GenerationAnalysis?
        public var llmViewerPrefill: CostTotals?
    }

    /// Every priced schedule, baseline first, paired with its generation and llm-viewer reference.
    public var entries: [ScheduleEntry] {
        labelledAnalyses.enumerated().map { index, item in
            let role: String
            switch result {
            case .single: role = "single"
            case .comparison: role = index == 0 ? "baseline" : "method"
            }
            return ScheduleEntry(
                role: role, label: item.label, analysis: item.analysis,
                generation: index < generations.count ? generations[index] : nil,
                llmViewerPrefill: index < llmViewerReference.count ? llmViewerReference[index] : nil)
        }
    }
}

/// A finished sweep with what is needed to describe it.
public struct ExploreReport: Sendable {
    public var model: ModelConfig
    public var hardwareNames: [String]
    public var convention: Convention
    public var space: ExploreSpace
    public var budget: ExploreBudget
    public var costAxis: ExploreCost
    public var informationAxis: ExploreInformation
    public var maximizeFrames: Bool
    public var result: ExploreResult
    /// Facts about the workload a multimodal model adds: its tokens per frame, and whether the
    /// times include its vision side.
    public var notes: [String] = []
    /// Under `--engine`: the regime every time was priced with, and per target fitted or transferred.
    public var engine: EngineRegimeSummary?
    public var engineTargets: [EngineTarget] = []
    /// The times are end to end (the vision side added to each prefill: time to first token).
    public var endToEnd = false

    public init(model: ModelConfig, hardwareNames: [String], convention: Convention, space: ExploreSpace,
                budget: ExploreBudget, costAxis: ExploreCost, informationAxis: ExploreInformation,
                maximizeFrames: Bool, result: ExploreResult) {
        self.model = model
        self.hardwareNames = hardwareNames
        self.convention = convention
        self.space = space
        self.budget = budget
        self.costAxis = costAxis
        self.informationAxis = informationAxis
        self.maximizeFrames = maximizeFrames
        self.result = result
    }

    /// The method configuration a point of the sweep priced.
    public func preset(_ point: ExplorePoint) -> MethodPreset { space.presets[point.presetIndex] }
}

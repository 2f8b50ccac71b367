/// A token schedule counted by a paper formula: per layer the tokens `n` it saw and its MACs, the
/// prefill total, and with a generation length the decode term. Counts only: a formula has no
/// bytes and no time. Everything is kept in MACs; `FLOPsUnit` converts when it is shown.
public struct PaperFLOPsAnalysis: Sendable, Equatable, Codable {
    public struct Layer: Sendable, Equatable, Codable {
        public var index: Int
        /// `n`: the tokens the formula saw at this layer (the schedule's count).
        public var tokens: Int
        public var prefillMACs: Double
        /// Σ over the generated tokens of this layer's decode term; `nil` without a generation length.
        public var decodeMACs: Double?
    }

    public var formula: PaperFormula
    public var dimensions: PaperDimensions
    public var layers: [Layer]
    /// Generated tokens priced by the decode term; `nil`: prefill only.
    public var generationLength: Int?

    /// The most generated tokens priced, as for the analyzer's `generation`.
    public static let maximumGenerationLength = 1_000_000_000

    public init(formula: PaperFormula, schedule: TokenSchedule, model: ModelConfig, generationLength: Int? = nil) throws {
        try schedule.requireLayerCount(model.layerCount, modelName: model.name)
        try self.init(formula: formula, schedule: schedule, dimensions: PaperDimensions(model, formula: formula),
                      generationLength: generationLength)
    }

    /// The formula over `schedule` (one count per layer of `dimensions`).
    public init(formula: PaperFormula, schedule: TokenSchedule, dimensions: PaperDimensions, generationLength: Int? = nil) throws {
        if let generationLength, !(0...Self.maximumGenerationLength).contains(generationLength) {
            let limit = Self.maximumGenerationLength
            throw AnalysisError.invalid(ParameterMessage {
                "\($0(.generationLength)) must be between 0 and \(limit), got \(generationLength)"
            })
        }
        guard schedule.layerCount == dimensions.layerCount else {
            throw ScheduleError.wrongLength(scheduleLayers: schedule.layerCount, modelLayers: dimensions.layerCount, model: "the model")
        }
        self.formula = formula
        self.dimensions = dimensions
        self.generationLength = generationLength
        layers = schedule.tokensPerLayer.enumerated().map { index, tokens in
            Layer(index: index, tokens: tokens, prefillMACs: formula.prefillMACs(tokens: tokens, dimensions),
                  decodeMACs: generationLength.map { formula.decodeMACs(prefillTokens: tokens, generated: $0, dimensions) })
        }
    }

    /// The counts the formula saw, one per layer.
    public var tokensPerLayer: [Int] { layers.map(\.tokens) }

    /// `tokensPerLayer` folded into runs of equal counts.
    public var tokenRuns: [TokenRun] { TokenRun.runs(tokensPerLayer) }

    /// Σ over the layers of the prefill formula.
    public var prefillMACs: Double { layers.reduce(0) { $0 + $1.prefillMACs } }

    /// Σ over the layers and generated tokens of the decode term; `nil` without a generation length.
    public var decodeMACs: Double? {
        generationLength == nil ? nil : layers.reduce(0) { $0 + ($1.decodeMACs ?? 0) }
    }

    /// Prefill plus decode (the prefill alone without a generation length).
    public var totalMACs: Double { prefillMACs + (decodeMACs ?? 0) }
}

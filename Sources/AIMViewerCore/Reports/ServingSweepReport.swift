/// What `explore` prints for a serving sweep (`--batch`, `--tokens`, `--gen-len` or `--tp` given).
public struct ServingSweepReport: Sendable {
    public var model: ModelConfig
    public var hardwareNames: [String]
    public var options: AnalysisOptions
    public var promptLabels: [String]
    /// Each prompt's tokens at the first layer (what the sequence brings, before pruning).
    public var promptTokens: [Int]
    /// How the prompts were written (`6372 tokens`, `aim at 8...64 frames`).
    public var promptText: String
    public var batchSizes: [Int]
    public var tensorParallel: [Int]
    public var generationLengths: [Int]
    public var result: ServingSweepResult
    public var seconds: Double
    /// Under `--engine`: the regime every point's times and throughputs are priced with.
    public var engine: EngineRegimeSummary?

    public init(model: ModelConfig, hardwareNames: [String], options: AnalysisOptions, promptLabels: [String],
                promptTokens: [Int], promptText: String, batchSizes: [Int], tensorParallel: [Int], generationLengths: [Int],
                result: ServingSweepResult, seconds: Double, engine: EngineRegimeSummary? = nil) {
        self.engine = engine
        self.model = model
        self.hardwareNames = hardwareNames
        self.options = options
        self.promptLabels = promptLabels
        self.promptTokens = promptTokens
        self.promptText = promptText
        self.batchSizes = batchSizes
        self.tensorParallel = tensorParallel
        self.generationLengths = generationLengths
        self.result = result
        self.seconds = seconds
    }
}

import AIMViewerCore

/// One request the engine runs: `[system text | frames of visual features | question text]`, AIM's
/// merge (per frame, `mergeIterations` rounds) and prune (from `pruneStartLayer`, `pruneStep` per layer).
public struct EngineWorkload: Sendable, Equatable, Codable {
    public var frames: Int
    public var tokensPerFrame: Int
    public var systemTokens: Int
    public var questionTokens: Int
    public var mergeIterations: Int
    public var pruneStartLayer: Int
    public var pruneStep: Double
    public var pagerankIterations: Int
    public var temperature: Double
    public var seed: UInt64

    public init(frames: Int = 4, tokensPerFrame: Int = 196, systemTokens: Int = 14, questionTokens: Int = 18,
                mergeIterations: Int = 2, pruneStartLayer: Int, pruneStep: Double,
                pagerankIterations: Int = PageRankImportance.defaultIterations,
                temperature: Double = PageRankImportance.defaultTemperature, seed: UInt64 = 1) {
        self.frames = frames
        self.tokensPerFrame = tokensPerFrame
        self.systemTokens = systemTokens
        self.questionTokens = questionTokens
        self.mergeIterations = mergeIterations
        self.pruneStartLayer = pruneStartLayer
        self.pruneStep = pruneStep
        self.pagerankIterations = pagerankIterations
        self.temperature = temperature
        self.seed = seed
    }

    /// AIM's default (start 14, step 0.125 of 28 layers) scaled to `layerCount`: pruning starts at
    /// the same depth fraction and reaches text-only after the same fraction of the layers.
    public static func scaledDefault(layerCount: Int) -> EngineWorkload {
        let paper = AIMScheduleParameters.paperDefault
        let start = paper.pruneStartLayer * layerCount / 28
        let step = min(1, paper.pruneStep * 28 / Double(layerCount))
        return EngineWorkload(pruneStartLayer: start, pruneStep: step)
    }

    /// Dense N×N attention in Float32: beyond this the score matrix alone outgrows any machine.
    public static let maximumTokens = 65_536

    public var textTokens: Int { systemTokens + questionTokens }

    /// The same request as the analyzer's AIM parameters.
    public func scheduleParameters(alignment: PruneAlignment) -> AIMScheduleParameters {
        AIMScheduleParameters(frames: frames, tokensPerFrame: tokensPerFrame, textTokens: textTokens,
                              mergeIterations: mergeIterations, pruneStartLayer: pruneStartLayer,
                              pruneStep: pruneStep, alignment: alignment)
    }

    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw ReferenceError.invalidParameter(message) }
        }
        try require(frames >= 1, "--frames must be at least 1, got \(frames)")
        try require(tokensPerFrame >= 1, "--tokens-per-frame must be at least 1, got \(tokensPerFrame)")
        try require(systemTokens >= 0 && questionTokens >= 0, "text token counts must be 0 or more")
        try require(systemTokens <= Self.maximumTokens && questionTokens <= Self.maximumTokens,
                    "--system-tokens and --question-tokens must be at most \(Self.maximumTokens) each, got \(systemTokens) and \(questionTokens)")
        try require(mergeIterations >= 0, "--merge-iterations must be 0 or more, got \(mergeIterations)")
        try require(mergeIterations < Int.bitWidth - 1 && tokensPerFrame >> mergeIterations >= 1,
                    "--merge-iterations \(mergeIterations) asks for more merges than a frame of \(tokensPerFrame) tokens has (at most \(Int.bitWidth - 1 - tokensPerFrame.leadingZeroBitCount) rounds)")
        try require(pruneStartLayer >= 0, "--prune-start must be 0 or more, got \(pruneStartLayer)")
        try require(pruneStep.isFinite && pruneStep >= 0 && pruneStep <= 1, "--prune-step must be in [0, 1], got \(pruneStep)")
        try require(pagerankIterations >= 0 && pagerankIterations <= 100, "PageRank iterations must be in 0...100")
        try require(temperature.isFinite && temperature > 0, "the PageRank temperature must be positive, got \(temperature)")
        let visual = frames.multipliedReportingOverflow(by: tokensPerFrame)
        try require(!visual.overflow && visual.partialValue <= Self.maximumTokens && visual.partialValue + textTokens <= Self.maximumTokens,
                    "the engine runs at most 65 536 tokens (dense N×N attention); use fewer frames or tokens per frame")
    }
}

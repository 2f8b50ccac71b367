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
                pagerankIterations: Int = PageRankDefaults.iterations,
                temperature: Double = PageRankDefaults.temperature, seed: UInt64 = 1) {
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
}

import Foundation

/// Which layer a retention ratio takes effect at (aim-method.md, "The one-layer shift").
public enum PruneAlignment: String, Sendable, Codable, CaseIterable {
    /// The published analyzer: layer `l` itself sees `int(rho_l * V + P)` tokens (the paper's numbers).
    case analyzer
    /// The published model: rho_l is applied after layer `l`, so layer `l` sees the count of rho_(l-1).
    case model
}

/// The parameters of AIM's schedule: per-frame merging before the LLM, then progressive pruning.
public struct AIMScheduleParameters: Sendable, Equatable, Codable {
    public var frames: Int
    public var tokensPerFrame: Int
    public var textTokens: Int
    /// Bipartite merge iterations per frame (2 = the paper's 25% keep).
    public var mergeIterations: Int
    public var pruneStartLayer: Int
    /// Retention lost per layer from `pruneStartLayer` on (0 = no pruning).
    public var pruneStep: Double
    public var alignment: PruneAlignment

    /// The AIM paper's LLaVA-OneVision-7B video setting.
    public static let paperDefault = AIMScheduleParameters(
        frames: 32, tokensPerFrame: 196, textTokens: 100, mergeIterations: 2,
        pruneStartLayer: 14, pruneStep: 0.125, alignment: .analyzer)

    public init(
        frames: Int, tokensPerFrame: Int, textTokens: Int, mergeIterations: Int,
        pruneStartLayer: Int, pruneStep: Double, alignment: PruneAlignment
    ) {
        self.frames = frames
        self.tokensPerFrame = tokensPerFrame
        self.textTokens = textTokens
        self.mergeIterations = mergeIterations
        self.pruneStartLayer = pruneStartLayer
        self.pruneStep = pruneStep
        self.alignment = alignment
    }

    public func validate() throws {
        func require(_ condition: Bool, _ message: @escaping @Sendable ((RequestParameter) -> String) -> String) throws {
            if !condition { throw ScheduleError.invalid(ParameterMessage(message)) }
        }
        try require(frames > 0) { "\($0(.frames)) must be at least 1, got \(frames)" }
        try require(tokensPerFrame > 0) { "\($0(.tokensPerFrame)) must be at least 1, got \(tokensPerFrame)" }
        try require(textTokens >= 0) { "\($0(.textTokens)) must be 0 or more, got \(textTokens)" }
        try require(mergeIterations >= 0) { "\($0(.mergeIterations)) must be 0 or more, got \(mergeIterations)" }
        try require(mergeIterations <= 62) { "\($0(.mergeIterations)) must be at most 62, got \(mergeIterations)" }
        try require(pruneStartLayer >= 0) { "\($0(.pruneStart)) must be 0 or more, got \(pruneStartLayer)" }
        try require(pruneStep.isFinite && pruneStep >= 0 && pruneStep <= 1) { "\($0(.pruneStep)) must be between 0 and 1, got \(pruneStep)" }
        let limit = TokenSchedule.maximumTokensPerLayer
        try require(textTokens <= limit) { "\($0(.textTokens)) must be at most \(limit), got \(textTokens)" }
        let (product, overflow) = frames.multipliedReportingOverflow(by: tokensPerFrame)
        try require(!overflow && product <= limit - textTokens) { "the prompt (\($0(.frames)) \(frames) x \($0(.tokensPerFrame)) \(tokensPerFrame) + \($0(.textTokens)) \(textTokens)) is more than the \(limit) tokens a layer may see" }
    }

    /// Visual tokens entering the LLM after merging: `V`.
    public var visualTokensAfterMerge: Int {
        frames * AIMScheduler.mergedTokensPerFrame(tokensPerFrame, iterations: mergeIterations)
    }

    /// Visual tokens before merging (the baseline's `V`).
    public var visualTokensBeforeMerge: Int { frames * tokensPerFrame }
}

/// AIM's token counts, exactly as aim-method.md and the published code compute them.
public enum AIMScheduler {
    /// Tokens left in one frame of `tokensPerFrame` after `iterations` rounds of bipartite merging.
    /// Round `i` removes `floor(T / 2^i)` of the ORIGINAL count, capped at half the current count.
    public static func mergedTokensPerFrame(_ tokensPerFrame: Int, iterations: Int) -> Int {
        var current = tokensPerFrame
        for round in stride(from: 1, through: iterations, by: 1) {
            current -= min(tokensPerFrame >> round, current / 2)
        }
        return current
    }

    /// Merge iterations that keep `keep` of each frame: 1 → 0, 0.5 → 1, 0.25 → 2, ...
    public static func mergeIterations(forKeep keep: Double) throws -> Int {
        guard keep > 0, keep <= 1 else {
            throw ScheduleError.invalid(ParameterMessage { "\($0(.mergeKeep)) must be in (0, 1], got \(keep)" })
        }
        let iterations = (-log2(keep)).rounded()
        guard iterations <= 62, pow(2.0, -iterations) == keep else {
            throw ScheduleError.invalid(ParameterMessage { "\($0(.mergeKeep)) \(keep) is not reachable by bipartite merging, which halves a frame per iteration; use 1, 0.5, 0.25, 0.125, ... or \($0(.mergeIterations))" })
        }
        return Int(iterations)
    }

    /// Retention ratio of layer `layer`: 1 before `start`, then falling by `step` per layer to 0.
    @inline(__always)
    public static func retention(layer: Int, start: Int, step: Double) -> Double {
        guard layer >= start else { return 1.0 }
        return max(0.0, 1.0 - Double(layer - start + 1) * step)
    }

    /// `int(rho * V + P)`, evaluated in Double in this order as the published code does.
    @inline(__always)
    public static func tokenCount(retention: Double, visualTokens: Int, textTokens: Int) -> Int {
        Int(retention * Double(visualTokens) + Double(textTokens))
    }

    /// The per-layer schedule for a model with `layerCount` decoder layers.
    public static func schedule(_ parameters: AIMScheduleParameters, layerCount: Int) throws -> TokenSchedule {
        try parameters.validate()
        let visual = parameters.visualTokensAfterMerge
        let counts = (0..<layerCount).map { layer in
            tokensEnteringLayer(layer, visualTokens: visual, textTokens: parameters.textTokens,
                                start: parameters.pruneStartLayer, step: parameters.pruneStep, alignment: parameters.alignment)
        }
        return try TokenSchedule(tokensPerLayer: counts)
    }

    /// The tokens layer `layer` sees: `int(rho·V + P)` with the retention of this layer (analyzer
    /// alignment) or of the layer before it (model alignment; layer 0 sees everything).
    @inline(__always)
    public static func tokensEnteringLayer(_ layer: Int, visualTokens: Int, textTokens: Int, start: Int, step: Double,
                                           alignment: PruneAlignment) -> Int {
        let ruling = alignment == .analyzer ? layer : layer - 1
        let rho = ruling < 0 ? 1.0 : retention(layer: ruling, start: start, step: step)
        return tokenCount(retention: rho, visualTokens: visualTokens, textTokens: textTokens)
    }

    /// The unmerged, unpruned schedule for the same prompt.
    public static func baseline(_ parameters: AIMScheduleParameters, layerCount: Int) throws -> TokenSchedule {
        try parameters.validate()
        return try .uniform(tokens: parameters.visualTokensBeforeMerge + parameters.textTokens, layerCount: layerCount)
    }
}

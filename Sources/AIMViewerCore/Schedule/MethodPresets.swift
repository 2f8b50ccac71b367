/// The token-reduction methods AIM is compared with, each as a schedule shape (aim-method.md, "Other
/// methods as schedules"). Every count is `visual kept + P` with the visual part truncated toward
/// zero, so a preset never invents a fractional token.
public enum MethodPreset: Sendable, Equatable, Hashable {
    /// No reduction.
    case baseline
    /// AIM: merge each frame, then prune progressively (`AIMScheduler`).
    case aim(mergeIterations: Int, pruneStartLayer: Int, pruneStep: Double, alignment: PruneAlignment)
    /// FastV: all tokens for the first `k` layers, then `(1 − ratio)` of the visual tokens.
    case fastV(k: Int, ratio: Double)
    /// PyramidDrop: visual tokens multiplied by `lambda` at each boundary layer (8/16/24 of 32).
    case pyramidDrop(boundaries: [Int], lambda: Double)
    /// VTW: every visual token withdrawn from layer `layer` on.
    case visualTokenWithdrawal(layer: Int)
    /// LLaVA-PruMerge / VisionZip style: a constant number of visual tokens per frame before the LLM.
    case fixed(tokensPerFrame: Int)
    /// A uniform fraction of the visual tokens at every layer.
    case uniformKeep(ratio: Double)

    public var methodName: String { kind.rawValue }

    /// The parameters as `name value` pairs, the way the command line spells them.
    public var parameters: [(name: String, value: String)] {
        switch self {
        case .baseline: return []
        case let .aim(iterations, start, step, alignment):
            return [("merge-keep", Self.decimal(1 / Double(1 << min(iterations, 62)))), ("prune-start", "\(start)"),
                    ("prune-step", Self.decimal(step)), ("alignment", alignment.rawValue)]
        case let .fastV(k, ratio): return [("fastv-k", "\(k)"), ("fastv-ratio", Self.decimal(ratio))]
        case let .pyramidDrop(boundaries, lambda):
            return [("pdrop-layers", boundaries.map(String.init).joined(separator: ",")), ("pdrop-lambda", Self.decimal(lambda))]
        case let .visualTokenWithdrawal(layer): return [("vtw-layer", "\(layer)")]
        case let .fixed(perFrame): return [("fixed-tokens-per-frame", "\(perFrame)")]
        case let .uniformKeep(ratio): return [("keep-ratio", Self.decimal(ratio))]
        }
    }

    public var parameterSummary: String {
        parameters.map { "\($0.name) \($0.value)" }.joined(separator: ", ")
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// Rejects parameters outside their domain, naming the option.
    public func validate() throws {
        func require(_ condition: Bool, _ message: @escaping @Sendable ((RequestParameter) -> String) -> String) throws {
            if !condition { throw ScheduleError.invalid(ParameterMessage(message)) }
        }
        switch self {
        case .baseline: break
        case let .aim(iterations, start, step, _):
            try require((0...62).contains(iterations)) { "\($0(.mergeIterations)) must be in 0...62, got \(iterations)" }
            try require(start >= 0) { "\($0(.pruneStart)) must be 0 or more, got \(start)" }
            try require(step.isFinite && (0...1).contains(step)) { "\($0(.pruneStep)) must be in [0, 1], got \(step)" }
        case let .fastV(k, ratio):
            try require(k >= 0) { "\($0(.fastvK)) must be 0 or more, got \(k)" }
            try require(ratio.isFinite && (0...1).contains(ratio)) { "\($0(.fastvRatio)) must be in [0, 1], got \(ratio)" }
        case let .pyramidDrop(boundaries, lambda):
            try require(!boundaries.isEmpty) { "\($0(.pdropLayers)) needs at least one layer" }
            try require(boundaries.allSatisfy { $0 >= 0 }) { "\($0(.pdropLayers)) must be 0 or more" }
            try require(zip(boundaries, boundaries.dropFirst()).allSatisfy { $0 < $1 }) { "\($0(.pdropLayers)) must increase" }
            try require(lambda.isFinite && (0...1).contains(lambda)) { "\($0(.pdropLambda)) must be in [0, 1], got \(lambda)" }
        case let .visualTokenWithdrawal(layer):
            try require(layer >= 0) { "\($0(.vtwLayer)) must be 0 or more, got \(layer)" }
        case let .fixed(perFrame):
            try require(perFrame >= 0) { "\($0(.fixedTokensPerFrame)) must be 0 or more, got \(perFrame)" }
        case let .uniformKeep(ratio):
            try require(ratio.isFinite && (0...1).contains(ratio)) { "\($0(.keepRatio)) must be in [0, 1], got \(ratio)" }
        }
    }

    /// PyramidDrop's boundaries for a model of `layerCount` layers: 1/4, 1/2 and 3/4 of the depth
    /// (8, 16, 24 of LLaVA's 32).
    public static func pyramidDropBoundaries(layerCount: Int) -> [Int] {
        [layerCount / 4, layerCount / 2, 3 * layerCount / 4]
    }

    /// Each method's published default (aim-method.md), so `analyze --schedule` and `explore` agree.
    public enum Defaults {
        /// FastV: K = 2 layers see everything, then R = 50% of the visual tokens are dropped.
        public static let fastVK = 2
        public static let fastVRatio = 0.5
        /// PyramidDrop: λ = 0.5 at each boundary.
        public static let pyramidDropLambda = 0.5
        /// VTW: withdraw at half the depth.
        public static func withdrawalLayer(layerCount: Int) -> Int { layerCount / 2 }
        /// LLaVA-PruMerge: 32 of LLaVA's 576 patches, scaled to the frame.
        /// `⌊32·T / 576⌋` without forming `32·T`, so a huge `T` cannot overflow.
        public static func fixedTokensPerFrame(tokensPerFrame: Int) -> Int {
            max(1, tokensPerFrame / 576 * 32 + tokensPerFrame % 576 * 32 / 576)
        }
        /// uniform-keep: AIM's merge budget, a quarter of the visual tokens.
        public static let uniformKeepRatio = 0.25
    }

    /// Writes the tokens of every layer into `counts` (resized to `layerCount`) for a prompt of
    /// `frames × tokensPerFrame` visual tokens and `textTokens` text tokens. No allocation when
    /// `counts` already has the right size: the hot loop of `explore`.
    @inline(__always)
    public func fill(_ counts: inout [Int], frames: Int, tokensPerFrame: Int, textTokens p: Int, layerCount: Int) {
        if counts.count != layerCount { counts = [Int](repeating: 0, count: layerCount) }
        let visual = frames * tokensPerFrame
        switch self {
        case .baseline:
            for l in 0..<layerCount { counts[l] = visual + p }
        case let .aim(iterations, start, step, alignment):
            let merged = frames * AIMScheduler.mergedTokensPerFrame(tokensPerFrame, iterations: iterations)
            for l in 0..<layerCount {
                counts[l] = AIMScheduler.tokensEnteringLayer(l, visualTokens: merged, textTokens: p, start: start,
                                                             step: step, alignment: alignment)
            }
        case let .fastV(k, ratio):
            let kept = Int((1 - ratio) * Double(visual))
            for l in 0..<layerCount { counts[l] = (l < k ? visual : kept) + p }
        case let .pyramidDrop(boundaries, lambda):
            var factor = 1.0
            var next = 0
            for l in 0..<layerCount {
                while next < boundaries.count, boundaries[next] <= l {
                    factor *= lambda
                    next += 1
                }
                counts[l] = Int(Double(visual) * factor) + p
            }
        case let .visualTokenWithdrawal(layer):
            for l in 0..<layerCount { counts[l] = (l < layer ? visual : 0) + p }
        case let .fixed(perFrame):
            for l in 0..<layerCount { counts[l] = frames * min(perFrame, tokensPerFrame) + p }
        case let .uniformKeep(ratio):
            let kept = Int(ratio * Double(visual))
            for l in 0..<layerCount { counts[l] = kept + p }
        }
    }

    /// The schedule as a value.
    public func schedule(frames: Int, tokensPerFrame: Int, textTokens: Int, layerCount: Int) throws -> TokenSchedule {
        try validate()
        var counts: [Int] = []
        fill(&counts, frames: frames, tokensPerFrame: tokensPerFrame, textTokens: textTokens, layerCount: layerCount)
        return try TokenSchedule(tokensPerLayer: counts)
    }

    /// AIM's own work (merging before the LLM, PageRank inside it) that the `exact` convention prices.
    public func overheads(frames: Int, tokensPerFrame: Int, textTokens: Int) -> AIMOverheadSpec? {
        guard case let .aim(iterations, start, step, alignment) = self else { return nil }
        return AIMOverheadSpec(AIMScheduleParameters(
            frames: frames, tokensPerFrame: tokensPerFrame, textTokens: textTokens, mergeIterations: iterations,
            pruneStartLayer: start, pruneStep: step, alignment: alignment))
    }
}

/// The two phases of serving a request.
public enum Stage: String, Sendable, Codable, CaseIterable {
    case prefill, decode
}

/// What one layer processes in one forward step: `queryTokens` new tokens attending over
/// `contextTokens` keys. Prefill is `q = c = n_l`; one decode step is `q = 1`, `c` = the cache.
/// Every operator is written once over `(q, c)` (architecture.md).
public struct TokenStep: Sendable, Equatable {
    public var stage: Stage
    public var queryTokens: Int
    public var contextTokens: Int

    @inline(__always)
    public init(stage: Stage, queryTokens: Int, contextTokens: Int) {
        self.stage = stage
        self.queryTokens = queryTokens
        self.contextTokens = contextTokens
    }

    @inline(__always)
    public static func prefill(tokens: Int) -> TokenStep {
        TokenStep(stage: .prefill, queryTokens: tokens, contextTokens: tokens)
    }

    @inline(__always)
    public static func decode(context: Int) -> TokenStep {
        TokenStep(stage: .decode, queryTokens: 1, contextTokens: context)
    }
}

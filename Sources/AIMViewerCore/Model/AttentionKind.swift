/// How a model's attention shares its key/value heads and which layers are windowed, in the words
/// model cards use: what `models list` shows so users can tell an MQA model from a GQA one at a glance.
public enum AttentionKind: Sendable, Equatable {
    /// Every query head has its own key/value head.
    case multiHead
    /// Query heads share `keyValueHeads` groups.
    case groupedQuery(keyValueHeads: Int)
    /// One key/value head for all query heads.
    case multiQuery
    /// DeepSeek's multi-head latent attention: one compressed latent cached instead of K and V.
    case multiHeadLatent

    /// `MHA`, `GQA 8`, `MQA`.
    public var label: String {
        switch self {
        case .multiHead: return "MHA"
        case .groupedQuery(let groups): return "GQA \(groups)"
        case .multiQuery: return "MQA"
        case .multiHeadLatent: return "MLA"
        }
    }
}

extension ModelConfig {
    public var attentionKind: AttentionKind {
        if architecture.latentAttention != nil { return .multiHeadLatent }
        if keyValueHeads == attentionHeads { return .multiHead }
        if keyValueHeads == 1 { return .multiQuery }
        return .groupedQuery(keyValueHeads: keyValueHeads)
    }

    /// The kind, and the windowed layers of all when some are: `GQA 8, window 4096 21/42`.
    public var attentionSummary: String {
        var text = attentionKind.label
        if let window = architecture.attentionWindow, !window.layers.isEmpty {
            text += ", window \(window.tokens) \(window.layers.count)/\(layerCount)"
        }
        return text
    }
}

/// What sets one decoder layer apart from the others of the same model: its sliding window and
/// whether its MLP is routed. Built once per analyzer, so the per-layer hot loop reads one value.
struct LayerPlan: Sendable, Hashable {
    /// Keys one query attends at most; `.infinity` on a full-attention layer.
    var windowTokens: Double
    /// The MLP is the routed mixture of experts (else the dense `intermediate_size` MLP).
    var routed: Bool

    var windowed: Bool { windowTokens.isFinite }
}

extension ModelConfig {
    /// One plan per layer, in layer order.
    func layerPlans() -> [LayerPlan] {
        let window = architecture.attentionWindow
        let windowed = Set(window?.layers ?? [])
        let experts = architecture.experts
        let dense = Set(experts?.denseLayers ?? [])
        return (0..<layerCount).map { layer in
            LayerPlan(windowTokens: windowed.contains(layer) ? Double(window!.tokens) : .infinity,
                      routed: experts != nil && !dense.contains(layer))
        }
    }

    /// The keys layer `layer` holds in a rolling KV cache, or `nil` when it keeps every entry.
    public func attentionWindowTokens(layer: Int) -> Int? {
        guard let window = architecture.attentionWindow, window.layers.contains(layer) else { return nil }
        return window.tokens
    }
}

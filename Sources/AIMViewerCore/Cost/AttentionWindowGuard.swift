/// The `exact` convention prices sliding windows (`WindowedAttention`); LLM-Viewer has no formula
/// for them, so under the `llm-viewer` convention a windowed layer attending more keys than its
/// window would be overcounted (attention ops, KV cache, decode traffic) and such a request is
/// refused with the key named. Within the window the model computes full causal attention, which
/// is what LLM-Viewer prices, so those requests are priced as they are.
extension ModelConfig {
    /// Refuses when a windowed layer's context exceeds the window: `tokensPerLayer[l]` prefill
    /// tokens, then `decodeContextGrowth` more keys attended by the last decode step priced.
    public func requireWithinAttentionWindow(tokensPerLayer: [Int], decodeContextGrowth: Int) throws {
        guard let window = architecture.attentionWindow else { return }
        for layer in window.layers where layer < tokensPerLayer.count {
            let (context, overflow) = tokensPerLayer[layer].addingReportingOverflow(decodeContextGrowth)
            if overflow || context > window.tokens {
                throw windowError(window, layer: layer, context: overflow ? Int.max : context)
            }
        }
    }

    /// The same for a sweep, before it starts: every windowed layer might see `largestPrompt`.
    public func requireWithinAttentionWindow(largestPrompt: Int) throws {
        guard let window = architecture.attentionWindow, let layer = window.layers.first else { return }
        if largestPrompt + 1 > window.tokens { throw windowError(window, layer: layer, context: largestPrompt + 1) }
    }

    func windowError(_ window: AttentionWindow, layer: Int, context: Int) -> AnalysisError {
        let name = self.name
        return AnalysisError.invalid(ParameterMessage {
            "\(name) has sliding-window attention (\(window.key) \(window.tokens), \(window.summary)); layer \(layer) would attend \(context) keys, beyond its window, and LLM-Viewer has no formula for windowed attention (full attention would overcount attention and the KV cache). Use \($0(.convention)) exact, which prices the window, or at most \(window.tokens - 1) tokens per windowed layer (prompt plus generated tokens)"
        })
    }
}

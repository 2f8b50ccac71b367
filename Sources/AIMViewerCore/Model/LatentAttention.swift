/// DeepSeek-V2/V3's multi-head latent attention: keys and values are compressed into one latent of
/// `kvLoraRank` per token (plus `ropeHeadDim` shared rotary key channels), which is what the KV cache
/// holds; queries go through a low-rank bottleneck of `queryLoraRank` (or one direct projection).
///
/// Per head, a query/key has `nopeHeadDim + ropeHeadDim` channels and a value `valueHeadDim`.
public struct LatentAttention: Sendable, Equatable, Codable {
    /// `q_lora_rank`; `nil`: a direct `q_proj` (DeepSeek-V2-Lite).
    public var queryLoraRank: Int?
    /// `kv_lora_rank`: the cached latent's width.
    public var kvLoraRank: Int
    /// `qk_nope_head_dim`: query/key channels without rotary positions.
    public var nopeHeadDim: Int
    /// `qk_rope_head_dim`: rotary channels; the key's are shared by every head and cached.
    public var ropeHeadDim: Int
    /// `v_head_dim`.
    public var valueHeadDim: Int

    public init(queryLoraRank: Int?, kvLoraRank: Int, nopeHeadDim: Int, ropeHeadDim: Int, valueHeadDim: Int) {
        self.queryLoraRank = queryLoraRank
        self.kvLoraRank = kvLoraRank
        self.nopeHeadDim = nopeHeadDim
        self.ropeHeadDim = ropeHeadDim
        self.valueHeadDim = valueHeadDim
    }

    /// Query and key channels per head.
    public var queryKeyHeadDim: Int { nopeHeadDim + ropeHeadDim }
    /// KV-cache elements per token and layer: the latent and the shared rotary key.
    public var cachedElementsPerToken: Int { kvLoraRank + ropeHeadDim }

    /// Attention weights of one layer on one device holding `h` heads: `q_a_proj`, `q_a_layernorm`
    /// and `q_b_proj` (or `q_proj`), `kv_a_proj_with_mqa`, `kv_a_layernorm`, `kv_b_proj`, `o_proj`.
    /// The latent projections are replicated under tensor parallelism, the per-head ones split.
    public func weights(hidden d: Double, headsPerDevice h: Double) -> Double {
        let queryKey = Double(queryKeyHeadDim), latent = Double(kvLoraRank)
        let query = queryLoraRank.map { rank in d * Double(rank) + Double(rank) + Double(rank) * h * queryKey }
            ?? d * h * queryKey
        let keyValue = d * Double(cachedElementsPerToken) + latent + latent * h * Double(nopeHeadDim + valueHeadDim)
        return query + keyValue + h * Double(valueHeadDim) * d
    }

    /// `MLA (kv_lora_rank 512, q_lora_rank 1536)` for the architecture line.
    public var summary: String {
        "MLA (kv_lora_rank \(kvLoraRank), " + (queryLoraRank.map { "q_lora_rank \($0))" } ?? "direct q)")
    }
}

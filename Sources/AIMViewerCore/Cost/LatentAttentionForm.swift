/// How multi-head latent attention (DeepSeek-V2/V3) is computed; the KV cache holds the compressed
/// latent (`kv_lora_rank + qk_rope_head_dim` per token and layer) in every form.
public enum LatentAttentionForm: String, Sendable, Codable, CaseIterable {
    /// As inference engines run it (vLLM, SGLang, FlashMLA): the prefill decompresses K and V with
    /// `kv_b_proj` and runs ordinary attention (compute-bound, so the cheaper FLOPs win); a decode
    /// step absorbs `W_UK` into the query and `W_UV` into the output and attends the latent cache
    /// directly (memory-bound, so reading the small cache wins). The default.
    case engine
    /// Weight-absorbed latent attention in both stages.
    case absorbed
    /// Decompressed K/V in both stages: a decode step up-projects every cached latent again.
    case decompressed

    /// Whether `stage` attends the latent cache through absorbed weights.
    @inline(__always)
    public func absorbs(_ stage: Stage) -> Bool {
        switch self {
        case .engine: return stage == .decode
        case .absorbed: return true
        case .decompressed: return false
        }
    }
}

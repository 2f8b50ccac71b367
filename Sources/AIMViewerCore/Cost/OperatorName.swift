/// The operators of one decoder layer and the head, under LLM-Viewer's names so that results line up
/// with the published analyzer and with the reference engine's counters.
public enum OperatorName: String, Sendable, Codable, CaseIterable {
    case tokenMerge = "token_merge"
    case embedding
    case attnNorm = "attn_norm"
    case qProj = "q_proj"
    case kProj = "k_proj"
    case vProj = "v_proj"
    /// q, k and v from one fused GEMM (Phi-3's `qkv_proj`, `wqkv`, `W_pack`, `query_key_value`).
    case qkvProj = "qkv_proj"
    /// RMSNorm over each head of q and k (Qwen3, Gemma-3).
    case qkNorm = "qk_norm"
    // Multi-head latent attention (DeepSeek-V2/V3): low-rank query, the cached latent, and the
    // halves of kv_b_proj absorbed into the query and the output in the absorbed form.
    case qAProj = "q_a_proj"
    case qANorm = "q_a_norm"
    case qBProj = "q_b_proj"
    case kvAProj = "kv_a_proj"
    case kvANorm = "kv_a_norm"
    case kvBProj = "kv_b_proj"
    case ukAbsorb = "uk_absorb"
    case uvAbsorb = "uv_absorb"
    case rope
    case qkMatmul = "qk_matmul"
    case softmax
    case svMatmul = "sv_matmul"
    case fusedAttention = "fused_attention"
    case outProj = "out_proj"
    case attnAllReduce = "attn_all_reduce"
    /// Gemma's norm on the attention output before the residual add.
    case postAttnNorm = "post_attn_norm"
    case attnAdd = "attn_add"
    case mlpNorm = "mlp_norm"
    /// Mixture of experts: router logits, softmax and top-k choice.
    case router
    case gateProj = "gate_proj"
    case upProj = "up_proj"
    /// Gate and up from one fused GEMM (Phi-3's `gate_up_proj`, ChatGLM's `dense_h_to_4h`).
    case gateUpProj = "gate_up_proj"
    case mlpAct = "mlp_act"
    case downProj = "down_proj"
    /// Qwen2-MoE's shared expert with its sigmoid gate.
    case sharedExpert = "shared_expert"
    case mlpAllReduce = "mlp_all_reduce"
    /// Gemma's norm on the MLP output before the residual add.
    case postMLPNorm = "post_mlp_norm"
    case mlpAdd = "mlp_add"
    case pagerank
    case finalNorm = "final_norm"
    case lmHead = "lm_head"
    // The vision side (vision encoder layers reuse the layer names above).
    case patchEmbedding = "patch_embedding"
    case visionNorm = "vision_norm"
    case visionPooling = "vision_pooling"
    case projector
}

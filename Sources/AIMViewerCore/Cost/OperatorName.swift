/// The operators of one decoder layer and the head, under LLM-Viewer's names so that results line up
/// with the published analyzer and with the reference engine's counters.
public enum OperatorName: String, Sendable, Codable, CaseIterable {
    case tokenMerge = "token_merge"
    case embedding
    case attnNorm = "attn_norm"
    case qProj = "q_proj"
    case kProj = "k_proj"
    case vProj = "v_proj"
    case rope
    case qkMatmul = "qk_matmul"
    case softmax
    case svMatmul = "sv_matmul"
    case fusedAttention = "fused_attention"
    case outProj = "out_proj"
    case attnAllReduce = "attn_all_reduce"
    case attnAdd = "attn_add"
    case mlpNorm = "mlp_norm"
    /// Mixture of experts: router logits, softmax and top-k choice.
    case router
    case gateProj = "gate_proj"
    case upProj = "up_proj"
    case mlpAct = "mlp_act"
    case downProj = "down_proj"
    /// Qwen2-MoE's shared expert with its sigmoid gate.
    case sharedExpert = "shared_expert"
    case mlpAllReduce = "mlp_all_reduce"
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

/// Mechanisms later families add to the LLaMA layer, each priced by the `exact` convention where
/// the model runs it (ExactOperators) and counted in the weights (WeightInventory). All off is
/// the LLaMA layer.
public struct LayerMechanisms: Sendable, Equatable, Codable {
    /// RMSNorm over each head's query and key channels before RoPE (Qwen3's and Gemma-3's
    /// `q_norm`/`k_norm`): one weight vector of `head_dim` each, shared by the heads.
    public var queryKeyNorm: Bool
    /// A norm on the attention output and on the MLP output before each residual add (Gemma-2 and
    /// Gemma-3's `post_attention_layernorm` and `post_feedforward_layernorm`): four norms a layer.
    public var postNorms: Bool
    /// `cap · tanh(score / cap)` on every attention score before the softmax (Gemma-2's
    /// `attn_logit_softcapping`).
    public var attentionSoftCap: Double?
    /// The same on every logit of the head (`final_logit_softcapping`).
    public var finalLogitSoftCap: Double?
    /// Embeddings multiplied by `sqrt(hidden_size)` after the lookup (Gemma).
    public var embeddingScale: Bool
    /// ALiBi: a per-head linear bias on the scores by query-key distance instead of rotary
    /// positions (Baichuan-13B, Falcon with `alibi`).
    public var alibi: Bool
    /// q, k and v come out of one GEMM (Phi-3's `qkv_proj`, InternLM2's `wqkv`, Baichuan's
    /// `W_pack`, Falcon's and ChatGLM's `query_key_value`): the same cost as three, named as one.
    public var fusedQKV: Bool
    /// Gate and up come out of one GEMM (Phi-3's `gate_up_proj`, ChatGLM's `dense_h_to_4h`).
    public var fusedGateUp: Bool
    /// Attention and MLP read the same residual and add into it together (Falcon); with two norms
    /// (`new_decoder_architecture`) it costs what the sequential layer does, so it is stated only.
    public var parallelBlock: Bool

    public init(queryKeyNorm: Bool = false, postNorms: Bool = false, attentionSoftCap: Double? = nil,
                finalLogitSoftCap: Double? = nil, embeddingScale: Bool = false, alibi: Bool = false,
                fusedQKV: Bool = false, fusedGateUp: Bool = false, parallelBlock: Bool = false) {
        self.queryKeyNorm = queryKeyNorm
        self.postNorms = postNorms
        self.attentionSoftCap = attentionSoftCap
        self.finalLogitSoftCap = finalLogitSoftCap
        self.embeddingScale = embeddingScale
        self.alibi = alibi
        self.fusedQKV = fusedQKV
        self.fusedGateUp = fusedGateUp
        self.parallelBlock = parallelBlock
    }

    /// Whether any mechanism beyond the LLaMA layer is on.
    public var any: Bool { self != LayerMechanisms() }

    /// Report words for what is on: `q/k norms`, `post-norms`, `attention soft-cap 50`…
    var summaryParts: [String] {
        var parts: [String] = []
        if queryKeyNorm { parts.append("q/k norms") }
        if postNorms { parts.append("post-norms") }
        if let attentionSoftCap { parts.append("attention soft-cap \(Self.number(attentionSoftCap))") }
        if let finalLogitSoftCap { parts.append("logit soft-cap \(Self.number(finalLogitSoftCap))") }
        if embeddingScale { parts.append("scaled embeddings") }
        if alibi { parts.append("ALiBi") }
        if fusedQKV { parts.append("fused qkv") }
        if fusedGateUp { parts.append("fused gate/up") }
        return parts
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

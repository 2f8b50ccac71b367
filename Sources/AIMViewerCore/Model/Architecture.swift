import Foundation

/// How a transformer's layers are built, beyond their sizes: what the `exact` convention needs to
/// price GPT-2/GPT-3, OPT, GPT-J and GPT-NeoX layers and mixture-of-experts MLPs next to the
/// LLaMA/Qwen2 layer, and what the parameter count follows.
///
/// A config is read as one `Family`; the family fixes the defaults (norm, MLP, positions, biases)
/// and the config's own keys override what they state.
public struct Architecture: Sendable, Equatable, Codable {
    public enum Family: String, Sendable, Codable, CaseIterable {
        /// LLaMA, Qwen2, Mistral and their kin: RMSNorm, RoPE, gated SwiGLU, optional GQA.
        case llama
        /// GPT-2 and GPT-3: LayerNorm, learned positions, GELU MLP, biases everywhere, tied head.
        case gpt2
        /// OPT: as GPT-2 with ReLU, `ffn_dim`, and an optional embedding projection.
        case opt
        /// GPT-J: partial rotary (`rotary_dim`), one LayerNorm feeding attention and MLP in parallel.
        case gptj
        /// GPT-NeoX / Pythia: partial rotary (`rotary_pct`), two LayerNorms, parallel residual.
        case gptNeoX = "gpt_neox"
        /// Mixtral: LLaMA layers whose MLP is a routed mixture of experts.
        case mixtral
        /// Qwen2-MoE: routed experts plus a gated shared expert.
        case qwen2MoE = "qwen2_moe"
        /// Qwen3-MoE: routed experts (no shared one), RMSNorm on each head's q and k, explicit `head_dim`.
        case qwen3MoE = "qwen3_moe"
        /// DeepSeek-V2/V3: multi-head latent attention, routed plus shared experts after dense layers.
        case deepseek
        /// A vision transformer encoder (SigLIP, CLIP): bidirectional attention, LayerNorm, GELU MLP.
        case vit
        /// Gemma-2 and Gemma-3 text: GeGLU, four RMSNorms a layer, soft-capping, scaled embeddings,
        /// interleaved sliding-window and global layers, a tied head.
        case gemma
        /// Falcon: attention and a GELU MLP in parallel from one or two LayerNorms, multi-query or
        /// grouped KV, fused `query_key_value`, a tied head.
        case falcon
        /// ChatGLM2/3: RMSNorm, rotary on half of each head, multi-query groups, fused
        /// `query_key_value` with a bias, a fused SwiGLU `dense_h_to_4h`.
        case chatglm
    }

    public enum Norm: String, Sendable, Codable {
        case rmsNorm = "rms_norm", layerNorm = "layer_norm"
        /// LayerNorm without weight or bias (OLMo's non-parametric norm).
        case nonParametricLayerNorm = "non_parametric_layer_norm"

        /// `RMSNorm`, `LayerNorm`, `non-parametric LayerNorm`.
        public var displayName: String {
            switch self {
            case .rmsNorm: return "RMSNorm"
            case .layerNorm: return "LayerNorm"
            case .nonParametricLayerNorm: return "non-parametric LayerNorm"
            }
        }

        /// Weight (and bias) elements of one norm over `width` channels.
        public func weights(width: Double) -> Double {
            switch self {
            case .rmsNorm: return width
            case .layerNorm: return 2 * width
            case .nonParametricLayerNorm: return 0
            }
        }
    }
    public enum MLP: String, Sendable, Codable { case gated, plain }
    public enum Activation: String, Sendable, Codable { case silu, gelu, relu }

    public var family: Family
    public var norm: Norm
    public var mlp: MLP
    public var activation: Activation
    /// Rotated channels per head; `nil` for learned absolute positions (no RoPE operator).
    public var rotaryDimensions: Int?
    /// Rows of a learned position table (weights only; 0 with rotary positions).
    public var learnedPositions: Int
    /// One norm feeds both attention and MLP (GPT-J), so a layer has no `mlp_norm`.
    public var sharedNorm: Bool
    /// Each query attends only earlier positions (decoders); encoders attend all of them.
    public var causal: Bool
    /// Bias on the LM head (GPT-J).
    public var headBias: Bool
    /// OPT's `word_embed_proj_dim` when it differs from the width: embeddings live in this size and
    /// are projected in and out of the layers.
    public var embeddingProjection: Int?
    /// The routed MLP, when the model has one.
    public var experts: MixtureOfExperts?
    /// A norm after the last layer (OPT-350m's post-norm layout has none).
    public var finalNorm: Bool
    /// Sliding-window attention on some layers (Mistral's `sliding_window`, Qwen2's
    /// `use_sliding_window` from `max_window_layers` on); `nil`: every layer attends every earlier token.
    public var attentionWindow: AttentionWindow?
    /// What later families add to the layer (q/k norms, post-norms, soft-capping, ALiBi, fused projections).
    public var mechanisms: LayerMechanisms
    /// DeepSeek's multi-head latent attention in place of q/k/v projections; `nil` otherwise.
    public var latentAttention: LatentAttention?
    /// DeepSeek-V3's multi-token-prediction modules (`num_nextn_predict_layers`): counted apart.
    public var multiTokenPredictionLayers: Int

    public init(family: Family, norm: Norm, mlp: MLP, activation: Activation, rotaryDimensions: Int?,
                learnedPositions: Int = 0, sharedNorm: Bool = false, causal: Bool = true, headBias: Bool = false,
                embeddingProjection: Int? = nil, experts: MixtureOfExperts? = nil, finalNorm: Bool = true,
                attentionWindow: AttentionWindow? = nil, mechanisms: LayerMechanisms = LayerMechanisms(),
                latentAttention: LatentAttention? = nil, multiTokenPredictionLayers: Int = 0) {
        self.family = family
        self.norm = norm
        self.mlp = mlp
        self.activation = activation
        self.rotaryDimensions = rotaryDimensions
        self.learnedPositions = learnedPositions
        self.sharedNorm = sharedNorm
        self.causal = causal
        self.headBias = headBias
        self.embeddingProjection = embeddingProjection
        self.experts = experts
        self.finalNorm = finalNorm
        self.attentionWindow = attentionWindow
        self.mechanisms = mechanisms
        self.latentAttention = latentAttention
        self.multiTokenPredictionLayers = multiTokenPredictionLayers
    }

    private enum CodingKeys: String, CodingKey {
        case family, norm, mlp, activation, rotaryDimensions, learnedPositions, sharedNorm, causal, headBias
        case embeddingProjection, experts, finalNorm, attentionWindow, mechanisms, latentAttention, multiTokenPredictionLayers
    }

    /// `finalNorm` arrived after the first stored architectures: absent means present; absent
    /// `mechanisms` mean none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            family: try c.decode(Family.self, forKey: .family), norm: try c.decode(Norm.self, forKey: .norm),
            mlp: try c.decode(MLP.self, forKey: .mlp), activation: try c.decode(Activation.self, forKey: .activation),
            rotaryDimensions: try c.decodeIfPresent(Int.self, forKey: .rotaryDimensions),
            learnedPositions: try c.decode(Int.self, forKey: .learnedPositions), sharedNorm: try c.decode(Bool.self, forKey: .sharedNorm),
            causal: try c.decode(Bool.self, forKey: .causal), headBias: try c.decode(Bool.self, forKey: .headBias),
            embeddingProjection: try c.decodeIfPresent(Int.self, forKey: .embeddingProjection),
            experts: try c.decodeIfPresent(MixtureOfExperts.self, forKey: .experts),
            finalNorm: try c.decodeIfPresent(Bool.self, forKey: .finalNorm) ?? true,
            attentionWindow: try c.decodeIfPresent(AttentionWindow.self, forKey: .attentionWindow),
            mechanisms: try c.decodeIfPresent(LayerMechanisms.self, forKey: .mechanisms) ?? LayerMechanisms(),
            latentAttention: try c.decodeIfPresent(LatentAttention.self, forKey: .latentAttention),
            multiTokenPredictionLayers: try c.decodeIfPresent(Int.self, forKey: .multiTokenPredictionLayers) ?? 0)
    }

    /// Written like the synthesized form, with `mechanisms`, `latentAttention` and
    /// `multiTokenPredictionLayers` left out when unset, so the architectures of earlier families
    /// (and the runs that store them) read as before.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(family, forKey: .family)
        try c.encode(norm, forKey: .norm)
        try c.encode(mlp, forKey: .mlp)
        try c.encode(activation, forKey: .activation)
        try c.encodeIfPresent(rotaryDimensions, forKey: .rotaryDimensions)
        try c.encode(learnedPositions, forKey: .learnedPositions)
        try c.encode(sharedNorm, forKey: .sharedNorm)
        try c.encode(causal, forKey: .causal)
        try c.encode(headBias, forKey: .headBias)
        try c.encodeIfPresent(embeddingProjection, forKey: .embeddingProjection)
        try c.encodeIfPresent(experts, forKey: .experts)
        try c.encode(finalNorm, forKey: .finalNorm)
        try c.encodeIfPresent(attentionWindow, forKey: .attentionWindow)
        if mechanisms.any { try c.encode(mechanisms, forKey: .mechanisms) }
        try c.encodeIfPresent(latentAttention, forKey: .latentAttention)
        if multiTokenPredictionLayers > 0 { try c.encode(multiTokenPredictionLayers, forKey: .multiTokenPredictionLayers) }
    }

    /// The layer LLM-Viewer's formulas and the reference engine describe: a LLaMA-family layer
    /// (RMSNorm, gated MLP, rotary positions) with none of the later mechanisms.
    public var isPlainLLaMA: Bool {
        family == .llama && norm == .rmsNorm && mlp == .gated && rotaryDimensions != nil && !mechanisms.any
    }

    /// The LLaMA layer with full-width RoPE (`rotaryDimensions` is the head dimension).
    public static func llama(headDim: Int) -> Architecture {
        Architecture(family: .llama, norm: .rmsNorm, mlp: .gated, activation: .silu, rotaryDimensions: headDim)
    }

    /// One line for reports: `gptj (LayerNorm, GELU MLP, rotary 64/256, parallel)`.
    public func summary(headDim: Int) -> String {
        var parts: [String] = [norm.displayName]
        let act = ["silu": "SiLU", "gelu": "GELU", "relu": "ReLU"][activation.rawValue] ?? activation.rawValue
        parts.append(mlp == .gated ? "gated \(act) MLP" : "\(act) MLP")
        if let experts {
            var moe = "\(experts.expertsPerToken) of \(experts.expertCount) experts"
            if experts.sharedExpertIntermediateSize > 0 { moe += " + shared" }
            let dense = experts.denseLayers.count
            if dense > 0 { moe += " (\(dense) dense layer\(dense == 1 ? "" : "s"))" }
            parts.append(moe)
        }
        if let latentAttention { parts.append(latentAttention.summary) }
        if let rotaryDimensions {
            parts.append(rotaryDimensions == headDim ? "RoPE" : "RoPE \(rotaryDimensions)/\(headDim)")
        } else if !mechanisms.alibi {
            parts.append("learned positions")
        }
        if sharedNorm || mechanisms.parallelBlock { parts.append("parallel attention+MLP") }
        parts += mechanisms.summaryParts
        if let attentionWindow { parts.append(attentionWindow.summary) }
        if !causal { parts.append("bidirectional") }
        return "\(family.rawValue) (\(parts.joined(separator: ", ")))"
    }
}

/// A routed MLP: every token's router picks `expertsPerToken` of `expertCount` experts (each a gated
/// MLP of `expertIntermediateSize`); Qwen2-MoE adds a shared expert every token runs, scaled by a
/// sigmoid gate.
public struct MixtureOfExperts: Sendable, Equatable, Codable {
    public var expertCount: Int
    public var expertsPerToken: Int
    public var expertIntermediateSize: Int
    /// 0 without a shared expert.
    public var sharedExpertIntermediateSize: Int
    /// A `hidden → 1` sigmoid gate scales the shared expert's output (Qwen2-MoE).
    public var sharedExpertGate: Bool
    /// Layers whose MLP is dense (`intermediate_size`) instead of routed, ascending: DeepSeek's
    /// `first_k_dense_replace` / `moe_layer_freq`, Qwen-MoE's `mlp_only_layers` / `decoder_sparse_step`.
    public var denseLayers: [Int]
    /// One learned bias per expert added to the routing scores (DeepSeek-V3's `e_score_correction_bias`).
    public var routerBias: Bool

    public init(expertCount: Int, expertsPerToken: Int, expertIntermediateSize: Int,
                sharedExpertIntermediateSize: Int = 0, sharedExpertGate: Bool = false, denseLayers: [Int] = [],
                routerBias: Bool = false) {
        self.expertCount = expertCount
        self.expertsPerToken = expertsPerToken
        self.expertIntermediateSize = expertIntermediateSize
        self.sharedExpertIntermediateSize = sharedExpertIntermediateSize
        self.sharedExpertGate = sharedExpertGate
        self.denseLayers = denseLayers
        self.routerBias = routerBias
    }

    private enum CodingKeys: String, CodingKey {
        case expertCount, expertsPerToken, expertIntermediateSize, sharedExpertIntermediateSize, sharedExpertGate
        case denseLayers, routerBias
    }

    /// Stored runs from before dense layers and router biases read as every layer routed, no bias.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            expertCount: try c.decode(Int.self, forKey: .expertCount), expertsPerToken: try c.decode(Int.self, forKey: .expertsPerToken),
            expertIntermediateSize: try c.decode(Int.self, forKey: .expertIntermediateSize),
            sharedExpertIntermediateSize: try c.decode(Int.self, forKey: .sharedExpertIntermediateSize),
            sharedExpertGate: try c.decode(Bool.self, forKey: .sharedExpertGate),
            denseLayers: try c.decodeIfPresent([Int].self, forKey: .denseLayers) ?? [],
            routerBias: try c.decodeIfPresent(Bool.self, forKey: .routerBias) ?? false)
    }

    /// Written only when set, so the models stored and printed before them encode as they did.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(expertCount, forKey: .expertCount)
        try c.encode(expertsPerToken, forKey: .expertsPerToken)
        try c.encode(expertIntermediateSize, forKey: .expertIntermediateSize)
        try c.encode(sharedExpertIntermediateSize, forKey: .sharedExpertIntermediateSize)
        try c.encode(sharedExpertGate, forKey: .sharedExpertGate)
        if !denseLayers.isEmpty { try c.encode(denseLayers, forKey: .denseLayers) }
        if routerBias { try c.encode(routerBias, forKey: .routerBias) }
    }

    /// Distinct experts `routedTokens` token choices touch, in expectation under uniform routing:
    /// `E·(1 − (1 − k/E)^n)`. One token touches exactly `k`; a long prefill touches all `E`. This is
    /// how many experts' weights a step must read.
    public func expectedExpertsTouched(tokens n: Double) -> Double {
        guard n > 0 else { return 0 }
        let e = Double(expertCount), k = Double(expertsPerToken)
        if k >= e { return e }
        return e * (1 - Foundation.pow(1 - k / e, n))
    }
}

/// Sliding-window attention: a query on a windowed layer attends at most `tokens` keys (itself
/// and the `tokens − 1` before it), as Mistral's and Qwen2's `sliding_window` state.
public struct AttentionWindow: Sendable, Equatable, Codable {
    public var tokens: Int
    /// The windowed layers, ascending; the others attend every earlier token.
    public var layers: [Int]
    /// The config key that set it, named in every refusal.
    public var key: String

    public init(tokens: Int, layers: [Int], key: String) {
        self.tokens = tokens
        self.layers = layers
        self.key = key
    }

    /// `sliding window 4096 on layers 0-31`, `on layers 0, 2`, or `on 21 layers`.
    public var summary: String {
        guard let first = layers.first, let last = layers.last else { return "sliding window \(tokens) on no layer" }
        if layers.count == last - first + 1 { return "sliding window \(tokens) on layers \(first)-\(last)" }
        if layers.count <= 8 { return "sliding window \(tokens) on layers " + layers.map(String.init).joined(separator: ", ") }
        return "sliding window \(tokens) on \(layers.count) layers"
    }
}

/// The largest size a config may state for each dimension.
///
/// Far above any published model (the largest have about 130 layers, widths near 25 000, vocabularies
/// near 260 000 and 256 experts), yet small enough that every count the analyzer forms stays exact in
/// a Double and every per-layer array fits in memory. A config beyond them is a typo or a hostile
/// file; refusing it with the key and the limit beats allocating for minutes or crashing.
public enum ModelLimits {
    public static let layers = 10_000
    public static let width = 1 << 20
    public static let heads = 1 << 16
    public static let intermediate = 1 << 24
    public static let vocabulary = 1 << 24
    public static let experts = 1 << 16
    public static let positions = 1 << 31

    /// Every bounded key: the config key as Hugging Face names it, the value read, and its limit.
    static func checks(_ config: ModelConfig) -> [(key: String, value: Int, limit: Int)] {
        var checks: [(key: String, value: Int, limit: Int)] = [
            ("num_hidden_layers", config.layerCount, layers),
            ("hidden_size", config.hiddenSize, width),
            ("num_attention_heads", config.attentionHeads, heads),
            ("num_key_value_heads", config.keyValueHeads, heads),
            ("intermediate_size", config.intermediateSize, intermediate),
            ("vocab_size", config.vocabularySize, vocabulary),
        ]
        if let headDim = config.statedHeadDim { checks.append(("head_dim", headDim, width)) }
        if let projection = config.architecture.embeddingProjection { checks.append(("word_embed_proj_dim", projection, width)) }
        checks.append(("max_position_embeddings", config.architecture.learnedPositions, positions + 2))
        if let experts = config.architecture.experts {
            checks += [
                ("num_experts", experts.expertCount, self.experts),
                ("num_experts_per_tok", experts.expertsPerToken, self.experts),
                ("moe_intermediate_size", experts.expertIntermediateSize, intermediate),
                ("shared_expert_intermediate_size", experts.sharedExpertIntermediateSize, intermediate),
            ]
        }
        return checks
    }
}

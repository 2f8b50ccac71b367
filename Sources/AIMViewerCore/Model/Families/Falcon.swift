/// Falcon (`falcon`, and the older remote-code `RefinedWebModel` (7B) and `RefinedWeb` (40B) keys),
/// as `FalconModel` builds it: attention and a GELU MLP (`ffn_hidden_size`, 4x the width by default)
/// read the same residual in parallel, from one LayerNorm (7B) or two (`new_decoder_architecture`,
/// 40B/180B); one fused `query_key_value`; multi-query (`multi_query`) or grouped KV
/// (`num_kv_heads`); biases only with `bias`; rotary positions unless `alibi`; a tied head.
extension ConfigReader {
    func falcon() throws -> ModelConfig {
        let hidden = try reader.int("hidden_size"), heads = try reader.int("num_attention_heads")
        let newArchitecture = try reader.optionalBool("new_decoder_architecture") ?? (modelType == "RefinedWeb")
        let multiQuery = try reader.optionalBool("multi_query") ?? true
        let parallel = try reader.optionalBool("parallel_attn") ?? true
        let alibi = try reader.optionalBool("alibi") ?? false
        let bias = try reader.optionalBool("bias") ?? false
        // FalconAttention: grouped heads with the new architecture or without multi_query, else one.
        let keyValueHeads = newArchitecture || !multiQuery ? try reader.optionalInt("num_kv_heads") ?? heads : 1
        let normsInParallel = try reader.optionalInt("num_ln_in_parallel_attn") ?? (newArchitecture ? 2 : 1)
        guard normsInParallel == 1 || normsInParallel == 2 else {
            throw ModelConfigError.inconsistent("num_ln_in_parallel_attn must be 1 or 2, got \(normsInParallel)", source: reader.source)
        }
        let headDim = hidden / max(heads, 1)
        let architecture = Architecture(
            family: .falcon, norm: .layerNorm, mlp: .plain, activation: try activation("activation", default: .gelu),
            rotaryDimensions: alibi ? nil : headDim, sharedNorm: parallel && normsInParallel == 1,
            mechanisms: LayerMechanisms(alibi: alibi, fusedQKV: true, parallelBlock: parallel))
        return try ModelConfig(
            name: name, modelType: modelType, layerCount: try reader.int("num_hidden_layers"), hiddenSize: hidden,
            attentionHeads: heads, keyValueHeads: keyValueHeads,
            intermediateSize: try reader.optionalInt("ffn_hidden_size") ?? 4 * hidden,
            vocabularySize: try reader.int("vocab_size"),
            tieWordEmbeddings: try reader.optionalBool("tie_word_embeddings") ?? true,
            hiddenActivation: try reader.optionalString("activation"),
            qkvBias: bias, outputProjectionBias: bias, mlpBias: bias, architecture: architecture)
    }
}

extension ClassDefaults {
    /// `FalconConfig`: Falcon-7B; `PretrainedConfig`'s tied head.
    static let falcon: [String: JSONValue] = [
        "vocab_size": 65024, "hidden_size": 4544, "num_hidden_layers": 32, "num_attention_heads": 71,
        "max_position_embeddings": 2048, "tie_word_embeddings": true,
    ]

    /// Falcon's `attribute_map` and the remote-code names the `RefinedWeb` files use.
    static let falconAliases: [(canonical: String, alias: String)] = [
        ("hidden_size", "n_embed"), ("num_hidden_layers", "n_layer"), ("num_attention_heads", "n_head"),
        ("num_kv_heads", "n_head_kv"),
    ]
}

/// ChatGLM2, ChatGLM3 and GLM-4 (`chatglm`), as their remote `ChatGLMModel` builds them: RMSNorm
/// (`rmsnorm`), rotary positions on half of each head's `kv_channels`, query heads sharing
/// `multi_query_group_num` KV groups (`multi_query_attention`), one fused `query_key_value` with a
/// bias (`add_qkv_bias`), a fused SwiGLU `dense_h_to_4h` of 2·`ffn_hidden_size`, biases on the
/// other linears only with `add_bias_linear`, a separate `output_layer` over `padded_vocab_size`.
/// ChatGLM-6B (v1, `position_encoding_2d`) is a different GLM layout and is refused.
extension ConfigReader {
    func chatGLM() throws -> ModelConfig {
        for key in ["position_encoding_2d", "inner_hidden_size"] where reader.has(key) {
            throw ModelConfigError.inconsistent(
                "\(key) marks the first ChatGLM-6B (GLM blocks with 2D positions), which aim-viewer does not price; ChatGLM2, ChatGLM3 and GLM-4 are supported",
                source: reader.source)
        }
        if let prefix = try reader.optionalInt("pre_seq_len") {
            throw ModelConfigError.inconsistent(
                "pre_seq_len \(prefix) adds a P-tuning prefix encoder, which aim-viewer does not price; use the base model's config (pre_seq_len null)",
                source: reader.source)
        }
        if try reader.optionalBool("apply_residual_connection_post_layernorm") == true {
            throw ModelConfigError.inconsistent(
                "apply_residual_connection_post_layernorm true takes the residual after the norm, a layout aim-viewer does not price",
                source: reader.source)
        }
        let hidden = try reader.int("hidden_size"), heads = try reader.int("num_attention_heads")
        let headDim = try reader.optionalInt("kv_channels") ?? hidden / max(heads, 1)
        let groups = try reader.optionalBool("multi_query_attention") ?? false
            ? try reader.int("multi_query_group_num") : heads
        let linearBias = try reader.optionalBool("add_bias_linear") ?? false
        let architecture = Architecture(
            family: .chatglm, norm: try reader.optionalBool("rmsnorm") ?? true ? .rmsNorm : .layerNorm,
            mlp: .gated, activation: .silu, rotaryDimensions: headDim / 2,
            finalNorm: try reader.optionalBool("post_layer_norm") ?? true,
            mechanisms: LayerMechanisms(fusedQKV: true, fusedGateUp: true))
        return try ModelConfig(
            name: name, modelType: modelType, layerCount: try reader.int("num_layers"), hiddenSize: hidden,
            attentionHeads: heads, keyValueHeads: groups, intermediateSize: try reader.int("ffn_hidden_size"),
            vocabularySize: try reader.int("padded_vocab_size"), statedHeadDim: headDim,
            tieWordEmbeddings: false, hiddenActivation: nil,
            qkvBias: try reader.optionalBool("add_qkv_bias") ?? false || linearBias,
            outputProjectionBias: linearBias, mlpBias: linearBias, architecture: architecture)
    }
}

extension ClassDefaults {
    /// The `ChatGLMConfig` shipped with chatglm2-6b and chatglm3-6b.
    static let chatGLM: [String: JSONValue] = [
        "num_layers": 28, "padded_vocab_size": 65024, "hidden_size": 4096, "ffn_hidden_size": 13696,
        "kv_channels": 128, "num_attention_heads": 32, "rmsnorm": true, "post_layer_norm": true,
        "add_bias_linear": false, "add_qkv_bias": false, "multi_query_attention": false, "multi_query_group_num": 1,
    ]
}

/// Gemma, Gemma-2 and Gemma-3 text (`gemma`, `gemma2`, `gemma3_text`), as their modeling code
/// builds them: a GeGLU MLP (`hidden_activation`, tanh GELU), embeddings scaled by
/// `sqrt(hidden_size)`, a head tied to the embeddings by default, `head_dim` 256 by default.
/// Gemma-2 and 3 add a norm after attention and after the MLP (four a layer) and interleave
/// sliding-window and global layers; Gemma-2 soft-caps the attention scores and the logits;
/// Gemma-3 normalises q and k per head.
extension ConfigReader {
    func gemma() throws -> ModelConfig {
        let type = modelType ?? "gemma2"
        if try reader.optionalBool("use_bidirectional_attention") == true {
            throw ModelConfigError.inconsistent(
                "use_bidirectional_attention is true: a bidirectional Gemma (an embedding model) attends both ways inside its windows, which aim-viewer does not price; it prices the causal decoder",
                source: reader.source)
        }
        let hidden = try reader.int("hidden_size"), heads = try reader.int("num_attention_heads")
        let headDim = try reader.int("head_dim"), layers = try reader.int("num_hidden_layers")
        let activationKey = reader.has("hidden_activation") ? "hidden_activation" : "hidden_act"
        var architecture = Architecture(
            family: .gemma, norm: .rmsNorm, mlp: .gated, activation: try activation(activationKey, default: .gelu),
            rotaryDimensions: headDim)
        let interleaved = type != "gemma"
        architecture.mechanisms = LayerMechanisms(
            queryKeyNorm: type == "gemma3_text", postNorms: interleaved,
            attentionSoftCap: try softCap("attn_logit_softcapping"), finalLogitSoftCap: try softCap("final_logit_softcapping"),
            embeddingScale: true)
        if interleaved { architecture.attentionWindow = try gemmaWindow(layers: layers, gemma3: type == "gemma3_text") }
        let bias = try reader.optionalBool("attention_bias") ?? false
        return try ModelConfig(
            name: name, modelType: modelType, layerCount: layers, hiddenSize: hidden, attentionHeads: heads,
            keyValueHeads: try reader.optionalInt("num_key_value_heads"), intermediateSize: try reader.int("intermediate_size"),
            vocabularySize: try reader.int("vocab_size"), statedHeadDim: headDim,
            tieWordEmbeddings: try reader.optionalBool("tie_word_embeddings") ?? true,
            hiddenActivation: try reader.optionalString(activationKey),
            qkvBias: bias, outputProjectionBias: bias, architecture: architecture)
    }

    /// A soft-cap as stated; null (Gemma-3's default) or absent means none.
    func softCap(_ key: String) throws -> Double? {
        guard let cap = try reader.optionalDouble(key) else { return nil }
        guard cap > 0, cap.isFinite else {
            throw ModelConfigError.inconsistent("\(key) must be a positive number or null, got \(cap)", source: reader.source)
        }
        return cap
    }

    /// `layer_types` when the file lists them (read as for every family); otherwise the class's
    /// pattern: Gemma-2 windows the even layers, Gemma-3 every layer but each
    /// `sliding_window_pattern`-th (6: five local layers to one global). A null `sliding_window`
    /// leaves every layer global.
    func gemmaWindow(layers: Int, gemma3: Bool) throws -> AttentionWindow? {
        if reader.has("layer_types") { return try attentionWindow(layers: layers) }
        guard let window = try reader.optionalInt("sliding_window") else { return nil }
        guard window > 0 else { throw ModelConfigError.nonPositive(key: "sliding_window", value: window, source: reader.source) }
        let windowed: [Int]
        if gemma3 {
            let key = reader.has("sliding_window_pattern") ? "sliding_window_pattern" : "_sliding_window_pattern"
            let pattern = try reader.optionalInt(key) ?? 6
            guard pattern > 0 else { throw ModelConfigError.nonPositive(key: key, value: pattern, source: reader.source) }
            windowed = (0..<layers).filter { ($0 + 1) % pattern != 0 }
        } else {
            windowed = (0..<layers).filter { $0 % 2 == 0 }
        }
        return windowed.isEmpty ? nil : AttentionWindow(tokens: window, layers: windowed, key: "sliding_window")
    }
}

extension ClassDefaults {
    /// `GemmaConfig`: Gemma-7B.
    static let gemma: [String: JSONValue] = [
        "vocab_size": 256000, "hidden_size": 3072, "intermediate_size": 24576, "num_hidden_layers": 28,
        "num_attention_heads": 16, "num_key_value_heads": 16, "head_dim": 256, "hidden_act": "gelu_pytorch_tanh",
        "max_position_embeddings": 8192, "tie_word_embeddings": true, "attention_bias": false,
    ]

    /// `Gemma2Config`: Gemma-2-2B, soft-caps 50 (scores) and 30 (logits), window 4096 on even layers.
    static let gemma2: [String: JSONValue] = [
        "vocab_size": 256000, "hidden_size": 2304, "intermediate_size": 9216, "num_hidden_layers": 26,
        "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256, "hidden_activation": "gelu_pytorch_tanh",
        "max_position_embeddings": 8192, "tie_word_embeddings": true, "attention_bias": false,
        "sliding_window": 4096, "final_logit_softcapping": 30.0, "attn_logit_softcapping": 50.0,
    ]

    /// `Gemma3TextConfig`: no soft-caps, window 4096 on five layers of each six (the pattern of 6
    /// is applied in `gemmaWindow`, since newer files name it `_sliding_window_pattern`).
    static let gemma3Text: [String: JSONValue] = [
        "vocab_size": 262208, "hidden_size": 2304, "intermediate_size": 9216, "num_hidden_layers": 26,
        "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256, "hidden_activation": "gelu_pytorch_tanh",
        "max_position_embeddings": 131072, "tie_word_embeddings": true, "attention_bias": false,
        "sliding_window": 4096,
    ]
}

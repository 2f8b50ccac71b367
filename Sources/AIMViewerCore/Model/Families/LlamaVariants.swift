/// Families read as the LLaMA layer (`ConfigReader.llamaShaped`) plus what their own modeling code
/// adds: Qwen3's q/k norms, Phi-3's fused projections, OLMo's non-parametric LayerNorm,
/// InternLM2's fused `wqkv`, Baichuan's packed `W_pack` and ALiBi, and `partial_rotary_factor`.
extension ConfigReader {
    /// The LLaMA-shaped config of `family`, refined for the model types that add to it.
    func llamaVariant(_ family: Architecture.Family) throws -> ModelConfig {
        var config = try llamaShaped(family)
        switch modelType {
        case "qwen3":
            config.architecture.mechanisms.queryKeyNorm = true
        case "phi3":
            config.architecture.mechanisms.fusedQKV = true
            config.architecture.mechanisms.fusedGateUp = true
        case "olmo":
            config.architecture.norm = .nonParametricLayerNorm
            if let clip = try reader.optionalDouble("clip_qkv") {
                throw ModelConfigError.inconsistent(
                    "clip_qkv \(clip) clamps q, k and v, which aim-viewer does not price; only OLMo configs with clip_qkv null are supported",
                    source: reader.source)
            }
        case "internlm2":
            config.architecture.mechanisms.fusedQKV = true
        case "baichuan":
            config.architecture.mechanisms.fusedQKV = true
            if try baichuanUsesALiBi(hidden: config.hiddenSize) {
                config.architecture.rotaryDimensions = nil
                config.architecture.mechanisms.alibi = true
            }
        default:
            break
        }
        // Phi-3 (Phi-4-mini: 0.75) and other LLaMA-shaped classes rotate only part of each head.
        if let fraction = try reader.optionalDouble("partial_rotary_factor"), config.architecture.rotaryDimensions != nil {
            config.architecture.rotaryDimensions = try rotaryDimensions(fraction, key: "partial_rotary_factor",
                                                                        headDim: config.headDim)
        }
        try config.validate()
        return config
    }

    /// Channels per head a rotary `fraction` covers (`int(head_dim · fraction)`, as the models compute it).
    func rotaryDimensions(_ fraction: Double, key: String, headDim: Int) throws -> Int {
        guard fraction > 0, fraction <= 1 else {
            throw ModelConfigError.inconsistent("\(key) must be in (0, 1], got \(fraction)", source: reader.source)
        }
        return Int(Double(headDim) * fraction)
    }

    /// Baichuan's remote code decides the positions by the model, not by a key: Baichuan-7B
    /// (`BaiChuanForCausalLM`) and Baichuan2-7B (width 4096) use RoPE, Baichuan-13B and Baichuan2-13B
    /// ALiBi. This is vLLM's rule (`BaichuanForCausalLM`: RoPE when `hidden_size` is 4096).
    func baichuanUsesALiBi(hidden: Int) throws -> Bool {
        let architectures = try reader.optionalStrings("architectures") ?? []
        if architectures.contains("BaiChuanForCausalLM") { return false }
        return hidden != 4096
    }
}

extension ClassDefaults {
    /// `Qwen3Config`: an explicit `head_dim` of 128, no attention biases.
    static let qwen3: [String: JSONValue] = [
        "vocab_size": 151936, "hidden_size": 4096, "intermediate_size": 22016, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 32, "head_dim": 128, "hidden_act": "silu",
        "max_position_embeddings": 32768, "tie_word_embeddings": false, "attention_bias": false,
        "use_sliding_window": false, "sliding_window": 4096, "max_window_layers": 28,
    ]

    /// `Phi3Config`: Phi-3-mini (no window unless `sliding_window` is stated).
    static let phi3: [String: JSONValue] = [
        "vocab_size": 32064, "hidden_size": 3072, "intermediate_size": 8192, "num_hidden_layers": 32,
        "num_attention_heads": 32, "hidden_act": "silu", "max_position_embeddings": 4096,
        "tie_word_embeddings": false,
    ]

    /// `OlmoConfig`: OLMo-7B.
    static let olmo: [String: JSONValue] = [
        "vocab_size": 50304, "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
        "num_attention_heads": 32, "hidden_act": "silu", "max_position_embeddings": 2048,
        "tie_word_embeddings": false, "attention_bias": false,
    ]
}

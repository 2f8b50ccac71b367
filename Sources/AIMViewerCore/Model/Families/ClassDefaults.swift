/// The defaults of each Hugging Face configuration class, by `model_type`: what `transformers` uses
/// for a key a `config.json` leaves out. A config is read with them filled in, so a minimal file (a
/// multimodal wrapper's `text_config` of four keys, a hand-written test config) reads as the model
/// the class builds, never as a guess of ours.
///
/// Only keys that change what aim-viewer prices are listed, each as the class states it; a class
/// default of `None` is left out (the reader applies what the class derives from it, e.g.
/// `num_key_value_heads` → `num_attention_heads`). Keys stated as `null` in the file stay `null`:
/// for the class that is the value `None`, not its default.
enum ClassDefaults {
    /// Tables by `model_type`. Sources: transformers' `configuration_*.py` for each class, and the
    /// model repositories' own `configuration_*.py` for remote-code families (InternLM2, ChatGLM);
    /// docs/architectures.md lists them. Baichuan's and the old `RefinedWeb` classes differ from one
    /// repository to the next (or default to toy sizes), so their keys are required instead.
    static let byModelType: [String: [String: JSONValue]] = [
        "llama": llama, "mistral": mistral, "mixtral": mixtral, "qwen2": qwen2, "qwen2_moe": qwen2MoE,
        "qwen2_vl": qwen2VLText, "qwen2_vl_text": qwen2VLText, "internlm2": internLM2,
        "gpt2": gpt2, "opt": opt, "gptj": gptj, "gpt_neox": gptNeoX,
        "qwen3": qwen3, "phi3": phi3, "olmo": olmo, "gemma": gemma, "gemma2": gemma2, "gemma3_text": gemma3Text,
        "falcon": falcon, "chatglm": chatGLM,
    ]

    /// Keys a class also accepts under another name (`attribute_map`, backward-compatible kwargs),
    /// canonical name first: the stated alias is read as the canonical key before defaults apply.
    static let aliasesByModelType: [String: [(canonical: String, alias: String)]] = [
        "opt": [("hidden_size", "d_model")],
        "falcon": falconAliases, "RefinedWeb": falconAliases, "RefinedWebModel": falconAliases,
    ]

    /// `fields` with the class defaults of `modelType` filled in where the file states nothing.
    static func filled(_ fields: [String: JSONValue], modelType: String?) -> [String: JSONValue] {
        guard let modelType else { return fields }
        var fields = fields
        for (canonical, alias) in aliasesByModelType[modelType] ?? [] where fields[canonical] == nil {
            if let value = fields[alias] { fields[canonical] = value }
        }
        guard let defaults = byModelType[modelType] else { return fields }
        return fields.merging(defaults) { stated, _ in stated }
    }

    /// `LlamaConfig`: LLaMA-7B.
    static let llama: [String: JSONValue] = [
        "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
        "num_attention_heads": 32, "hidden_act": "silu", "max_position_embeddings": 2048,
        "tie_word_embeddings": false, "attention_bias": false, "mlp_bias": false,
    ]

    /// `MistralConfig`: Mistral-7B, every layer windowed at 4096 unless `sliding_window` is null.
    static let mistral: [String: JSONValue] = [
        "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 8, "hidden_act": "silu",
        "max_position_embeddings": 131072, "tie_word_embeddings": false, "sliding_window": 4096,
    ]

    /// `MixtralConfig`: Mixtral-8x7B (no window by default).
    static let mixtral: [String: JSONValue] = [
        "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 8, "hidden_act": "silu",
        "max_position_embeddings": 131072, "tie_word_embeddings": false,
        "num_experts_per_tok": 2, "num_local_experts": 8,
    ]

    /// `Qwen2Config`: the window is off unless `use_sliding_window`.
    static let qwen2: [String: JSONValue] = [
        "vocab_size": 151936, "hidden_size": 4096, "intermediate_size": 22016, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 32, "hidden_act": "silu",
        "max_position_embeddings": 32768, "tie_word_embeddings": false,
        "use_sliding_window": false, "sliding_window": 4096, "max_window_layers": 28,
    ]

    /// `Qwen2MoeConfig`: Qwen1.5-MoE-A2.7B (60 experts, 4 per token, a shared expert of 5632).
    static let qwen2MoE: [String: JSONValue] = [
        "vocab_size": 151936, "hidden_size": 2048, "intermediate_size": 5632, "num_hidden_layers": 24,
        "num_attention_heads": 16, "num_key_value_heads": 16, "hidden_act": "silu",
        "max_position_embeddings": 32768, "tie_word_embeddings": false,
        "use_sliding_window": false, "sliding_window": 4096, "max_window_layers": 28,
        "decoder_sparse_step": 1, "moe_intermediate_size": 1408, "shared_expert_intermediate_size": 5632,
        "num_experts_per_tok": 4, "num_experts": 60,
    ]

    /// `Qwen2VLTextConfig` (also the pre-`text_config` top-level `qwen2_vl` layout): Qwen2-VL-72B's LLM.
    static let qwen2VLText: [String: JSONValue] = [
        "vocab_size": 152064, "hidden_size": 8192, "intermediate_size": 29568, "num_hidden_layers": 80,
        "num_attention_heads": 64, "num_key_value_heads": 8, "hidden_act": "silu",
        "max_position_embeddings": 32768, "tie_word_embeddings": false,
        "use_sliding_window": false, "sliding_window": 4096, "max_window_layers": 80,
    ]

    /// InternLM2's remote `InternLM2Config`: `bias` (fused `wqkv` and `wo`) true by default.
    static let internLM2: [String: JSONValue] = [
        "vocab_size": 103168, "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
        "num_attention_heads": 32, "hidden_act": "silu", "max_position_embeddings": 2048,
        "tie_word_embeddings": false, "bias": true,
    ]

    /// `GPT2Config`: GPT-2 small; the head is tied (`PretrainedConfig`'s default).
    static let gpt2: [String: JSONValue] = [
        "vocab_size": 50257, "n_positions": 1024, "n_embd": 768, "n_layer": 12, "n_head": 12,
        "activation_function": "gelu_new", "tie_word_embeddings": true,
    ]

    /// `OPTConfig`: OPT-125m; tied head, biases on, pre-norm.
    static let opt: [String: JSONValue] = [
        "vocab_size": 50272, "max_position_embeddings": 2048, "num_hidden_layers": 12, "num_attention_heads": 12,
        "ffn_dim": 3072, "activation_function": "relu", "hidden_size": 768, "do_layer_norm_before": true,
        "enable_bias": true, "tie_word_embeddings": true,
    ]

    /// `GPTJConfig`: GPT-J-6B.
    static let gptj: [String: JSONValue] = [
        "vocab_size": 50400, "n_positions": 2048, "n_embd": 4096, "n_layer": 28, "n_head": 16, "rotary_dim": 64,
        "activation_function": "gelu_new", "tie_word_embeddings": false,
    ]

    /// `GPTNeoXConfig`: GPT-NeoX-20B.
    static let gptNeoX: [String: JSONValue] = [
        "vocab_size": 50432, "hidden_size": 6144, "num_hidden_layers": 44, "num_attention_heads": 64,
        "intermediate_size": 24576, "hidden_act": "gelu", "rotary_pct": 0.25, "max_position_embeddings": 2048,
        "tie_word_embeddings": false, "use_parallel_residual": true, "attention_bias": true,
    ]
}

/// Literal JSON values, so the tables above read like the Python classes they mirror.
extension JSONValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByStringLiteral {
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}

/// Keys that state a mechanism aim-viewer does not price: a config stating one is refused with the
/// key named, never priced as the layer without it. Keys that do not change what is priced (RoPE
/// frequencies and scaling, epsilons, dropouts, token ids, dtypes, initialisation) are ignored;
/// docs/architectures.md lists both.
enum UnpricedKeys {
    /// `(key, what it means)`: refused when present and not null, false, 0 or empty.
    static let mechanisms: [(key: String, meaning: String)] = [
        ("attention_chunk_size", "chunked local attention (Llama-4)"),
        ("cross_attention_layers", "cross-attention layers (Llama-3.2-Vision)"),
        ("no_rope_layers", "layers without positions (NoPE)"),
        ("kv_lora_rank", "multi-head latent attention (DeepSeek-V2/V3)"),
        ("linear_attn_config", "linear-attention layers"),
        ("ssm_cfg", "state-space layers"),
        ("mamba_d_state", "state-space (Mamba) layers"),
        ("attn_layer_indices", "hybrid attention and state-space layers"),
        ("num_nextn_predict_layers", "multi-token-prediction layers"),
    ]

    /// Expert keys on a family whose layers have no router: the file says experts, the reader would
    /// price a dense MLP.
    static let expertKeys = ["num_local_experts", "num_experts", "n_routed_experts", "moe_intermediate_size"]

    /// The keys above that `family`'s reader prices (the compiler asks for each new family).
    static func priced(by family: Architecture.Family) -> Set<String> {
        switch family {
        case .mixtral, .qwen2MoE, .qwen3MoE: return Set(expertKeys)
        case .deepseek: return Set(expertKeys + ["kv_lora_rank", "num_nextn_predict_layers"])
        case .llama, .gpt2, .opt, .gptj, .gptNeoX, .vit, .gemma, .falcon, .chatglm: return []
        }
    }

    /// Throws for the first mechanism `reader`'s file states that `family` does not price.
    static func refuse(in reader: JSONFieldReader, family: Architecture.Family, modelType: String?) throws {
        let priced = priced(by: family)
        for (key, meaning) in mechanisms where !priced.contains(key) && stated(reader.fields[key]) {
            throw ModelConfigError.inconsistent(
                "\(key) states \(meaning), which aim-viewer does not price; it is refused rather than priced as attention without it",
                source: reader.source)
        }
        for key in expertKeys where !priced.contains(key) && stated(reader.fields[key]) {
            throw ModelConfigError.inconsistent(
                "\(key) states routed experts, but model_type \(modelType ?? "(none)") is read as the dense \(family.rawValue) family; give the model's own model_type if it is a mixture of experts",
                source: reader.source)
        }
    }

    /// Present with a value that turns the mechanism on.
    static func stated(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?, .bool(false)?: return false
        case .number(let number)?: return number != 0
        case .array(let items)?: return !items.isEmpty
        case .object(let fields)?: return !fields.isEmpty
        case .bool(true)?, .string?: return true
        }
    }
}

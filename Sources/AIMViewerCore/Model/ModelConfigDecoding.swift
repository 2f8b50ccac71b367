import Foundation

extension ModelConfig {
    /// Reads a Hugging Face `config.json` of any supported family, under that family's own key names
    /// (`n_embd`/`n_layer` for GPT-2 and GPT-J, `ffn_dim` for OPT, `num_local_experts` for Mixtral…).
    /// Unknown keys are ignored; a missing required key is an error naming the key and `source`.
    /// Multimodal wrappers (LLaVA, LLaVA-OneVision) keep the LLM under `text_config`; that object is
    /// read when the top level states no width.
    ///
    /// - Parameters:
    ///   - json: the file's bytes.
    ///   - source: where the bytes came from (a path or preset name), used in errors.
    ///   - name: the model's display name; defaults to `source`.
    public static func decode(json: Data, source: String, name: String? = nil) throws -> ModelConfig {
        var fields: [String: JSONValue]
        do {
            fields = try JSONValue.parseObject(json)
        } catch {
            throw ModelConfigError.malformedJSON(source: source, detail: error.detail)
        }
        if fields["hidden_size"] == nil, fields["n_embd"] == nil, case .object(let text)? = fields["text_config"] {
            let wrapper = fields["model_type"]
            fields = text.merging(fields.filter { $0.key == "tie_word_embeddings" }) { inner, _ in inner }
            // A wrapper's text_config without a model_type is its class's default text model (LLaVA: llama).
            if fields["model_type"] == nil, case .string(let outer)? = wrapper,
               let inner = ArchitectureDetection.defaultTextModelType[outer] {
                fields["model_type"] = .string(inner)
            }
        }
        do {
            let modelType = try JSONFieldReader(fields: fields, source: source).optionalString("model_type")
            let family = try ArchitectureDetection.family(of: fields, modelType: modelType, source: source)
            let reader = JSONFieldReader(fields: ClassDefaults.filled(fields, modelType: modelType), source: source)
            try UnpricedKeys.refuse(in: reader, family: family, modelType: modelType)
            // Built under its source so that every validation error names the file, then renamed.
            var config = try ConfigReader(reader: reader, name: source, modelType: modelType).read(family)
            config.name = name ?? source
            return config
        } catch let error as FieldError {
            switch error {
            case let .missing(key, source): throw ModelConfigError.missingKey(key: key, source: source)
            case let .wrongType(key, expected, source):
                throw ModelConfigError.wrongType(key: key, expected: expected, source: source)
            }
        }
    }
}

/// Which family a config belongs to: by `model_type` when it names one, else by the keys present.
enum ArchitectureDetection {
    /// `model_type`s read as each family. Types not listed here are refused rather than guessed.
    /// The text model a multimodal wrapper's class builds when its `text_config` names no `model_type`.
    static let defaultTextModelType: [String: String] = [
        "llava": "llama", "llava_next": "llama", "vipllava": "llama", "llava_onevision": "qwen2", "gemma3": "gemma3_text",
    ]

    static let familiesByModelType: [String: Architecture.Family] = [
        "llama": .llama, "mistral": .llama, "qwen2": .llama, "qwen2_vl": .llama,
        "gpt2": .gpt2, "opt": .opt, "gptj": .gptj, "gpt_neox": .gptNeoX,
        "mixtral": .mixtral, "qwen2_moe": .qwen2MoE, "internlm2": .llama, "qwen2_vl_text": .llama,
        "qwen3": .llama, "phi3": .llama, "olmo": .llama, "baichuan": .llama,
        "gemma": .gemma, "gemma2": .gemma, "gemma3_text": .gemma,
        "falcon": .falcon, "RefinedWeb": .falcon, "RefinedWebModel": .falcon, "chatglm": .chatglm,
        "deepseek_v2": .deepseek, "deepseek_v3": .deepseek, "qwen3_moe": .qwen3MoE,
    ]

    /// The keys each family cannot do without, in the order families are tried when a config
    /// states no `model_type` (the most specific first).
    static let requiredKeys: [(Architecture.Family, [String])] = [
        (.deepseek, ["hidden_size", "num_hidden_layers", "num_attention_heads", "kv_lora_rank", "vocab_size"]),
        (.qwen2MoE, ["hidden_size", "num_hidden_layers", "num_attention_heads", "num_experts", "num_experts_per_tok",
                     "moe_intermediate_size", "vocab_size"]),
        (.mixtral, ["hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "num_local_experts",
                    "num_experts_per_tok", "vocab_size"]),
        (.gptj, ["n_embd", "n_layer", "n_head", "rotary_dim", "vocab_size"]),
        (.gptNeoX, ["hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "rotary_pct",
                    "vocab_size"]),
        (.opt, ["hidden_size", "num_hidden_layers", "num_attention_heads", "ffn_dim", "vocab_size"]),
        (.gpt2, ["n_embd", "n_layer", "n_head", "vocab_size"]),
        (.chatglm, ["hidden_size", "num_layers", "num_attention_heads", "ffn_hidden_size", "padded_vocab_size"]),
        (.falcon, ["hidden_size", "n_layer", "n_head", "vocab_size"]),
        (.gemma, ["hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "head_dim",
                  "query_pre_attn_scalar", "vocab_size"]),
        (.llama, ["hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size"]),
    ]

    static func family(of fields: [String: JSONValue], modelType: String?, source: String) throws -> Architecture.Family {
        if let modelType {
            if let family = familiesByModelType[modelType] { return family }
            throw unrecognised(fields, modelType: modelType, source: source)
        }
        for (family, keys) in requiredKeys where keys.allSatisfy({ fields[$0] != nil }) { return family }
        throw unrecognised(fields, modelType: nil, source: source)
    }

    static func unrecognised(_ fields: [String: JSONValue], modelType: String?, source: String) -> ModelConfigError {
        let missing = requiredKeys.map { family, keys in
            (family: "\(family.rawValue) (model_type \(modelTypes(of: family)))",
             keys: keys.filter { fields[$0] == nil })
        }
        return .unrecognisedArchitecture(source: source, modelType: modelType, missingByFamily: missing)
    }

    static func modelTypes(of family: Architecture.Family) -> String {
        familiesByModelType.filter { $0.value == family }.keys.sorted().joined(separator: "/")
    }
}

/// Reads one family's keys into a `ModelConfig`, applying the family's defaults (the Hugging Face
/// `transformers` defaults for keys a config may leave out).
struct ConfigReader {
    let reader: JSONFieldReader
    let name: String
    let modelType: String?

    func read(_ family: Architecture.Family) throws -> ModelConfig {
        switch family {
        case .llama, .mixtral, .qwen2MoE, .qwen3MoE: return try llamaVariant(family)
        case .deepseek: return try deepseek()
        case .gemma: return try gemma()
        case .falcon: return try falcon()
        case .chatglm: return try chatGLM()
        case .gpt2: return try gpt2()
        case .opt: return try opt()
        case .gptj: return try gptj()
        case .gptNeoX: return try gptNeoX()
        case .vit:
            throw ModelConfigError.inconsistent("vision encoders are chosen with --vision, not read as an LLM", source: name)
        }
    }

    /// `gelu`, `gelu_new`, `gelu_pytorch_tanh`, `quick_gelu` → GELU; `relu` → ReLU; `silu`/`swish` → SiLU.
    func activation(_ key: String, default fallback: Architecture.Activation) throws -> Architecture.Activation {
        guard let text = try reader.optionalString(key)?.lowercased() else { return fallback }
        if text.contains("gelu") { return .gelu }
        if text.contains("relu") { return .relu }
        if text == "silu" || text == "swish" { return .silu }
        throw ModelConfigError.inconsistent("\(key) '\(text)' is not an activation aim-viewer prices (gelu, relu, silu)",
                                            source: reader.source)
    }

    func llamaShaped(_ family: Architecture.Family) throws -> ModelConfig {
        // `attention_bias` (LLaMA, Mistral) covers q, k, v and o; Qwen2 always has q/k/v biases only;
        // InternLM2's `bias` (true by default) covers its fused `wqkv` and `wo`, never the MLP.
        let attentionBias = modelType == "internlm2"
            ? try reader.optionalBool("bias") ?? true : try reader.optionalBool("attention_bias")
        let qwenStyleBias = ["qwen2", "qwen2_moe", "qwen2_vl", "qwen2_vl_text"].contains(modelType ?? "") || family == .qwen2MoE
        let hidden = try reader.int("hidden_size"), heads = try reader.int("num_attention_heads")
        let headDim = try reader.optionalInt("head_dim")
        var architecture = Architecture.llama(headDim: headDim ?? hidden / max(heads, 1))
        architecture.family = family
        architecture.activation = try activation("hidden_act", default: .silu)
        let layers = try reader.int("num_hidden_layers")
        architecture.experts = try experts(family, layers: layers)
        architecture.attentionWindow = try attentionWindow(layers: layers)
        if family == .qwen3MoE { architecture.mechanisms.queryKeyNorm = true }
        return try ModelConfig(
            name: name, modelType: modelType,
            layerCount: layers, hiddenSize: hidden, attentionHeads: heads,
            keyValueHeads: try reader.optionalInt("num_key_value_heads"),
            intermediateSize: try family == .qwen2MoE || family == .qwen3MoE
                ? reader.optionalInt("intermediate_size") ?? reader.int("moe_intermediate_size")
                : reader.int("intermediate_size"),
            vocabularySize: try reader.int("vocab_size"), statedHeadDim: headDim,
            tieWordEmbeddings: try reader.optionalBool("tie_word_embeddings") ?? false,
            hiddenActivation: try reader.optionalString("hidden_act"),
            qkvBias: attentionBias ?? qwenStyleBias, outputProjectionBias: attentionBias ?? false,
            mlpBias: try reader.optionalBool("mlp_bias") ?? false, architecture: architecture)
    }

    /// The sliding window as the model's own code applies it: Mistral and Mixtral window every
    /// layer when `sliding_window` is a number (null: none); Qwen2 only with `use_sliding_window`
    /// (false by default), on the layers from `max_window_layers` on. `layer_types` is read when
    /// present, and any entry other than full or sliding attention is refused by name.
    func attentionWindow(layers: Int) throws -> AttentionWindow? {
        let window = try reader.optionalInt("sliding_window")
        if let types = try reader.optionalStrings("layer_types") {
            guard types.count == layers else {
                throw ModelConfigError.inconsistent("layer_types has \(types.count) entries for \(layers) layers", source: reader.source)
            }
            for (index, type) in types.enumerated() where type != "full_attention" && type != "sliding_attention" {
                throw ModelConfigError.inconsistent(
                    "layer_types[\(index)] is '\(type)', a layer aim-viewer does not price (it prices full_attention and sliding_attention)",
                    source: reader.source)
            }
            let windowed = types.indices.filter { types[$0] == "sliding_attention" }
            guard !windowed.isEmpty else { return nil }
            guard let window, window > 0 else {
                throw ModelConfigError.inconsistent("layer_types has sliding_attention layers but sliding_window is not a positive number",
                                                    source: reader.source)
            }
            return AttentionWindow(tokens: window, layers: windowed, key: "sliding_window")
        }
        guard let window else { return nil }
        guard window > 0 else { throw ModelConfigError.nonPositive(key: "sliding_window", value: window, source: reader.source) }
        if ["qwen2", "qwen2_moe", "qwen2_vl", "qwen2_vl_text"].contains(modelType ?? "") || reader.fields["use_sliding_window"] != nil {
            guard try reader.optionalBool("use_sliding_window") ?? false else { return nil }
            let first = try reader.optionalInt("max_window_layers") ?? layers
            guard first < layers else { return nil }
            return AttentionWindow(tokens: window, layers: Array(max(first, 0)..<layers), key: "sliding_window")
        }
        return AttentionWindow(tokens: window, layers: Array(0..<layers), key: "sliding_window")
    }

    func experts(_ family: Architecture.Family, layers: Int) throws -> MixtureOfExperts? {
        switch family {
        case .mixtral:
            return MixtureOfExperts(
                expertCount: try reader.int("num_local_experts"), expertsPerToken: try reader.int("num_experts_per_tok"),
                expertIntermediateSize: try reader.int("intermediate_size"))
        case .qwen2MoE, .qwen3MoE:
            // Qwen2MoeDecoderLayer / Qwen3MoeDecoderLayer: layer `l` is routed unless it is in
            // `mlp_only_layers` or `(l + 1) % decoder_sparse_step != 0`; the others run the dense MLP.
            let step = try reader.optionalInt("decoder_sparse_step") ?? 1
            guard step > 0 else { throw ModelConfigError.nonPositive(key: "decoder_sparse_step", value: step, source: reader.source) }
            let mlpOnly = Set(try reader.optionalInts("mlp_only_layers") ?? [])
            let dense = (0..<layers).filter { mlpOnly.contains($0) || ($0 + 1) % step != 0 }
            if !dense.isEmpty, reader.fields["intermediate_size"] == nil || reader.fields["intermediate_size"] == .null {
                throw ModelConfigError.missingKey(key: "intermediate_size", source: reader.source)
            }
            let shared = family == .qwen2MoE ? try reader.optionalInt("shared_expert_intermediate_size") ?? 0 : 0
            return MixtureOfExperts(
                expertCount: try reader.int("num_experts"), expertsPerToken: try reader.int("num_experts_per_tok"),
                expertIntermediateSize: try reader.int("moe_intermediate_size"),
                sharedExpertIntermediateSize: shared, sharedExpertGate: shared > 0, denseLayers: dense)
        default:
            return nil
        }
    }

    /// A learned-position count as the config states it, checked before any offset is added so an
    /// error quotes the file's own number.
    func positions(_ key: String, default fallback: Int) throws -> Int {
        let value = try reader.optionalInt(key) ?? fallback
        guard value > 0 else { throw ModelConfigError.nonPositive(key: key, value: value, source: reader.source) }
        guard value <= ModelLimits.positions else {
            throw ModelConfigError.tooLarge(key: key, value: value, limit: ModelLimits.positions, source: reader.source)
        }
        return value
    }

    /// GPT-2 and GPT-3: learned positions, the head is tied, every linear has a bias.
    func gpt2() throws -> ModelConfig {
        let architecture = Architecture(
            family: .gpt2, norm: .layerNorm, mlp: .plain, activation: try activation("activation_function", default: .gelu),
            rotaryDimensions: nil, learnedPositions: try positions("n_positions", default: 1024))
        return try gptKeys(architecture, tiedByDefault: true, attentionBias: true)
    }

    /// The key names GPT-2 and GPT-J share: `n_embd`, `n_layer`, `n_head`, and `n_inner`
    /// (4·`n_embd` when absent or null); their MLPs always have biases.
    func gptKeys(_ architecture: Architecture, tiedByDefault: Bool, attentionBias: Bool) throws -> ModelConfig {
        let hidden = try reader.int("n_embd")
        return try ModelConfig(
            name: name, modelType: modelType, layerCount: try reader.int("n_layer"), hiddenSize: hidden,
            attentionHeads: try reader.int("n_head"), intermediateSize: try reader.optionalInt("n_inner") ?? 4 * hidden,
            vocabularySize: try reader.int("vocab_size"),
            tieWordEmbeddings: try reader.optionalBool("tie_word_embeddings") ?? tiedByDefault,
            hiddenActivation: try reader.optionalString("activation_function"),
            qkvBias: attentionBias, outputProjectionBias: attentionBias, mlpBias: true, architecture: architecture)
    }

    /// OPT: learned positions with OPT's offset of 2 rows, ReLU, `enable_bias`, `project_in`/
    /// `project_out` when `word_embed_proj_dim` differs from the width, and no final norm in the
    /// post-norm layout (`do_layer_norm_before: false`, OPT-350m) or with `_remove_final_layer_norm`.
    func opt() throws -> ModelConfig {
        let hidden = try reader.int("hidden_size")
        let projection = try reader.optionalInt("word_embed_proj_dim") ?? hidden
        let bias = try reader.optionalBool("enable_bias") ?? true
        let normBefore = try reader.optionalBool("do_layer_norm_before") ?? true
        let finalNormRemoved = try reader.optionalBool("_remove_final_layer_norm") ?? false
        let architecture = Architecture(
            family: .opt, norm: .layerNorm, mlp: .plain, activation: try activation("activation_function", default: .relu),
            rotaryDimensions: nil, learnedPositions: try positions("max_position_embeddings", default: 2048) + 2,
            embeddingProjection: projection == hidden ? nil : projection,
            finalNorm: normBefore && !finalNormRemoved)
        return try ModelConfig(
            name: name, modelType: modelType, layerCount: try reader.int("num_hidden_layers"), hiddenSize: hidden,
            attentionHeads: try reader.int("num_attention_heads"), intermediateSize: try reader.int("ffn_dim"),
            vocabularySize: try reader.int("vocab_size"),
            tieWordEmbeddings: try reader.optionalBool("tie_word_embeddings") ?? true,
            hiddenActivation: try reader.optionalString("activation_function"),
            qkvBias: bias, outputProjectionBias: bias, mlpBias: bias, architecture: architecture)
    }

    /// GPT-J: RoPE on the first `rotary_dim` channels of each head, one LayerNorm per layer feeding
    /// attention and MLP in parallel, bias-free attention, an MLP and a head with biases.
    func gptj() throws -> ModelConfig {
        let architecture = Architecture(
            family: .gptj, norm: .layerNorm, mlp: .plain, activation: try activation("activation_function", default: .gelu),
            rotaryDimensions: try reader.int("rotary_dim"), sharedNorm: true, headBias: true)
        return try gptKeys(architecture, tiedByDefault: false, attentionBias: false)
    }

    /// GPT-NeoX / Pythia: RoPE on `rotary_pct` of each head, biases everywhere (`attention_bias`).
    func gptNeoX() throws -> ModelConfig {
        let hidden = try reader.int("hidden_size"), heads = try reader.int("num_attention_heads")
        let fraction = try reader.optionalDouble("rotary_pct") ?? 0.25
        guard fraction > 0, fraction <= 1 else {
            throw ModelConfigError.inconsistent("rotary_pct must be in (0, 1], got \(fraction)", source: reader.source)
        }
        let bias = try reader.optionalBool("attention_bias") ?? true
        let architecture = Architecture(
            family: .gptNeoX, norm: .layerNorm, mlp: .plain, activation: try activation("hidden_act", default: .gelu),
            rotaryDimensions: Int(Double(hidden / max(heads, 1)) * fraction))
        return try ModelConfig(
            name: name, modelType: modelType, layerCount: try reader.int("num_hidden_layers"), hiddenSize: hidden,
            attentionHeads: heads, intermediateSize: try reader.int("intermediate_size"),
            vocabularySize: try reader.int("vocab_size"),
            tieWordEmbeddings: try reader.optionalBool("tie_word_embeddings") ?? false,
            hiddenActivation: try reader.optionalString("hidden_act"),
            qkvBias: bias, outputProjectionBias: bias, mlpBias: true, architecture: architecture)
    }
}

/// DeepSeek-V2 and V3 (`deepseek_v2`, `deepseek_v3`): multi-head latent attention and a routed MLP
/// with shared experts after `first_k_dense_replace` dense layers.
///
/// Keys a config may leave out take the defaults of the model's configuration class
/// (`DeepseekV2Config`, `DeepseekV3Config`); keys that do not change cost and are ignored:
/// `n_group`/`topk_group` (group-limited routing chooses among the same `k` experts),
/// `routed_scaling_factor` and `norm_topk_prob` (a scale on the `k` weights), `scoring_func`
/// (sigmoid or softmax over the `E` scores: counted as the softmax), `rope_scaling` (YaRN rescales
/// the same rotary channels), `aux_loss_alpha`/`seq_aux` (training only), `quantization_config`
/// (the weight format is `--w-bit`'s).
extension ConfigReader {
    struct DeepSeekDefaults {
        var nRoutedExperts: Int?
        var nSharedExperts: Int?
        var expertsPerToken: Int?
        var moeIntermediateSize: Int
        var firstDense: Int
        var intermediateSize: Int
        var vocabularySize: Int
        var predictionLayers: Int

        static func of(_ modelType: String?) -> DeepSeekDefaults {
            modelType == "deepseek_v3"
                ? DeepSeekDefaults(nRoutedExperts: 256, nSharedExperts: 1, expertsPerToken: 8, moeIntermediateSize: 2048,
                                   firstDense: 3, intermediateSize: 18432, vocabularySize: 129280, predictionLayers: 1)
                : DeepSeekDefaults(nRoutedExperts: nil, nSharedExperts: nil, expertsPerToken: nil, moeIntermediateSize: 1407,
                                   firstDense: 0, intermediateSize: 11008, vocabularySize: 102400, predictionLayers: 0)
        }
    }

    func deepseek() throws -> ModelConfig {
        let defaults = DeepSeekDefaults.of(modelType)
        let hidden = try reader.int("hidden_size"), heads = try reader.int("num_attention_heads")
        let layers = try reader.int("num_hidden_layers")
        if try reader.optionalBool("attention_bias") ?? false {
            throw ModelConfigError.inconsistent(
                "attention_bias true adds biases to the latent projections, which aim-viewer does not price; only attention_bias false (every published DeepSeek-V2/V3) is supported",
                source: reader.source)
        }
        if reader.fields["sliding_window"].map({ $0 != .null }) ?? false || reader.fields["layer_types"] != nil {
            throw ModelConfigError.inconsistent("sliding windows or layer_types on latent attention are not priced", source: reader.source)
        }
        // `q_lora_rank` null (DeepSeek-V2-Lite): a direct q projection; absent: the class's 1536.
        let queryRank: Int? = reader.fields["q_lora_rank"] == .null ? nil : try reader.optionalInt("q_lora_rank") ?? 1536
        let latent = LatentAttention(
            queryLoraRank: queryRank, kvLoraRank: try reader.optionalInt("kv_lora_rank") ?? 512,
            nopeHeadDim: try reader.optionalInt("qk_nope_head_dim") ?? 128,
            ropeHeadDim: try reader.optionalInt("qk_rope_head_dim") ?? 64,
            valueHeadDim: try reader.optionalInt("v_head_dim") ?? 128)
        for (key, value) in [("q_lora_rank", latent.queryLoraRank ?? 1), ("kv_lora_rank", latent.kvLoraRank),
                             ("qk_nope_head_dim", latent.nopeHeadDim), ("qk_rope_head_dim", latent.ropeHeadDim),
                             ("v_head_dim", latent.valueHeadDim)] where value <= 0 {
            throw ModelConfigError.nonPositive(key: key, value: value, source: reader.source)
        }
        for (key, value) in [("kv_lora_rank", latent.kvLoraRank), ("q_lora_rank", latent.queryLoraRank ?? 0),
                             ("qk_nope_head_dim", latent.nopeHeadDim), ("qk_rope_head_dim", latent.ropeHeadDim),
                             ("v_head_dim", latent.valueHeadDim)] where value > ModelLimits.width {
            throw ModelConfigError.tooLarge(key: key, value: value, limit: ModelLimits.width, source: reader.source)
        }
        var architecture = Architecture.llama(headDim: latent.queryKeyHeadDim)
        architecture.family = .deepseek
        architecture.activation = try activation("hidden_act", default: .silu)
        architecture.rotaryDimensions = latent.ropeHeadDim
        architecture.latentAttention = latent
        architecture.experts = try deepseekExperts(defaults, layers: layers)
        if modelType == "deepseek_v3" {
            let prediction = try reader.optionalInt("num_nextn_predict_layers") ?? defaults.predictionLayers
            guard prediction >= 0 else {
                throw ModelConfigError.nonPositive(key: "num_nextn_predict_layers", value: prediction, source: reader.source)
            }
            architecture.multiTokenPredictionLayers = prediction
        }
        return try ModelConfig(
            name: name, modelType: modelType, layerCount: layers, hiddenSize: hidden, attentionHeads: heads,
            keyValueHeads: heads, intermediateSize: try reader.optionalInt("intermediate_size") ?? defaults.intermediateSize,
            vocabularySize: try reader.optionalInt("vocab_size") ?? defaults.vocabularySize,
            statedHeadDim: latent.queryKeyHeadDim,
            tieWordEmbeddings: try reader.optionalBool("tie_word_embeddings") ?? false,
            hiddenActivation: try reader.optionalString("hidden_act"), architecture: architecture)
    }

    /// Layer `l` is routed when `n_routed_experts` is set, `l ≥ first_k_dense_replace` and
    /// `l % moe_layer_freq == 0` (DeepseekV2DecoderLayer); `n_shared_experts` experts of
    /// `moe_intermediate_size` run for every token, unscaled. V3's `noaux_tc` routing adds a bias
    /// per expert (`e_score_correction_bias`).
    func deepseekExperts(_ defaults: DeepSeekDefaults, layers: Int) throws -> MixtureOfExperts? {
        let routed = reader.fields["n_routed_experts"] == .null ? nil
            : try reader.optionalInt("n_routed_experts") ?? defaults.nRoutedExperts
        guard let routed else { return nil }
        let firstDense = try reader.optionalInt("first_k_dense_replace") ?? defaults.firstDense
        let frequency = try reader.optionalInt("moe_layer_freq") ?? 1
        guard frequency > 0 else { throw ModelConfigError.nonPositive(key: "moe_layer_freq", value: frequency, source: reader.source) }
        guard firstDense >= 0 else {
            throw ModelConfigError.nonPositive(key: "first_k_dense_replace", value: firstDense, source: reader.source)
        }
        let perToken = try reader.optionalInt("num_experts_per_tok") ?? defaults.expertsPerToken
        guard let perToken else { throw ModelConfigError.missingKey(key: "num_experts_per_tok", source: reader.source) }
        let size = try reader.optionalInt("moe_intermediate_size") ?? defaults.moeIntermediateSize
        let shared = reader.fields["n_shared_experts"] == .null ? 0
            : try reader.optionalInt("n_shared_experts") ?? defaults.nSharedExperts ?? 0
        guard shared >= 0 else { throw ModelConfigError.nonPositive(key: "n_shared_experts", value: shared, source: reader.source) }
        let topk = try reader.optionalString("topk_method") ?? (modelType == "deepseek_v3" ? "noaux_tc" : "greedy")
        guard ["greedy", "group_limited_greedy", "noaux_tc"].contains(topk) else {
            throw ModelConfigError.inconsistent("topk_method '\(topk)' is not a routing aim-viewer prices (greedy, group_limited_greedy, noaux_tc)",
                                                source: reader.source)
        }
        let dense = (0..<layers).filter { $0 < firstDense || $0 % frequency != 0 }
        return MixtureOfExperts(
            expertCount: routed, expertsPerToken: perToken, expertIntermediateSize: size,
            sharedExpertIntermediateSize: shared * size, denseLayers: dense, routerBias: topk == "noaux_tc")
    }
}

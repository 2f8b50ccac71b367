import Foundation

extension ModelConfig {
    /// Reads a Hugging Face `config.json`. Unknown keys are ignored; a missing required key is an
    /// error naming the key and `source`. Multimodal wrappers (LLaVA, LLaVA-OneVision) keep the LLM
    /// under `text_config`; that object is read when the top level has no `hidden_size`.
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
        if fields["hidden_size"] == nil, case .object(let text)? = fields["text_config"] {
            fields = text.merging(fields.filter { $0.key == "tie_word_embeddings" }) { inner, _ in inner }
        }
        let reader = JSONFieldReader(fields: fields, source: source)
        do {
            let modelType = try reader.optionalString("model_type")
            // `attention_bias` (LLaMA, Mistral) covers q, k, v and o; Qwen2 always has q/k/v biases only.
            let attentionBias = try reader.optionalBool("attention_bias")
            let qwenStyleBias = ["qwen2", "qwen2_moe", "qwen2_vl"].contains(modelType ?? "")
            return try ModelConfig(
                name: name ?? source,
                modelType: modelType,
                layerCount: try reader.int("num_hidden_layers"),
                hiddenSize: try reader.int("hidden_size"),
                attentionHeads: try reader.int("num_attention_heads"),
                keyValueHeads: try reader.optionalInt("num_key_value_heads"),
                intermediateSize: try reader.int("intermediate_size"),
                vocabularySize: try reader.int("vocab_size"),
                statedHeadDim: try reader.optionalInt("head_dim"),
                tieWordEmbeddings: try reader.optionalBool("tie_word_embeddings") ?? false,
                hiddenActivation: try reader.optionalString("hidden_act"),
                qkvBias: attentionBias ?? qwenStyleBias,
                outputProjectionBias: attentionBias ?? false,
                mlpBias: try reader.optionalBool("mlp_bias") ?? false)
        } catch let error as FieldError {
            switch error {
            case let .missing(key, source): throw ModelConfigError.missingKey(key: key, source: source)
            case let .wrongType(key, expected, source):
                throw ModelConfigError.wrongType(key: key, expected: expected, source: source)
            }
        }
    }
}

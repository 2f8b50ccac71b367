@testable import AIMViewerCore
import Foundation
import Testing

/// A config stating only its `model_type` reads as the model its Hugging Face configuration class
/// builds by default; the parameter counts are those `transformers` instantiates (published exact
/// counts of LLaMA-7B, GPT-2 small, OPT-125m and GPT-NeoX-20B; GPT-J-6B by hand).
struct ClassDefaultsTests {
    func decode(_ json: String) throws -> ModelConfig {
        try ModelConfig.decode(json: Data(json.utf8), source: "config.json")
    }

    @Test func llamaConfigDefaultsAreLLaMA7B() throws {
        let model = try decode(#"{"model_type": "llama"}"#)
        #expect(model.hiddenSize == 4096 && model.intermediateSize == 11008 && model.layerCount == 32)
        #expect(model.attentionHeads == 32 && model.keyValueHeads == 32 && model.vocabularySize == 32000)
        #expect(!model.tieWordEmbeddings && !model.qkvBias && !model.mlpBias && model.architecture.attentionWindow == nil)
        #expect(model.parameterCount.total == 6_738_415_616)
    }

    /// A stated key wins over the default, and a stated null is the class's `None`.
    @Test func statedKeysOverrideDefaults() throws {
        let model = try decode(#"{"model_type": "llama", "num_hidden_layers": 2, "num_key_value_heads": null, "vocab_size": 100}"#)
        #expect(model.layerCount == 2 && model.keyValueHeads == 32 && model.vocabularySize == 100)
    }

    @Test func mistralConfigDefaultsWindowEveryLayer() throws {
        let model = try decode(#"{"model_type": "mistral"}"#)
        #expect(model.keyValueHeads == 8 && model.intermediateSize == 14336 && model.vocabularySize == 32000)
        #expect(model.architecture.attentionWindow == AttentionWindow(tokens: 4096, layers: Array(0..<32), key: "sliding_window"))
        let unwindowed = try decode(#"{"model_type": "mistral", "sliding_window": null}"#)
        #expect(unwindowed.architecture.attentionWindow == nil)
    }

    @Test func qwen2ConfigDefaultsKeepTheWindowOff() throws {
        let model = try decode(#"{"model_type": "qwen2"}"#)
        #expect(model.vocabularySize == 151936 && model.intermediateSize == 22016 && model.keyValueHeads == 32)
        #expect(model.qkvBias && !model.outputProjectionBias && model.architecture.attentionWindow == nil)
        let windowed = try decode(#"{"model_type": "qwen2", "use_sliding_window": true}"#)
        #expect(windowed.architecture.attentionWindow?.tokens == 4096)
        #expect(windowed.architecture.attentionWindow?.layers == Array(28..<32))
    }

    @Test func qwen2VLTextDefaultsAreQwen2VL72B() throws {
        for type in ["qwen2_vl", "qwen2_vl_text"] {
            let model = try decode(#"{"model_type": "\#(type)"}"#)
            #expect(model.hiddenSize == 8192 && model.layerCount == 80 && model.keyValueHeads == 8 && model.vocabularySize == 152064)
            #expect(model.qkvBias && model.architecture.attentionWindow == nil)
        }
    }

    @Test func mixtralAndQwen2MoEDefaults() throws {
        let mixtral = try decode(#"{"model_type": "mixtral"}"#)
        #expect(mixtral.architecture.experts == MixtureOfExperts(expertCount: 8, expertsPerToken: 2, expertIntermediateSize: 14336))
        #expect(mixtral.architecture.attentionWindow == nil && mixtral.keyValueHeads == 8)
        let qwen = try decode(#"{"model_type": "qwen2_moe"}"#)
        #expect(qwen.architecture.experts == MixtureOfExperts(
            expertCount: 60, expertsPerToken: 4, expertIntermediateSize: 1408, sharedExpertIntermediateSize: 5632,
            sharedExpertGate: true))
        #expect(qwen.hiddenSize == 2048 && qwen.layerCount == 24 && qwen.attentionHeads == 16)
    }

    @Test func internLM2DefaultsHaveBiasedAttention() throws {
        let model = try decode(#"{"model_type": "internlm2"}"#)
        #expect(model.vocabularySize == 103168 && model.qkvBias && model.outputProjectionBias && !model.mlpBias)
    }

    @Test func gptFamilyDefaultsHaveThePublishedCounts() throws {
        let gpt2 = try decode(#"{"model_type": "gpt2"}"#)
        #expect(gpt2.tieWordEmbeddings && gpt2.architecture.learnedPositions == 1024)
        #expect(gpt2.parameterCount.total == 124_439_808)
        #expect(try decode(#"{"model_type": "opt"}"#).parameterCount.total == 125_239_296)
        // GPT-J-6B: 28 layers of bias-free attention, a biased 4x GELU MLP and one LayerNorm; an untied, biased head.
        let d = 4096.0, v = 50400.0
        let gptjLayer = 4 * d * d + 2 * d * 4 * d + 4 * d + d + 2 * d
        #expect(try decode(#"{"model_type": "gptj"}"#).parameterCount.total == 28 * gptjLayer + 2 * v * d + v + 2 * d)
        #expect(try decode(#"{"model_type": "gpt_neox"}"#).parameterCount.total == 20_554_567_680)
    }

    /// OPT's `attribute_map` reads `d_model` as `hidden_size`, so an old file's width is not replaced by the default.
    @Test func optReadsDModelAsTheWidth() throws {
        let model = try decode(#"{"model_type": "opt", "d_model": 512, "num_attention_heads": 8}"#)
        #expect(model.hiddenSize == 512)
    }

    /// LLaVA's text_config names no model_type when it is the class default (llama).
    @Test func llavaTextConfigWithoutModelTypeIsLlama() throws {
        let model = try decode(#"{"model_type": "llava", "text_config": {"vocab_size": 32064}}"#)
        #expect(model.modelType == "llama" && model.hiddenSize == 4096 && model.vocabularySize == 32064)
    }
}

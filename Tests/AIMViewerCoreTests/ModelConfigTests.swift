@testable import AIMViewerCore
import Foundation
import Testing

struct ModelConfigTests {
    func decode(_ json: String) throws -> ModelConfig {
        try ModelConfig.decode(json: Data(json.utf8), source: "config.json")
    }

    let minimal = """
        {"hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 16,
         "vocab_size": 10, "some_unknown_key": [1, 2], "model_type": "llama"}
        """

    @Test func keyValueHeadsDefaultToHeadsAndUnknownKeysAreIgnored() throws {
        let model = try decode(minimal)
        #expect(model.keyValueHeads == 2)
        #expect(model.headDim == 4)
        #expect(model.modelType == "llama")
        #expect(model.tieWordEmbeddings == false)
    }

    /// A key the file leaves out reads as its configuration class's default (ClassDefaultsTests).
    @Test func missingKeyReadsTheClassDefault() throws {
        let model = try decode(#"{"model_type": "qwen2", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1, "intermediate_size": 16}"#)
        #expect(model.vocabularySize == 151936)
    }

    @Test func malformedAndMistypedFiles() {
        #expect(throws: ModelConfigError.self) { try decode("{not json") }
        #expect(throws: ModelConfigError.self) { try decode("[1, 2]") }
        #expect(throws: ModelConfigError.wrongType(key: "hidden_size", expected: "an integer", source: "config.json")) {
            try decode(minimal.replacingOccurrences(of: "\"hidden_size\": 8", with: "\"hidden_size\": \"8\""))
        }
        #expect(throws: ModelConfigError.wrongType(key: "hidden_size", expected: "an integer (got 8.5)", source: "config.json")) {
            try decode(minimal.replacingOccurrences(of: "\"hidden_size\": 8", with: "\"hidden_size\": 8.5"))
        }
    }

    @Test func zeroOrNegativeSizesAreErrors() {
        #expect(throws: ModelConfigError.nonPositive(key: "hidden_size", value: 0, source: "config.json")) {
            try decode(minimal.replacingOccurrences(of: "\"hidden_size\": 8", with: "\"hidden_size\": 0"))
        }
        #expect(throws: ModelConfigError.nonPositive(key: "vocab_size", value: -1, source: "config.json")) {
            try decode(minimal.replacingOccurrences(of: "\"vocab_size\": 10", with: "\"vocab_size\": -1"))
        }
    }

    @Test func headsMustDivideHiddenUnlessHeadDimIsGiven() throws {
        let odd = minimal.replacingOccurrences(of: "\"num_attention_heads\": 2", with: "\"num_attention_heads\": 3")
        #expect(throws: ModelConfigError.self) { try decode(odd) }
        let stated = try decode(odd.replacingOccurrences(of: "\"vocab_size\": 10", with: "\"vocab_size\": 10, \"head_dim\": 4, \"num_key_value_heads\": 1"))
        #expect(stated.headDim == 4)
    }

    @Test func multimodalWrapperReadsTextConfig() throws {
        let model = try decode(#"{"model_type": "llava", "text_config": \#(minimal), "tie_word_embeddings": true}"#)
        #expect(model.hiddenSize == 8)
        #expect(model.modelType == "llama")
    }

    @Test func booleansAreNotIntegers() {
        #expect(throws: ModelConfigError.self) {
            try decode(minimal.replacingOccurrences(of: "\"hidden_size\": 8", with: "\"hidden_size\": true"))
        }
        #expect(throws: ModelConfigError.self) {
            try decode(minimal.replacingOccurrences(of: "\"vocab_size\": 10", with: "\"vocab_size\": 10, \"tie_word_embeddings\": 1"))
        }
    }
}

import AIMViewerCore
import Foundation
import Testing

/// Sliding windows read as each model's own code applies them, and never priced as full attention
/// beyond the window.
struct AttentionWindowTests {
    static func config(_ extra: String, type: String = "mistral", layers: Int = 4) throws -> ModelConfig {
        let json = #"{"model_type": "\#(type)", "hidden_size": 64, "num_hidden_layers": \#(layers), "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 128, "vocab_size": 1000\#(extra)}"#
        return try ModelConfig.decode(json: Data(json.utf8), source: "config.json")
    }

    @Test func mistralWindowsEveryLayerAndNullMeansNone() throws {
        let windowed = try Self.config(#", "sliding_window": 16"#)
        #expect(windowed.architecture.attentionWindow == AttentionWindow(tokens: 16, layers: [0, 1, 2, 3], key: "sliding_window"))
        #expect(try Self.config(#", "sliding_window": null"#).architecture.attentionWindow == nil)
        // Absent, it is MistralConfig's default of 4096.
        #expect(try Self.config("").architecture.attentionWindow?.tokens == 4096)
        #expect(throws: ModelConfigError.self) { try Self.config(#", "sliding_window": 0"#) }
    }

    /// Qwen2 windows only with `use_sliding_window`, from `max_window_layers` on (`layer_idx >= max_window_layers`).
    @Test func qwen2WindowsOnlyWhenAskedFromMaxWindowLayers() throws {
        #expect(try Self.config(#", "sliding_window": 16, "use_sliding_window": false"#, type: "qwen2").architecture.attentionWindow == nil)
        #expect(try Self.config(#", "sliding_window": 16"#, type: "qwen2").architecture.attentionWindow == nil)
        let on = try Self.config(#", "sliding_window": 16, "use_sliding_window": true, "max_window_layers": 2"#, type: "qwen2")
        #expect(on.architecture.attentionWindow?.layers == [2, 3])
        let all = try Self.config(#", "sliding_window": 16, "use_sliding_window": true, "max_window_layers": 4"#, type: "qwen2")
        #expect(all.architecture.attentionWindow == nil, "max_window_layers = depth leaves every layer full")
    }

    @Test func layerTypesAreReadAndUnknownLayersRefusedByName() throws {
        let mixed = try Self.config(#", "sliding_window": 8, "layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention"]"#)
        #expect(mixed.architecture.attentionWindow?.layers == [0, 2])
        let error = try #require(throws: ModelConfigError.self) {
            try Self.config(#", "layer_types": ["full_attention", "linear_attention", "full_attention", "full_attention"]"#)
        }
        #expect(error.description.contains("layer_types[1] is 'linear_attention'"))
        #expect(throws: ModelConfigError.self) { try Self.config(#", "layer_types": ["full_attention"]"#) }
    }

    /// LLM-Viewer has no windowed formula: within the window full causal attention is what the
    /// model computes, priced; one key beyond (the prefill or a decode step) is refused under the
    /// llm-viewer convention, which attends the cache without the new token.
    @Test func contextsBeyondTheWindowAreRefusedUnderLLMViewer() throws {
        let model = try Self.config(#", "sliding_window": 16"#)
        let analyzer = try Analyzer(model: model, hardware: Fixtures.a100, options: AnalysisOptions(convention: .llmViewer))
        _ = try analyzer.analyze(TokenSchedule.uniform(tokens: 16, layerCount: 4))
        let beyond = try #require(throws: AnalysisError.self) { try analyzer.analyze(TokenSchedule.uniform(tokens: 17, layerCount: 4)) }
        #expect(beyond.description.contains("layer 0 would attend 17 keys"))
        #expect(beyond.description.contains("sliding_window 16"))
        #expect(beyond.description.contains("exact, which prices the window"))
        let short = try analyzer.analyze(TokenSchedule.uniform(tokens: 10, layerCount: 4))
        _ = try analyzer.generation(after: short, steps: 6)
        #expect(throws: AnalysisError.self) { try analyzer.generation(after: short, steps: 7) }
        let exact = try Analyzer(model: model, hardware: Fixtures.a100, options: AnalysisOptions(convention: .exact))
        _ = try exact.generation(after: exact.analyze(TokenSchedule.uniform(tokens: 100, layerCount: 4)), steps: 100)
        #expect(throws: AnalysisError.self) { try model.requireWithinAttentionWindow(largestPrompt: 16) }
        try model.requireWithinAttentionWindow(largestPrompt: 15)
    }

    @Test func theWindowSurvivesAStoredRun() throws {
        let model = try Self.config(#", "sliding_window": 16, "layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention"]"#)
        let decoded = try JSONDecoder().decode(ModelConfig.self, from: JSONEncoder().encode(model))
        #expect(decoded == model)
        #expect(model.architecture.summary(headDim: model.headDim).contains("sliding window 16 on layers 0, 2"))
    }
}

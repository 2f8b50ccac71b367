import AIMReference
import AIMViewerCore
import Testing

/// The engine's memory is estimated before anything is allocated.
struct EngineMemoryTests {
    @Test func estimateCountsWeightsScoresAndTransition() throws {
        // d = 8, 2 heads of 4, 1 KV head, f = 16, V = 10, 2 layers; 1 frame of 4 tokens, no merge, 2 text tokens.
        let config = try ModelConfig(name: "tiny", layerCount: 2, hiddenSize: 8, attentionHeads: 2, keyValueHeads: 1,
                                     intermediateSize: 16, vocabularySize: 10)
        let workload = EngineWorkload(frames: 1, tokensPerFrame: 4, systemTokens: 1, questionTokens: 1, mergeIterations: 0,
                                      pruneStartLayer: 0, pruneStep: 0.5)
        // Weights: per layer 8·(8 + 2·4) + 8·8 + 3·8·16 + 2·8 = 592; (2·592 + 2·10·8)·4 = 5376 bytes.
        // RoPE 6·4·2·4 = 192; visual rows 4·8·8 + 4·8·8·2 = 768; activations 6·(8·8 + 2·4 + 3·16)·4 = 2880;
        // scores 6·6·4 = 144; PageRank's transition 6·6·8 = 288.
        let expected: Double = 5376 + 192 + 768 + 2880 + 144 + 288
        #expect(EngineMemory.estimatedPeakBytes(config: config, workload: workload) == expected)
        #expect(throws: Never.self) { try EngineMemory.requireFits(config: config, workload: workload) }
    }

    @Test func aRunBeyondTheLimitIsRefusedWithWhatItNeeds() throws {
        var workload = EngineWorkload.scaledDefault(layerCount: 1)
        workload.frames = 334
        workload.mergeIterations = 0
        var config = ReferenceModel.tinyQwen2Config()
        config.layerCount = 1
        #expect(EngineMemory.estimatedPeakBytes(config: config, workload: workload) > 17e9)
        #expect(throws: ReferenceError.self) { try EngineMemory.requireFits(config: config, workload: workload) }
    }
}

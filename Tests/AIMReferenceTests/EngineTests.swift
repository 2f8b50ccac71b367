import AIMViewerCore
import Testing
@testable import AIMReference

@Suite struct EngineTests {
    static let config = ReferenceModel.tinyQwen2Config()

    static func smallWorkload() -> EngineWorkload {
        EngineWorkload(frames: 2, tokensPerFrame: 13, systemTokens: 3, questionTokens: 4, mergeIterations: 2,
                       pruneStartLayer: 2, pruneStep: 0.25)
    }

    @Test func crosscheckCountsEqualTheExactConventionOnEveryOperator() throws {
        let workload = Self.smallWorkload()
        let model = try ReferenceModel(config: Self.config, seed: 1, maxPositions: 64)
        let cpu = try HardwareProfile(name: "cpu", memoryBandwidthBytesPerSecond: 2e10,
                                      peakOpsPerSecond: [.fp32: 1e11], onChipBufferBytes: 1_048_576)
        let result = try Crosscheck.run(engine: ReferenceEngine(model: model), workload: workload, hardware: cpu)
        #expect(result.mismatches.isEmpty, "\(result.mismatches)")
        // 13 → 7 → 4 tokens per frame: 8 visual + 7 text = 15 prompt tokens.
        #expect(result.layers[0].executedTokens == 15)
        // The engine executes the model alignment; the analyzer alignment leads it by one layer.
        #expect(result.layers.map(\.executedTokens) == result.layers.map(\.modelAlignedTokens))
        #expect(result.measuredShift == 1)
        #expect(result.layers.map(\.executedTokens) == [15, 15, 15, 13, 11, 9, 7, 7])
        #expect(result.layers.allSatisfy { $0.maskModeRows == 15 })
        #expect(result.operators.contains { $0.name == .pagerank && $0.counted.ops > 0 })
        #expect(result.operators.contains { $0.name == .tokenMerge && $0.counted.ops > 0 })
    }
}

extension EngineTests {
    /// Mask mode starts PageRank from 1/N over every position and lets dead rows vote; gather mode
    /// ranks only live tokens. On this workload the keep sets part after a later pruning layer, and
    /// the crosscheck reports where. The first pruning layer has no dead tokens yet, so both agree there.
    @Test func maskAndGatherModesCanKeepDifferentTokens() throws {
        let workload = EngineWorkload(frames: 1, tokensPerFrame: 16, systemTokens: 1, questionTokens: 2,
                                      mergeIterations: 0, pruneStartLayer: 1, pruneStep: 0.3, seed: 2)
        let model = try ReferenceModel(config: Self.config, seed: 2, maxPositions: 32)
        let engine = ReferenceEngine(model: model)
        let gather = try engine.run(workload, mode: .gather)
        let mask = try engine.run(workload, mode: .mask)
        #expect(gather.keptAfterLayer[1] == mask.keptAfterLayer[1])
        let differing = (0..<Self.config.layerCount).filter { gather.keptAfterLayer[$0] != mask.keptAfterLayer[$0] }
        #expect(!differing.isEmpty)
        #expect(mask.rowsPerLayer.allSatisfy { $0 == 19 })
        #expect(gather.rowsPerLayer == gather.liveTokensPerLayer)
        // Same seed, same bits: a second run reproduces the logits exactly.
        #expect(try engine.run(workload, mode: .gather).lastLogits == gather.lastLogits)
    }
}

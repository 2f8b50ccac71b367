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

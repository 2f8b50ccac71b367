@testable import AIMViewerCore
import Testing

/// Each corrected `exact` formula on the tiny model (d = 8, h = 2, h_kv = 1, d_h = 4, f = 16, V = 10,
/// no biases), 16-bit, batch 1, by hand.
struct ExactOperatorTests {
    static func costs(_ step: TokenStep, model: ModelConfig = Fixtures.tinyModel,
                      options: AnalysisOptions = AnalysisOptions(), perSM: Double? = nil,
                      pagerank: Int? = nil, layer: Int = 0) throws -> [OperatorName: OperatorCost] {
        var costs: [OperatorName: OperatorCost] = [:]
        try ExactOperators(model: model, options: options, onChipMemoryPerSMBytes: perSM)
            .forEachLayerOperator(step, layer: layer, pagerankTokens: pagerank) { costs[$0] = $1 }
        return costs
    }

    let prefill = try! costs(.prefill(tokens: 3))

    @Test func rmsNormReadsItsWeight() {
        // 3 rows · (8·4 + 2) = 102 ops; weight 8·2 = 16 B; 48 B in and out.
        #expect(prefill[.attnNorm] == OperatorCost(ops: 102, loadWeightBytes: 16, loadActivationBytes: 48, storeActivationBytes: 48))
        #expect(prefill[.mlpNorm] == prefill[.attnNorm])
    }

    @Test func projectionsWithoutBiasMatchLLMViewer() {
        #expect(prefill[.qProj] == OperatorCost(ops: 384, loadWeightBytes: 128, loadActivationBytes: 48, storeActivationBytes: 48))
        // k goes to RoPE as an activation; v straight into the cache.
        #expect(prefill[.kProj] == OperatorCost(ops: 192, loadWeightBytes: 64, loadActivationBytes: 48, storeActivationBytes: 24))
        #expect(prefill[.vProj] == OperatorCost(ops: 192, loadWeightBytes: 64, loadActivationBytes: 48, storeKVBytes: 24))
        let viewer = Fixtures.costs(.prefill(tokens: 3))
        for name in [OperatorName.qProj, .outProj, .gateProj, .upProj, .downProj] {
            #expect(prefill[name] == viewer[name], "\(name)")
        }
    }

    @Test func biasesAddOneOpPerOutputAndTheirWeights() throws {
        let biased = try ModelConfig(name: "qwen-like", modelType: "qwen2", layerCount: 2, hiddenSize: 8, attentionHeads: 2,
                                     keyValueHeads: 1, intermediateSize: 16, vocabularySize: 10, qkvBias: true)
        let costs = try Self.costs(.prefill(tokens: 3), model: biased)
        // q: 384 + 8·3 = 408 ops; weights (64 + 8)·2 = 144 B.
        #expect(costs[.qProj]?.ops == 408 && costs[.qProj]?.loadWeightBytes == 144)
        #expect(costs[.kProj]?.ops == 204.0)
        #expect(costs[.outProj]?.ops == 384)  // Qwen2 has no o_proj bias
    }

    @Test func ropeRotatesQueriesAndKeysIntoTheCache() {
        // (8 + 4)·3 = 36 elements: 108 ops; reads 72 B + cos/sin 2·3·4·2 = 48 B; writes q 48 B, k 24 B to the cache.
        #expect(prefill[.rope] == OperatorCost(ops: 108, loadActivationBytes: 120, storeActivationBytes: 48, storeKVBytes: 24))
    }

    @Test func denseAttentionLoadsQueriesWithAllHeads() {
        #expect(prefill[.qkMatmul] == OperatorCost(ops: 144, loadActivationBytes: 48, storeActivationBytes: 36, loadKVBytes: 24))
        #expect(prefill[.softmax] == OperatorCost(ops: 90, loadActivationBytes: 36, storeActivationBytes: 36))
        #expect(prefill[.svMatmul] == OperatorCost(ops: 144, loadActivationBytes: 36, storeActivationBytes: 48, loadKVBytes: 24))
    }

    @Test func residualAddsReadTwoInputsAndBothCount() {
        let add = OperatorCost(ops: 24, loadActivationBytes: 96, storeActivationBytes: 48)
        #expect(prefill[.attnAdd] == add)
        #expect(prefill[.mlpAdd] == add)
        let skipped = try! Self.costs(.prefill(tokens: 3), options: AnalysisOptions(skipMLPAdd: true))
        #expect(skipped[.mlpAdd] == add)
    }

    @Test func swiGLUOverTheIntermediateSize() {
        // 3·16 = 48 elements · (4 + 1) = 240 ops; reads gate and up 192 B; writes 96 B.
        #expect(prefill[.mlpAct] == OperatorCost(ops: 240, loadActivationBytes: 192, storeActivationBytes: 96))
    }

    @Test func flashAttentionSkipsMaskedTilesAndReadsKVPerQueryTile() throws {
        // 64 B per SM = 32 elements: Br = min(ceil(32 / 16), 4) = 2; n = 10 → 5 tiles.
        // Keys read: 2·(1 + 2 + 3 + 4 + 5) = 30 = 5·0 + 2·5·4/2 + 10. Pairs 55 per head, 110 in all.
        let costs = try Self.costs(.prefill(tokens: 10), options: AnalysisOptions(flashAttention: true), perSM: 64)
        #expect(costs[.fusedAttention] == OperatorCost(
            ops: 4 * 110 * 4 + 110 * 5, loadActivationBytes: 160, storeActivationBytes: 160, loadKVBytes: 2 * 30 * 4 * 2))
        #expect(ExactOperators.causalKeysRead(queries: 10, context: 10, blockRows: 4) == 22)  // 4 + 8 + 10
        #expect(ExactOperators.causalKeysRead(queries: 1, context: 7, blockRows: 4) == 7)
        #expect(ExactOperators.causalPairs(queries: 10, context: 10) == 55)
        #expect(ExactOperators.causalPairs(queries: 1, context: 7) == 7)
    }

    @Test func flashAttentionNeedsPerSMMemory() {
        #expect(throws: AnalysisError.self) {
            try ExactOperators(model: Fixtures.tinyModel, options: AnalysisOptions(flashAttention: true), onChipMemoryPerSMBytes: nil)
        }
    }

    @Test func tensorParallelSplitsHeadsAndAddsAllReduces() throws {
        let mha = try ModelConfig(name: "mha", layerCount: 2, hiddenSize: 8, attentionHeads: 2, keyValueHeads: 2,
                                  intermediateSize: 16, vocabularySize: 10)
        let costs = try Self.costs(.prefill(tokens: 3), model: mha, options: AnalysisOptions(tensorParallel: 2))
        // One head of d_h 4 per device: qk 2·3·3·4·1 = 72 ops.
        #expect(costs[.qkMatmul]?.ops == 72)
        #expect(costs[.qProj]?.ops == 192.0)  // 2·8·4·3
        // 24 elements: 12 adds, 48 B in and out, 4·(1/2)·24·2 = 96 B over the link.
        let reduce = OperatorCost(ops: 12, loadActivationBytes: 48, storeActivationBytes: 48, interconnectBytes: 96)
        #expect(costs[.attnAllReduce] == reduce && costs[.mlpAllReduce] == reduce)
        #expect(try Self.costs(.prefill(tokens: 3), model: mha)[.attnAllReduce] == nil)
    }

    @Test func headDimIsHonoured() throws {
        let stated = try ModelConfig(name: "hd", layerCount: 1, hiddenSize: 8, attentionHeads: 2, keyValueHeads: 1,
                                     intermediateSize: 16, vocabularySize: 10, statedHeadDim: 16)
        let costs = try Self.costs(.prefill(tokens: 3), model: stated)
        #expect(costs[.qkMatmul]?.ops == 576.0)  // 2·3·3·16·2
        #expect(costs[.qProj]?.ops == 1536.0)  // 2·8·32·3: q width h·d_h = 32
    }

    @Test func pagerankAtPruningLayers() throws {
        // N = 3, 2 heads: 18 scores · (1 + 5) + 18·2·5 + 3·(2·2 + 1) = 108 + 180 + 15 = 303 ops.
        let costs = try Self.costs(.prefill(tokens: 3), pagerank: 3)
        #expect(costs[.pagerank] == OperatorCost(ops: 303, loadActivationBytes: 18 * 2 + 18 * 4 * 5, storeActivationBytes: 18 * 4 + 12))
    }

    @Test func headEmbeddingAndFinalNorm() throws {
        let ops = try ExactOperators(model: Fixtures.tinyModel, options: AnalysisOptions(), onChipMemoryPerSMBytes: nil)
        // 2·8·10 for the last position only.
        #expect(ops.head(stage: .prefill, lastLayerTokens: 3) == OperatorCost(ops: 160, loadWeightBytes: 160, loadActivationBytes: 16, storeActivationBytes: 20))
        let all = try ExactOperators(model: Fixtures.tinyModel, options: AnalysisOptions(logitsForAllPositions: true), onChipMemoryPerSMBytes: nil)
        #expect(all.head(stage: .prefill, lastLayerTokens: 3).ops == 480)
        #expect(all.head(stage: .decode, lastLayerTokens: 1).ops == 160)
        #expect(ops.embedding(tokens: 3) == OperatorCost(loadWeightBytes: 48, storeActivationBytes: 48))
        // Weights: layer (64 + 2·32 + 64 + 3·128 + 2·8)·2 = 1184 B; table, head, final norm (80 + 80 + 8)·2 = 336 B.
        #expect(ops.layerWeightBytes == 1184 && ops.modelWeightBytes == 336)
    }

    @Test func tokenMergePerFrame() throws {
        let ops = try ExactOperators(model: Fixtures.tinyModel, options: AnalysisOptions(), onChipMemoryPerSMBytes: nil)
        // 2 frames of 7 tokens, 2 rounds: (t 7, r 3) then (t 4, r 1); c = 8.
        let spec = AIMOverheadSpec(AIMScheduleParameters(frames: 2, tokensPerFrame: 7, textTokens: 0, mergeIterations: 2,
                                                         pruneStartLayer: 0, pruneStep: 0, alignment: .analyzer))
        #expect(spec.mergeRounds.map(\.tokens) == [7, 4] && spec.mergeRounds.map(\.removed) == [3, 1])
        let round1: Int = 3 * 7 * 8 + 2 * 4 * 3 * 8 + 7 * 8
        let round2: Int = 3 * 4 * 8 + 2 * 2 * 2 * 8 + 4 * 8
        #expect(ops.tokenMerge(spec).ops == Double(2 * (round1 + round2)))
    }
}

@testable import AIMViewerCore
import Testing

/// Each `llm-viewer` formula on the tiny model (d = 8, h = 2, h_kv = 1, d_h = 4, f = 16, V = 10),
/// 16-bit (2 bytes), batch 1, by hand.
struct LLMViewerOperatorTests {
    let prefill = Fixtures.costs(.prefill(tokens: 3))

    @Test func queryProjection() {
        // 2·8·8·1·3 = 384 ops; weights 8·8·2 = 128 B; in 8·3·2 = 48 B; out 8·3·2 = 48 B.
        #expect(prefill[.qProj] == OperatorCost(ops: 384, loadWeightBytes: 128, loadActivationBytes: 48, storeActivationBytes: 48))
        #expect(prefill[.outProj] == prefill[.qProj])
    }

    @Test func keyValueProjectionsStoreTheCache() {
        // oc = 8·1/2 = 4: 2·8·4·3 = 192 ops; weights 64 B; in 48 B; KV out 4·3·2 = 24 B.
        let expected = OperatorCost(ops: 192, loadWeightBytes: 64, loadActivationBytes: 48, storeKVBytes: 24)
        #expect(prefill[.kProj] == expected)
        #expect(prefill[.vProj] == expected)
    }

    @Test func mlpProjections() {
        // gate/up (8, 16): 2·8·16·3 = 768; weights 256 B; in 48 B; out 96 B. down (16, 8): in 96, out 48.
        let up = OperatorCost(ops: 768, loadWeightBytes: 256, loadActivationBytes: 48, storeActivationBytes: 96)
        #expect(prefill[.gateProj] == up)
        #expect(prefill[.upProj] == up)
        #expect(prefill[.downProj] == OperatorCost(ops: 768, loadWeightBytes: 256, loadActivationBytes: 96, storeActivationBytes: 48))
    }

    @Test func qkMatmulPrefillLoadsQueryWithKeyValueHeads() {
        // 2·3·3·4·2 = 144 ops; Q in 3·4·1(h_kv, quirk)·2 = 24 B; scores out 3·3·2·2 = 36 B; K in 3·4·1·2 = 24 B.
        #expect(prefill[.qkMatmul] == OperatorCost(ops: 144, loadActivationBytes: 24, storeActivationBytes: 36, loadKVBytes: 24))
    }

    @Test func svMatmulAndSoftmax() {
        // sv: 144 ops; scores in 36 B; out 3·4·2·2 = 48 B; V in 24 B. softmax: 5·2·9 = 90 ops, 36 B in and out.
        #expect(prefill[.svMatmul] == OperatorCost(ops: 144, loadActivationBytes: 36, storeActivationBytes: 48, loadKVBytes: 24))
        #expect(prefill[.softmax] == OperatorCost(ops: 90, loadActivationBytes: 36, storeActivationBytes: 36))
    }

    @Test func normsAddsAndActivation() {
        // elements b·d·n = 24: norm 168 ops, 48 B in/out; add 24 ops; act 48 ops, 96 B in, 48 B out (d, quirk).
        #expect(prefill[.attnNorm] == OperatorCost(ops: 168, loadActivationBytes: 48, storeActivationBytes: 48))
        #expect(prefill[.mlpNorm] == prefill[.attnNorm])
        #expect(prefill[.attnAdd] == OperatorCost(ops: 24, loadActivationBytes: 48, storeActivationBytes: 48))
        #expect(prefill[.mlpAdd] == prefill[.attnAdd])
        #expect(prefill[.mlpAct] == OperatorCost(ops: 48, loadActivationBytes: 96, storeActivationBytes: 48))
    }

    @Test func skipMLPAddDropsTheOperator() {
        let costs = Fixtures.costs(.prefill(tokens: 3), AnalysisOptions(convention: .llmViewer, skipMLPAdd: true))
        #expect(costs[.mlpAdd] == nil)
        #expect(costs.count == 14)
    }

    @Test func decodeStepAttendsTheContext() {
        let decode = Fixtures.costs(.decode(context: 5))
        // qk: 2·1·5·4·2 = 80 ops; Q in 4·2(h)·2 = 16 B; scores 5·2·2 = 20 B; K 5·4·1·2 = 40 B.
        #expect(decode[.qkMatmul] == OperatorCost(ops: 80, loadActivationBytes: 16, storeActivationBytes: 20, loadKVBytes: 40))
        // sv: 80 ops; scores in 20 B; out 4·2·2 = 16 B; V 40 B.
        #expect(decode[.svMatmul] == OperatorCost(ops: 80, loadActivationBytes: 20, storeActivationBytes: 16, loadKVBytes: 40))
        #expect(decode[.softmax] == OperatorCost(ops: 50, loadActivationBytes: 20, storeActivationBytes: 20))
        // k_proj for one token: 2·8·4 = 64 ops, KV out 4·2 = 8 B.
        #expect(decode[.kProj] == OperatorCost(ops: 64, loadWeightBytes: 64, loadActivationBytes: 16, storeKVBytes: 8))
    }

    @Test func fusedAttentionPrefill() {
        // block_r = min(ceil(64 / (2·4)), 4) = 4; blocks = ceil(10 / 4) = 3.
        // ops 2·(2·10·10·4·2) + 5·2·100 = 3200 + 1000 = 4200; Q in 10·4·2·2 = 160 B;
        // O out 2·(10·10·2·2) = 800 B (quirk); KV in 3·10·4·1·2·2 = 480 B.
        let costs = Fixtures.costs(.prefill(tokens: 10), AnalysisOptions(convention: .llmViewer, flashAttention: true))
        #expect(costs[.fusedAttention] == OperatorCost(ops: 4200, loadActivationBytes: 160, storeActivationBytes: 800, loadKVBytes: 480))
        #expect(costs[.qkMatmul] == nil && costs[.softmax] == nil && costs[.svMatmul] == nil)
    }

    @Test func fusedAttentionBlockSizeFollowsTheBuffer() {
        // buffer 8 bytes: block_r = ceil(8 / 8) = 1, so K/V are re-read once per query row: 10 blocks.
        var costs: [OperatorName: OperatorCost] = [:]
        Fixtures.operators(AnalysisOptions(convention: .llmViewer, flashAttention: true), buffer: 8)
            .forEachLayerOperator(.prefill(tokens: 10)) { costs[$0] = $1 }
        #expect(costs[.fusedAttention]?.loadKVBytes == 10 * 10 * 4 * 1 * 2 * 2 as Double)
    }

    @Test func headPricesOneTokenWithoutFactorTwo() {
        // b·d·V = 80 ops; weights 8·10·2 = 160 B; in 8·2 = 16 B; out 10·2 = 20 B.
        #expect(Fixtures.operators().head() == OperatorCost(ops: 80, loadWeightBytes: 160, loadActivationBytes: 16, storeActivationBytes: 20))
    }

    @Test func batchTensorParallelAndBits() {
        // batch 2, tp 2, 8-bit weights, 4-bit activations, 8-bit KV.
        let options = AnalysisOptions(convention: .llmViewer, batchSize: 2, weightBits: 8, activationBits: 4, kvBits: 8, tensorParallel: 2)
        var costs: [OperatorName: OperatorCost] = [:]
        Fixtures.operators(options).forEachLayerOperator(.prefill(tokens: 3)) { costs[$0] = $1 }
        // q_proj (8, 4): 2·8·4·2·3 = 384 ops; weights 32·1 = 32 B; in 8·2·3·0.5 = 24 B; out 4·2·3·0.5 = 12 B.
        #expect(costs[.qProj] == OperatorCost(ops: 384, loadWeightBytes: 32, loadActivationBytes: 24, storeActivationBytes: 12))
        // k_proj (8, 8·1/2/2 = 2): 2·8·2·2·3 = 192; KV out 2·2·3·1 = 12 B.
        #expect(costs[.kProj] == OperatorCost(ops: 192, loadWeightBytes: 16, loadActivationBytes: 24, storeKVBytes: 12))
        // Attention is not split by tp (quirk): qk ops 2·3·3·4·2 heads·2 batch = 288.
        #expect(costs[.qkMatmul]?.ops == 288)
    }

    @Test func headDimIsIgnoredByThisConvention() throws {
        let stated = try ModelConfig(name: "hd", layerCount: 1, hiddenSize: 8, attentionHeads: 2, keyValueHeads: 1,
                                     intermediateSize: 16, vocabularySize: 10, statedHeadDim: 16)
        var costs: [OperatorName: OperatorCost] = [:]
        Fixtures.operators(model: stated).forEachLayerOperator(.prefill(tokens: 3)) { costs[$0] = $1 }
        #expect(costs[.qkMatmul]?.ops == 144)  // d_h = 8 / 2 = 4, not 16
    }
}

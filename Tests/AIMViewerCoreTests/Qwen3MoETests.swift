@testable import AIMViewerCore
import Foundation
import Testing

/// Qwen3-MoE by hand on a tiny model: d = 16, h = 2, h_kv = 1, head_dim 8 (q width 16, k/v 8),
/// 4 experts of 8 (2 per token), 3 layers of which `mlp_only_layers` [1] is dense (24), V = 50,
/// untied, 16-bit, batch 1.
struct Qwen3MoETests {
    static func model(_ extra: String = #", "mlp_only_layers": [1]"#) throws -> ModelConfig {
        let json = #"{"model_type": "qwen3_moe", "hidden_size": 16, "num_hidden_layers": 3, "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 8, "intermediate_size": 24, "vocab_size": 50, "num_experts": 4, "num_experts_per_tok": 2, "moe_intermediate_size": 8\#(extra)}"#
        return try ModelConfig.decode(json: Data(json.utf8), source: "config.json")
    }

    @Test func denseLayersFollowMLPOnlyLayersAndTheSparseStep() throws {
        #expect(try Self.model().architecture.experts?.denseLayers == [1])
        #expect(try Self.model(#", "decoder_sparse_step": 2"#).architecture.experts?.denseLayers == [0, 2])
        #expect(try Self.model("").architecture.experts?.denseLayers == [])
        #expect(try Self.model().attentionKind == .multiQuery, "one KV head for both query heads")
        #expect(try Self.model().architecture.mechanisms.queryKeyNorm)
    }

    /// q_norm and k_norm (`qk_norm`): RMSNorm over each 8-channel head of q (2 heads) and k (1),
    /// 4 ops per element and 2 per head row, two 8-element weights; after the projections, before RoPE.
    @Test func queryAndKeyNormsByHand() throws {
        var costs: [OperatorName: OperatorCost] = [:]
        var order: [OperatorName] = []
        try ExactOperators(model: Self.model(), options: AnalysisOptions(), onChipMemoryPerSMBytes: nil)
            .forEachLayerOperator(.prefill(tokens: 3), layer: 0) { costs[$0] = $1; order.append($0) }
        #expect(Array(order.prefix(6)) == [.attnNorm, .qProj, .kProj, .vProj, .qkNorm, .rope])
        #expect(costs[.qkNorm] == OperatorCost(ops: 72 * 4 + 9 * 2, loadWeightBytes: 32, loadActivationBytes: 144, storeActivationBytes: 144))
        #expect(costs[.router] != nil && costs[.sharedExpert] == nil)
        var dense: [OperatorName: OperatorCost] = [:]
        try ExactOperators(model: Self.model(), options: AnalysisOptions(), onChipMemoryPerSMBytes: nil)
            .forEachLayerOperator(.prefill(tokens: 3), layer: 1) { dense[$0] = $1 }
        #expect(dense[.router] == nil && dense[.gateProj]?.ops == 2 * 16 * 24 * 3)
    }

    /// Attention 16·16 + 2·16·8 + 16·16 + the two 8-element norms = 784 and two RMSNorms of 16 per
    /// layer; two expert layers of 4 experts (3·16·8 each) and a 16·4 router; one dense MLP of
    /// 3·16·24; embeddings and head 50·16 each, the final norm 16.
    @Test func parameterCountsByHand() throws {
        let weights = try Self.model().weights()
        let layers: Double = 3 * (784 + 32), dense: Double = 1152, outside: Double = 2 * 800 + 16
        let allExperts: Double = 2 * (4 * 384 + 64), twoExperts: Double = 2 * (2 * 384 + 64)
        #expect(weights.total == layers + allExperts + dense + outside)
        #expect(weights.active == layers + twoExperts + dense + outside)
        // The footprint holds the same weights.
        let analysis = try Analyzer(model: Self.model(), hardware: Fixtures.a100, options: AnalysisOptions())
            .analyze(TokenSchedule.uniform(tokens: 4, layerCount: 3))
        #expect(analysis.prefill.memoryFootprint.weightBytes == 2 * weights.total)
    }
}

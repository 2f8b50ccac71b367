@testable import AIMViewerCore
import Foundation
import Testing

/// DeepSeek's latent attention and shared-plus-routed experts, by hand on a tiny model: d = 32,
/// h = 2, q_lora_rank 8, kv_lora_rank 16, d_nope 4, d_rope 2, d_v 4 (q/k head 6), 3 layers of
/// which layer 0 is dense (intermediate 24), 4 routed experts of 8 (2 per token) plus 1 shared,
/// 16-bit, batch 1.
struct LatentAttentionTests {
    nonisolated(unsafe) static let base: [String: Any] = [
        "model_type": "deepseek_v2", "hidden_size": 32, "num_hidden_layers": 3, "num_attention_heads": 2,
        "num_key_value_heads": 2, "intermediate_size": 24, "vocab_size": 50, "q_lora_rank": 8, "kv_lora_rank": 16,
        "qk_nope_head_dim": 4, "qk_rope_head_dim": 2, "v_head_dim": 4, "n_routed_experts": 4, "n_shared_experts": 1,
        "num_experts_per_tok": 2, "moe_intermediate_size": 8, "first_k_dense_replace": 1,
    ]

    /// The tiny model with `overrides` (`NSNull()` for a JSON null).
    static func model(_ overrides: [String: Any] = [:]) throws -> ModelConfig {
        let json = try JSONSerialization.data(withJSONObject: base.merging(overrides) { $1 })
        return try ModelConfig.decode(json: json, source: "config.json")
    }

    static let hardware = try! HardwareProfile(name: "flash", memoryBandwidthBytesPerSecond: 1e9, peakOpsPerSecond: [.fp16: 2.5e9],
                                               onChipBufferBytes: 1e6, onChipMemoryPerSMBytes: 65536)

    static func costs(_ step: TokenStep, model: ModelConfig, layer: Int = 1, options: AnalysisOptions = AnalysisOptions(),
                      perSM: Double? = nil) throws -> ([OperatorName: OperatorCost], [OperatorName]) {
        var costs: [OperatorName: OperatorCost] = [:]
        var order: [OperatorName] = []
        try ExactOperators(model: model, options: options, onChipMemoryPerSMBytes: perSM)
            .forEachLayerOperator(step, layer: layer) { costs[$0] = $1; order.append($0) }
        return (costs, order)
    }

    @Test func theConfigIsReadWithItsLatentShapes() throws {
        let model = try Self.model()
        #expect(model.architecture.latentAttention == LatentAttention(queryLoraRank: 8, kvLoraRank: 16, nopeHeadDim: 4, ropeHeadDim: 2, valueHeadDim: 4))
        #expect(model.architecture.experts?.denseLayers == [0])
        #expect(model.architecture.experts?.sharedExpertIntermediateSize == 8)
        #expect(try Self.model(["q_lora_rank": NSNull()]).architecture.latentAttention?.queryLoraRank == nil)
        #expect(try Self.model(["moe_layer_freq": 2]).architecture.experts?.denseLayers == [0, 1])
        #expect(try Self.model(["n_routed_experts": NSNull()]).architecture.experts == nil)
        let bias = try #require(throws: ModelConfigError.self) { try Self.model(["attention_bias": true]) }
        #expect(bias.description.contains("attention_bias"))
        #expect(throws: ModelConfigError.self) { try Self.model(["topk_method": "sparse_mixer"]) }
    }

    /// Prefill of 5 tokens, decompressed (what engines run): the low-rank query, the latent and its
    /// rotary key into the cache, kv_b_proj expanding the 5 latents, then 2-head attention with
    /// 6-channel q/k and 4-channel v.
    @Test func prefillDecompressesTheLatent() throws {
        let (c, order) = try Self.costs(.prefill(tokens: 5), model: Self.model())
        #expect(order.prefix(11) == [.attnNorm, .qAProj, .qANorm, .qBProj, .kvAProj, .kvANorm, .rope, .kvBProj,
                                     .qkMatmul, .softmax, .svMatmul])
        #expect(c[.qAProj] == OperatorCost(ops: 2560, loadWeightBytes: 512, loadActivationBytes: 320, storeActivationBytes: 80))
        #expect(c[.qANorm] == OperatorCost(ops: 170, loadWeightBytes: 16, loadActivationBytes: 80, storeActivationBytes: 80))
        #expect(c[.qBProj] == OperatorCost(ops: 960, loadWeightBytes: 192, loadActivationBytes: 80, storeActivationBytes: 120))
        #expect(c[.kvAProj] == OperatorCost(ops: 5760, loadWeightBytes: 1152, loadActivationBytes: 320, storeActivationBytes: 180))
        #expect(c[.kvANorm] == OperatorCost(ops: 330, loadWeightBytes: 32, loadActivationBytes: 160, storeKVBytes: 160))
        // q's 2·2 rotary channels and the shared key's 2, for 5 tokens: 30 elements, 3 ops each.
        #expect(c[.rope] == OperatorCost(ops: 90, loadActivationBytes: 100, storeActivationBytes: 40, storeKVBytes: 20))
        #expect(c[.kvBProj] == OperatorCost(ops: 2560, loadWeightBytes: 512, loadActivationBytes: 160, storeActivationBytes: 160))
        #expect(c[.qkMatmul] == OperatorCost(ops: 600, loadActivationBytes: 240, storeActivationBytes: 100))
        #expect(c[.softmax] == OperatorCost(ops: 250, loadActivationBytes: 100, storeActivationBytes: 100))
        #expect(c[.svMatmul] == OperatorCost(ops: 400, loadActivationBytes: 180, storeActivationBytes: 80))
        #expect(c[.outProj] == OperatorCost(ops: 2560, loadWeightBytes: 512, loadActivationBytes: 80, storeActivationBytes: 320))
        #expect(c[.qProj] == nil && c[.kProj] == nil && c[.vProj] == nil && c[.ukAbsorb] == nil)
    }

    /// A decode step at c = 6, absorbed (what engines run): W_UK folded into the query, scores over
    /// the 16 + 2 latent channels of the 6 cached entries (one shared head), the weighted latent,
    /// then W_UV.
    @Test func decodeAttendsTheLatentCacheThroughAbsorbedWeights() throws {
        let (c, order) = try Self.costs(.decode(context: 6), model: Self.model())
        #expect(Array(order[7...12]) == [.ukAbsorb, .qkMatmul, .softmax, .svMatmul, .uvAbsorb, .outProj])
        #expect(c[.kvBProj] == nil)
        #expect(c[.ukAbsorb] == OperatorCost(ops: 256, loadWeightBytes: 256, loadActivationBytes: 16, storeActivationBytes: 64))
        #expect(c[.qkMatmul] == OperatorCost(ops: 432, loadActivationBytes: 72, storeActivationBytes: 24, loadKVBytes: 216))
        #expect(c[.softmax] == OperatorCost(ops: 60, loadActivationBytes: 24, storeActivationBytes: 24))
        #expect(c[.svMatmul] == OperatorCost(ops: 384, loadActivationBytes: 24, storeActivationBytes: 64, loadKVBytes: 192))
        #expect(c[.uvAbsorb] == OperatorCost(ops: 256, loadWeightBytes: 256, loadActivationBytes: 64, storeActivationBytes: 16))
        // FlashMLA: the 6 latents read once for both products.
        let (flash, _) = try Self.costs(.decode(context: 6), model: Self.model(), options: AnalysisOptions(flashAttention: true), perSM: 65536)
        #expect(flash[.fusedAttention] == OperatorCost(ops: 876, loadActivationBytes: 72, storeActivationBytes: 64, loadKVBytes: 216))
    }

    /// The other forms on request: decompressed decode re-expands the 6 cached latents (read from
    /// the cache); an absorbed prefill attends the latent of each of the 5 tokens.
    @Test func theOtherFormsAreSelectable() throws {
        let (decode, _) = try Self.costs(.decode(context: 6), model: Self.model(), options: AnalysisOptions(latentAttention: .decompressed))
        #expect(decode[.kvBProj] == OperatorCost(ops: 2 * 16 * 16 * 6, loadWeightBytes: 512, storeActivationBytes: 192, loadKVBytes: 192))
        #expect(decode[.ukAbsorb] == nil)
        let (prefill, _) = try Self.costs(.prefill(tokens: 5), model: Self.model(), options: AnalysisOptions(latentAttention: .absorbed))
        #expect(prefill[.kvBProj] == nil)
        #expect(prefill[.qkMatmul]?.ops == Double(2 * 5 * 5 * 18 * 2))
    }

    /// The cache holds kv_lora_rank + qk_rope_head_dim per token and layer: 18 · 2 B · 3 layers =
    /// 108 B per token whatever the form; DeepSeek-V3: (512 + 64) · 61 · 2 = 70272 B per token.
    @Test func kvBytesPerTokenAreTheLatentAndTheRotaryKey() throws {
        for form in LatentAttentionForm.allCases {
            let analyzer = try Analyzer(model: Self.model(), hardware: Self.hardware, options: AnalysisOptions(latentAttention: form))
            let analysis = try analyzer.analyze(TokenSchedule.uniform(tokens: 5, layerCount: 3))
            #expect(analysis.prefill.memoryFootprint.kvCacheBytes == 5 * 108)
            #expect(analysis.prefill.totals.cost.storeKVBytes == 5 * 108)
            #expect(try analyzer.generation(after: analysis, steps: 10).kvCacheBytesAtEnd == 15 * 108)
        }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../AIMCatalogTests/Fixtures/hf-configs/deepseek-ai--DeepSeek-V3.json")
        let v3 = try ModelConfig.decode(json: Data(contentsOf: url), source: "v3")
        let analysis = try Analyzer(model: v3, hardware: Fixtures.a100, options: AnalysisOptions())
            .analyze(TokenSchedule.uniform(tokens: 1000, layerCount: 61))
        #expect(analysis.prefill.memoryFootprint.kvCacheBytes == 1000 * 70272)
    }

    /// Layer 0 runs the dense MLP of 24; layer 1 the router, 2 of 4 routed experts and the shared
    /// expert (a gated MLP of 8, no gate of its own).
    @Test func sharedPlusRoutedExperts() throws {
        let (dense, _) = try Self.costs(.decode(context: 1), model: Self.model(), layer: 0)
        #expect(dense[.router] == nil && dense[.sharedExpert] == nil)
        #expect(dense[.gateProj] == OperatorCost(ops: 2 * 32 * 24, loadWeightBytes: 32 * 24 * 2, loadActivationBytes: 64, storeActivationBytes: 48))
        let (routed, _) = try Self.costs(.decode(context: 1), model: Self.model(), layer: 1)
        #expect(routed[.router] == OperatorCost(ops: 2 * 32 * 4 + 4 * (5 + 2), loadWeightBytes: 256, loadActivationBytes: 64, storeActivationBytes: 8))
        // One token touches its 2 experts: 2 rows through 2 experts' gate weights.
        #expect(routed[.gateProj] == OperatorCost(ops: 2 * 32 * 8 * 2, loadWeightBytes: 2 * 32 * 8 * 2, loadActivationBytes: 128, storeActivationBytes: 32))
        // Shared: gate 512 + up 512 + SwiGLU 8·5 + down 512 ops; 3·256 weights.
        #expect(routed[.sharedExpert] == OperatorCost(ops: 1576, loadWeightBytes: 3 * 256 * 2, loadActivationBytes: 64 + 64 + 32 + 16,
                                                      storeActivationBytes: 16 + 16 + 16 + 64))
    }

    /// A calibrated estimate shapes the dense layer's MLP with intermediate_size, an expert layer's
    /// with moe_intermediate_size over the rows each touched expert sees.
    @Test func calibratedShapesFollowTheLayersMLP() throws {
        let shapes = MatmulShapes(model: try Self.model(), options: AnalysisOptions())
        #expect(shapes.shape(of: .gateProj, step: .decode(context: 1), layer: 0) == MatmulShape(m: 1, n: 24, k: 32))
        #expect(shapes.shape(of: .gateProj, step: .decode(context: 1), layer: 1) == MatmulShape(m: 1, n: 8, k: 32))
        #expect(shapes.shape(of: .router, step: .decode(context: 1), layer: 0) == nil)
    }

    /// The llm-viewer convention has no formula for latent attention: refused by name.
    @Test func llmViewerRefusesLatentAttention() throws {
        let dense = try Self.model(["n_routed_experts": NSNull()])
        let error = try #require(throws: AnalysisError.self) {
            try Analyzer(model: dense, hardware: Fixtures.a100, options: AnalysisOptions(convention: .llmViewer))
        }
        #expect(error.description.contains("multi-head latent attention"))
    }

    /// Closed-form generation equals the step-by-step sum in every form (decompressed decode grows
    /// with the context through kv_b_proj too).
    @Test func generationClosedFormInEveryForm() throws {
        for form in LatentAttentionForm.allCases {
            for flash in [false, true] {
                let analyzer = try Analyzer(model: Self.model(), hardware: Self.hardware,
                                            options: AnalysisOptions(flashAttention: flash, latentAttention: form))
                let schedule = try TokenSchedule(tokensPerLayer: [9, 4, 0])
                GenerationTests.expectEqual(try analyzer.generation(schedule, steps: 500), try analyzer.generationStepByStep(schedule, steps: 500))
            }
        }
    }
}

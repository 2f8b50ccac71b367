@testable import AIMViewerCore
import Foundation
import Testing

/// The newer families read from their own keys and priced layer by layer, by hand, on the tiny shape
/// of ExactOperatorTests (d = 8, h = 2, h_kv = 1, d_h = 4, f = 16, V = 10), 16-bit, batch 1, a
/// prefill of 3 tokens unless stated.
struct FamilyTests {
    static func decode(_ json: String) throws -> ModelConfig {
        try ModelConfig.decode(json: Data(json.utf8), source: "config.json")
    }

    static func costs(_ model: ModelConfig, _ step: TokenStep = .prefill(tokens: 3), flash: Bool = false) throws
        -> (names: [OperatorName], costs: [OperatorName: OperatorCost], operators: ExactOperators) {
        let operators = try ExactOperators(model: model, options: AnalysisOptions(flashAttention: flash),
                                           onChipMemoryPerSMBytes: flash ? 131_072.0 : nil)
        var names: [OperatorName] = [], costs: [OperatorName: OperatorCost] = [:]
        operators.forEachLayerOperator(step, layer: 0) { names.append($0); costs[$0] = $1 }
        return (names, costs, operators)
    }

    static let tinyGemma2 = #"{"model_type": "gemma2", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4, "intermediate_size": 16, "vocab_size": 10, "sliding_window": 4}"#

    /// Gemma-2: four RMSNorms a layer, each over d = 8 (3 rows · (8·4 + 2) = 102 ops, a 16 B weight);
    /// scores soft-capped (3 more ops on each of the 3·3·2 = 18 scores), logits too (3 on each of 10);
    /// embeddings scaled (one multiply on each of 3·8 elements); GeGLU; windows on the even layers.
    @Test func gemma2FourNormsAndSoftCapping() throws {
        let model = try Self.decode(Self.tinyGemma2)
        #expect(model.architecture.family == .gemma && model.tieWordEmbeddings && model.architecture.activation == .gelu)
        #expect(model.architecture.attentionWindow == AttentionWindow(tokens: 4, layers: [0], key: "sliding_window"))
        let (names, costs, operators) = try Self.costs(model)
        #expect(names == [.attnNorm, .qProj, .kProj, .vProj, .rope, .qkMatmul, .softmax, .svMatmul, .outProj,
                          .postAttnNorm, .attnAdd, .mlpNorm, .gateProj, .upProj, .mlpAct, .downProj, .postMLPNorm, .mlpAdd])
        let norm = OperatorCost(ops: 102, loadWeightBytes: 16, loadActivationBytes: 48, storeActivationBytes: 48)
        for name in [OperatorName.attnNorm, .postAttnNorm, .mlpNorm, .postMLPNorm] { #expect(costs[name] == norm, "\(name)") }
        #expect(costs[.softmax] == OperatorCost(ops: 18 * (5 + 3), loadActivationBytes: 36, storeActivationBytes: 36))
        #expect(costs[.mlpAct]?.ops == 3.0 * 16 * (9 + 1))
        let headOps: Double = 2 * 8 * 10 + 10 * 3
        #expect(operators.head(stage: .prefill, lastLayerTokens: 3).ops == headOps)
        #expect(operators.embedding(tokens: 3).ops == 3.0 * 8)
        // Flash: 6 causal pairs per head, 12 in all: 4·12·4 + 12·(5 + 3).
        let flash = try Self.costs(model, flash: true).costs
        let flashOps: Double = 4 * 12 * 4 + 12 * 8
        #expect(flash[.fusedAttention]?.ops == flashOps)
        // Layer: attention 64 + 2·32 + 64, four norms of 8, MLP 3·8·16; outside: tied table 80 and the final norm 8.
        #expect(model.parameterCount.total == 2 * (192 + 32 + 384) + 88)
    }

    @Test func gemma3WindowsFiveLayersOfSixAndNormsQueriesAndKeys() throws {
        let model = try Self.decode(#"{"model_type": "gemma3_text", "num_hidden_layers": 12, "sliding_window": 512}"#)
        #expect(model.architecture.attentionWindow?.layers == [0, 1, 2, 3, 4, 6, 7, 8, 9, 10])
        #expect(model.architecture.mechanisms.queryKeyNorm && model.architecture.mechanisms.attentionSoftCap == nil)
        #expect(model.vocabularySize == 262208 && model.headDim == 256 && model.tieWordEmbeddings)
        let listed = try Self.decode(#"{"model_type": "gemma3_text", "num_hidden_layers": 2, "sliding_window": 512, "layer_types": ["full_attention", "sliding_attention"]}"#)
        #expect(listed.architecture.attentionWindow?.layers == [1])
        #expect(throws: ModelConfigError.self) { try Self.decode(#"{"model_type": "gemma3_text", "use_bidirectional_attention": true}"#) }
    }

    /// Qwen3's q/k norms: RMSNorm over the 3·(8 + 4) = 36 q and k elements in 9 head rows
    /// (36·4 + 9·2 = 162 ops), both weights of d_h (16 B), q and k read and written (k goes on to RoPE).
    @Test func qwen3NormsQueriesAndKeysPerHead() throws {
        let model = try Self.decode(#"{"model_type": "qwen3", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4, "intermediate_size": 16, "vocab_size": 10}"#)
        let (names, costs, _) = try Self.costs(model)
        #expect(Array(names.prefix(6)) == [.attnNorm, .qProj, .kProj, .vProj, .qkNorm, .rope])
        #expect(costs[.qkNorm] == OperatorCost(ops: 162, loadWeightBytes: 16, loadActivationBytes: 72, storeActivationBytes: 72))
        #expect(!model.qkvBias)
        // The LLaMA layer's weights plus the two d_h norm vectors per layer.
        let llama = try Self.decode(#"{"model_type": "llama", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4, "intermediate_size": 16, "vocab_size": 10}"#)
        #expect(model.parameterCount.total == llama.parameterCount.total + 2 * 8)
    }

    /// ChatGLM rotates half of each head (2 of d_h 4): (8 + 4)·3·½ = 18 rotated elements, 54 ops; q, k
    /// and the cos/sin rows of 2 channels read. Fused `query_key_value` with its bias and `dense_h_to_4h`.
    @Test func chatGLMPartialRotaryAndFusedProjections() throws {
        let model = try Self.decode(#"{"model_type": "chatglm", "hidden_size": 8, "num_layers": 2, "num_attention_heads": 2, "kv_channels": 4, "multi_query_attention": true, "multi_query_group_num": 1, "ffn_hidden_size": 16, "padded_vocab_size": 10, "add_qkv_bias": true}"#)
        #expect(model.architecture.rotaryDimensions == 2 && model.keyValueHeads == 1 && !model.tieWordEmbeddings)
        let (names, costs, _) = try Self.costs(model)
        #expect(names == [.attnNorm, .qkvProj, .rope, .qkMatmul, .softmax, .svMatmul, .outProj, .attnAdd, .mlpNorm,
                          .gateUpProj, .mlpAct, .downProj, .mlpAdd])
        #expect(costs[.rope] == OperatorCost(ops: 54, loadActivationBytes: 72 + 2 * 3 * 2 * 2, storeActivationBytes: 48, storeKVBytes: 24))
        // q 2·8·8·3 + 24 bias, k and v 2·8·4·3 + 12 each; weights (64 + 8 + 2·(32 + 4))·2 B.
        #expect(costs[.qkvProj] == OperatorCost(ops: 408 + 2 * 204, loadWeightBytes: 288, loadActivationBytes: 3 * 48,
                                                storeActivationBytes: 48 + 24, storeKVBytes: 24))
        #expect(costs[.gateUpProj]?.ops == 2.0 * (2 * 8 * 16 * 3))
        #expect(costs[.outProj]?.ops == 384.0)
        // Layer: attention 64 + 32 + 32 + 64 with q/k/v biases 16, two norms 16, MLP 384; untied 2·80 and the final norm.
        #expect(model.parameterCount.total == 2 * (208 + 16 + 384) + 168)
        #expect(throws: ModelConfigError.self) { try Self.decode(#"{"model_type": "chatglm", "position_encoding_2d": true}"#) }
    }

    /// chatglm3-6b's published shape (28 layers, 2 KV groups, q/k/v bias, untied 65024 head): 6.24B.
    @Test func chatGLM3SixBByHand() throws {
        let model = try Self.decode(#"{"model_type": "chatglm", "multi_query_attention": true, "multi_query_group_num": 2, "add_qkv_bias": true}"#)
        let d = 4096.0, kv = 256.0, f = 13696.0, v = 65024.0
        let layer = d * (d + 2 * kv) + (d + 2 * kv) + d * d + 3 * d * f + 2 * d
        #expect(model.parameterCount.total == 28 * layer + 2 * v * d + d)
        #expect(abs(model.parameterCount.total / 6.24e9 - 1) < 0.005)
    }

    /// Falcon-7B's layer: one LayerNorm feeds a fused multi-query `query_key_value` and a 4x GELU MLP
    /// in parallel (no mlp_norm); LayerNorm over 3 rows: 3·(8·7 + 4) = 180 ops, weight and bias 32 B.
    @Test func falconParallelBlock() throws {
        let model = try Self.decode(#"{"model_type": "falcon", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "vocab_size": 10}"#)
        #expect(model.keyValueHeads == 1 && model.intermediateSize == 32 && model.tieWordEmbeddings && model.architecture.sharedNorm)
        let (names, costs, _) = try Self.costs(model)
        #expect(names == [.attnNorm, .qkvProj, .rope, .qkMatmul, .softmax, .svMatmul, .outProj, .attnAdd,
                          .upProj, .mlpAct, .downProj, .mlpAdd])
        #expect(costs[.attnNorm] == OperatorCost(ops: 180, loadWeightBytes: 32, loadActivationBytes: 48, storeActivationBytes: 48))
        #expect(costs[.upProj]?.ops == 2.0 * 8 * 32 * 3 && costs[.mlpAct]?.ops == 3.0 * 32 * 9)
        // Layer: attention 64 + 32 + 32 + 64, one LayerNorm 16, MLP 2·8·32; tied table 80 and final LayerNorm 16.
        #expect(model.parameterCount.total == 2 * (192 + 16 + 512) + 96)
        // new_decoder_architecture (40B/180B): two LayerNorms, grouped KV; the old RefinedWeb keys read alike.
        let two = try Self.decode(#"{"model_type": "falcon", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "num_kv_heads": 1, "new_decoder_architecture": true, "vocab_size": 10}"#)
        #expect(try Self.costs(two).names.contains(.mlpNorm) && two.parameterCount.total == 2 * (192 + 32 + 512) + 96)
        let old = try Self.decode(#"{"model_type": "RefinedWeb", "n_embed": 8, "n_layer": 2, "n_head": 2, "n_head_kv": 1, "vocab_size": 10}"#)
        #expect(old.parameterCount.total == two.parameterCount.total && old.keyValueHeads == 1)
    }

    /// FalconConfig's defaults are Falcon-7B: 6.92B with the tied head.
    @Test func falcon7BByHand() throws {
        let model = try Self.decode(#"{"model_type": "falcon"}"#)
        let d = 4544.0, v = 65024.0
        let layer = d * (d + 2 * 64) + d * d + 2 * d * 4 * d + 2 * d
        #expect(model.parameterCount.total == 32 * layer + v * d + 2 * d)
        #expect(abs(model.parameterCount.total / 6.92e9 - 1) < 0.005)
    }

    /// Phi-3's fused qkv_proj and gate_up_proj cost what the separate projections do.
    @Test func phi3FusedProjectionsCostTheSame() throws {
        let shape = #""hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1, "intermediate_size": 16, "vocab_size": 10"#
        let phi = try Self.decode(#"{"model_type": "phi3", \#(shape), "sliding_window": 4}"#)
        let llama = try Self.decode(#"{"model_type": "llama", \#(shape)}"#)
        let fused = try Self.costs(phi).costs, separate = try Self.costs(llama).costs
        #expect(fused[.qkvProj] == separate[.qProj]! + separate[.kProj]! + separate[.vProj]!)
        #expect(fused[.gateUpProj] == separate[.gateProj]! + separate[.upProj]!)
        #expect(phi.parameterCount.total == llama.parameterCount.total)
        #expect(phi.architecture.attentionWindow?.layers == [0, 1])
        // One GEMM each: 3 rows x (8 + 2·4) x 8 and 3 x 2·16 x 8.
        let shapes = MatmulShapes(model: phi, options: AnalysisOptions())
        #expect(shapes.shape(of: .qkvProj, step: .prefill(tokens: 3)).map { [$0.m, $0.n, $0.k] } == [3, 16, 8])
        #expect(shapes.shape(of: .gateUpProj, step: .prefill(tokens: 3)).map { [$0.m, $0.n, $0.k] } == [3, 32, 8])
        let partial = try Self.decode(#"{"model_type": "phi3", \#(shape), "partial_rotary_factor": 0.5}"#)
        #expect(partial.architecture.rotaryDimensions == 2)
    }

    /// OLMo's LayerNorm has no weight or bias: 3·(8·5 + 4) = 132 ops, no weight bytes, none counted.
    @Test func olmoNonParametricNorm() throws {
        let shape = #""hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 16, "vocab_size": 10"#
        let olmo = try Self.decode(#"{"model_type": "olmo", \#(shape)}"#)
        #expect(try Self.costs(olmo).costs[.attnNorm] == OperatorCost(ops: 132, loadActivationBytes: 48, storeActivationBytes: 48))
        let llama = try Self.decode(#"{"model_type": "llama", \#(shape)}"#)
        #expect(olmo.parameterCount.total == llama.parameterCount.total - (2 * 2 + 1) * 8)
        #expect(throws: ModelConfigError.self) { try Self.decode(#"{"model_type": "olmo", \#(shape), "clip_qkv": 8.0}"#) }
    }

    /// Baichuan-13B's ALiBi: no RoPE, 2 ops on each of the 18 scores, k straight into the cache from W_pack.
    @Test func baichuanALiBiAndPackedProjection() throws {
        let shape = #""hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 16, "vocab_size": 10"#
        let thirteen = try Self.decode(#"{"model_type": "baichuan", \#(shape)}"#)
        #expect(thirteen.architecture.mechanisms.alibi && thirteen.architecture.rotaryDimensions == nil)
        let (names, costs, _) = try Self.costs(thirteen)
        #expect(!names.contains(.rope) && names.contains(.qkvProj))
        let softmaxOps: Double = 3 * 3 * 2 * (5 + 2), kvBytes: Double = 2 * 3 * 8 * 2
        #expect(costs[.softmax]?.ops == softmaxOps)
        #expect(costs[.qkvProj]?.storeKVBytes == kvBytes)
        let seven = try Self.decode(#"{"model_type": "baichuan", "architectures": ["BaiChuanForCausalLM"], \#(shape)}"#)
        #expect(seven.architecture.rotaryDimensions == 4 && !seven.architecture.mechanisms.alibi)
    }

    /// A key stating a mechanism no reader prices is refused by name.
    @Test func unpricedMechanismsAreRefusedByName() throws {
        let shape = #""model_type": "llama", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 16, "vocab_size": 10"#
        for (key, value) in [("attention_chunk_size", "8192"), ("cross_attention_layers", "[1]"), ("num_local_experts", "8"),
                             ("kv_lora_rank", "512")] {
            do {
                _ = try Self.decode(#"{\#(shape), "\#(key)": \#(value)}"#)
                Issue.record("\(key) was accepted")
            } catch {
                #expect("\(error)".contains(key), "\(error)")
            }
        }
        // Off or empty, the same keys say nothing.
        #expect(throws: Never.self) { try Self.decode(#"{\#(shape), "attention_chunk_size": null, "cross_attention_layers": []}"#) }
    }

    /// LLM-Viewer's formulas describe the plain LLaMA layer only.
    @Test func onlyThePlainLLaMALayerIsPlain() throws {
        #expect(try Self.decode(#"{"model_type": "llama"}"#).architecture.isPlainLLaMA)
        #expect(try Self.decode(#"{"model_type": "mistral"}"#).architecture.isPlainLLaMA)
        for type in ["qwen3", "phi3", "olmo", "gemma2", "falcon", "chatglm"] {
            #expect(!(try Self.decode(#"{"model_type": "\#(type)"}"#).architecture.isPlainLLaMA), "\(type)")
        }
    }

    /// `models list`'s attention column: how KV heads are shared, and the windowed layers of all.
    @Test func attentionKindsAndWindowedLayers() throws {
        #expect(try Self.decode(#"{"model_type": "falcon"}"#).attentionSummary == "MQA")
        #expect(try Self.decode(#"{"model_type": "llama"}"#).attentionSummary == "MHA")
        #expect(try Self.decode(#"{"model_type": "gemma2", "num_hidden_layers": 4}"#).attentionSummary == "GQA 4, window 4096 2/4")
        #expect(try Self.decode(#"{"model_type": "mistral"}"#).attentionSummary == "GQA 8, window 4096 32/32")
    }

    /// A stored architecture from before the mechanisms decodes with none.
    @Test func storedArchitecturesWithoutMechanismsDecode() throws {
        let old = #"{"family": "llama", "norm": "rms_norm", "mlp": "gated", "activation": "silu", "rotaryDimensions": 4, "learnedPositions": 0, "sharedNorm": false, "causal": true, "headBias": false}"#
        let architecture = try JSONDecoder().decode(Architecture.self, from: Data(old.utf8))
        #expect(architecture.mechanisms == LayerMechanisms() && architecture.isPlainLLaMA)
    }
}

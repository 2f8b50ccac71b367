@testable import AIMViewerCore
import Foundation
import Testing

/// Non-gated and mixture-of-experts layers, by hand, on tiny shapes (16-bit, batch 1, 3 tokens).
struct ArchitectureTests {
    func decode(_ json: String) throws -> ModelConfig {
        try ModelConfig.decode(json: Data(json.utf8), source: "config.json")
    }

    /// GPT-J-shaped: d = 8, h = 2 (d_h = 4), f = 16, V = 10, rotary 2 of 4, 2 layers.
    var tinyGPTJ: ModelConfig {
        get throws {
            try decode(#"{"model_type": "gptj", "n_embd": 8, "n_layer": 2, "n_head": 2, "n_inner": 16, "rotary_dim": 2, "vocab_size": 10, "n_positions": 32}"#)
        }
    }

    /// Mixtral-shaped: d = 8, h = 2, h_kv = 1, 4 experts of 16, 2 per token, V = 10, 2 layers.
    var tinyMixtral: ModelConfig {
        get throws {
            try decode(#"{"model_type": "mixtral", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1, "intermediate_size": 16, "num_local_experts": 4, "num_experts_per_tok": 2, "vocab_size": 10}"#)
        }
    }

    func costs(_ model: ModelConfig, _ step: TokenStep = .prefill(tokens: 3)) throws -> [OperatorName: OperatorCost] {
        var costs: [OperatorName: OperatorCost] = [:]
        var order: [OperatorName] = []
        try ExactOperators(model: model, options: AnalysisOptions(), onChipMemoryPerSMBytes: nil)
            .forEachLayerOperator(step, layer: 0) { costs[$0] = $1; order.append($0) }
        #expect(Set(order).count == order.count, "an operator appears twice")
        return costs
    }

    @Test func gptjIsReadUnderItsOwnKeys() throws {
        let model = try tinyGPTJ
        #expect(model.architecture.family == .gptj)
        #expect(model.architecture.norm == .layerNorm && model.architecture.mlp == .plain)
        #expect(model.architecture.rotaryDimensions == 2 && model.architecture.sharedNorm)
        #expect(!model.qkvBias && !model.outputProjectionBias && model.mlpBias && model.architecture.headBias)
        #expect(model.architecture.summary(headDim: model.headDim) == "gptj (LayerNorm, GELU MLP, RoPE 2/4, parallel attention+MLP)")
    }

    @Test func nonGatedLayerByHand() throws {
        let c = try costs(try tinyGPTJ)
        // LayerNorm: 3 · (8·7 + 4) = 180 ops; weight and bias 2·8·2 = 32 B.
        #expect(c[.attnNorm] == OperatorCost(ops: 180, loadWeightBytes: 32, loadActivationBytes: 48, storeActivationBytes: 48))
        #expect(c[.mlpNorm] == nil, "GPT-J's one norm feeds attention and MLP")
        #expect(c[.gateProj] == nil)
        // RoPE on 2 of 4 channels: (8 + 8)·3·½ = 24 rotated elements · 3 = 72 ops; reads q, k and 2·3·2 cos/sin.
        #expect(c[.rope] == OperatorCost(ops: 72, loadActivationBytes: 96 + 24, storeActivationBytes: 48, storeKVBytes: 48))
        // fc_in with bias: 2·8·16·3 + 16·3 = 816 ops; weights (128 + 16)·2 = 288 B.
        #expect(c[.upProj] == OperatorCost(ops: 816, loadWeightBytes: 288, loadActivationBytes: 48, storeActivationBytes: 96))
        // GELU over 48 elements, one input: 48·9 = 432 ops.
        #expect(c[.mlpAct] == OperatorCost(ops: 432, loadActivationBytes: 96, storeActivationBytes: 96))
        // fc_out: 2·16·8·3 + 8·3 = 792 ops; weights (128 + 8)·2 = 272 B.
        #expect(c[.downProj] == OperatorCost(ops: 792, loadWeightBytes: 272, loadActivationBytes: 96, storeActivationBytes: 48))
    }

    @Test func learnedPositionsHaveNoRoPEAndKGoesToTheCache() throws {
        let gpt2 = try decode(#"{"n_embd": 8, "n_layer": 2, "n_head": 2, "vocab_size": 10, "n_positions": 16}"#)
        #expect(gpt2.architecture.family == .gpt2 && gpt2.intermediateSize == 32 && gpt2.tieWordEmbeddings)
        let c = try costs(gpt2)
        #expect(c[.rope] == nil)
        #expect(c[.kProj]?.storeKVBytes == 48 && c[.kProj]?.storeActivationBytes == 0)
        #expect(c[.mlpNorm] != nil)
        // Embedding: gather 3 rows of 8, add 3 position rows.
        let operators = try ExactOperators(model: gpt2, options: AnalysisOptions(), onChipMemoryPerSMBytes: nil)
        #expect(operators.embedding(tokens: 3) == OperatorCost(ops: 24, loadWeightBytes: 96, loadActivationBytes: 48, storeActivationBytes: 96))
    }

    @Test func mixtureOfExpertsLayerByHand() throws {
        let model = try tinyMixtral
        #expect(model.architecture.experts == MixtureOfExperts(expertCount: 4, expertsPerToken: 2, expertIntermediateSize: 16))
        let c = try costs(model)
        // Router: 2·8·4·3 logits + 3·4·(5 softmax + 2 compares) = 276 ops; 8·4 weights.
        #expect(c[.router] == OperatorCost(ops: 276, loadWeightBytes: 64, loadActivationBytes: 48, storeActivationBytes: 24))
        // 3 tokens · 2 choices = 6 rows; expected experts touched 4·(1 − ½³) = 3.5.
        #expect(c[.gateProj] == OperatorCost(ops: 1536, loadWeightBytes: 896, loadActivationBytes: 96, storeActivationBytes: 192))
        #expect(c[.upProj] == c[.gateProj])
        #expect(c[.mlpAct] == OperatorCost(ops: 480, loadActivationBytes: 384, storeActivationBytes: 192))
        // down: 1536 + combining 3·2·8·2 = 96.
        #expect(c[.downProj] == OperatorCost(ops: 1632, loadWeightBytes: 896, loadActivationBytes: 192, storeActivationBytes: 96))
        #expect(c[.sharedExpert] == nil)
        // One decode token touches exactly its 2 experts.
        let decode = try costs(model, .decode(context: 4))
        #expect(decode[.upProj]?.loadWeightBytes == 512.0, "2 experts · 128 weights · 2 B")
    }

    @Test func sharedExpertWithGate() throws {
        let model = try decode(#"{"model_type": "qwen2_moe", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1, "intermediate_size": 32, "moe_intermediate_size": 16, "shared_expert_intermediate_size": 8, "num_experts": 4, "num_experts_per_tok": 2, "vocab_size": 10}"#)
        #expect(model.qkvBias)
        let c = try costs(model)
        // gate 384 + up 384 + SwiGLU 24·5 + down 384 + sigmoid gate 3·(16 + 3 + 8) = 1353 ops.
        #expect(c[.sharedExpert]?.ops == 1353)
        #expect(c[.sharedExpert]?.loadWeightBytes == 400.0, "(3·64 + 8) weights · 2 B")
    }

    @Test func weightsAndParameterCountsByHand() throws {
        // GPT-J tiny: attention 4·64, one LayerNorm 16, MLP 2·128 + 16 + 8 → 552 per layer;
        // table 80, final norm 16, head 80 + bias 10.
        let gptj = try tinyGPTJ.weights()
        #expect(gptj.layerTotal == 552 && gptj.outsideLayers == 186 && gptj.total == 1290)
        // Mixtral tiny: attention 64 + 2·32 + 64, norms 16, 4 experts of 384, router 32; outside: table
        // 80, untied head 80, RMSNorm 8.
        let moe = try tinyMixtral.parameterCount
        #expect(moe.total == 2 * 1776 + 168 && moe.active == 2 * 1008 + 168)
    }

    /// Configs users have, against the parameter counts their authors publish, to the parameter.
    @Test func realConfigsOfOtherFamiliesCountExactly() throws {
        // EleutherAI/pythia-6.9b: 6,857,302,016 parameters.
        let pythia = try decode(#"{"model_type": "gpt_neox", "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32, "intermediate_size": 16384, "vocab_size": 50432, "rotary_pct": 0.25, "max_position_embeddings": 2048, "hidden_act": "gelu", "tie_word_embeddings": false, "use_parallel_residual": true}"#)
        #expect(pythia.parameterCount.total == 6_857_302_016)
        #expect(pythia.architecture.rotaryDimensions == 32)
        // facebook/opt-350m: 331,196,416 (embeddings of 512 projected to 1024, post-norm, no final norm).
        let opt350 = try decode(#"{"model_type": "opt", "hidden_size": 1024, "num_hidden_layers": 24, "num_attention_heads": 16, "ffn_dim": 4096, "vocab_size": 50272, "max_position_embeddings": 2048, "word_embed_proj_dim": 512, "do_layer_norm_before": false, "activation_function": "relu"}"#)
        #expect(opt350.parameterCount.total == 331_196_416)
        #expect(opt350.architecture.finalNorm == false && opt350.architecture.embeddingProjection == 512)
        let operators = try ExactOperators(model: opt350, options: AnalysisOptions(), onChipMemoryPerSMBytes: nil)
        // The head runs project_out (1024 → 512) then 512 · V.
        #expect(operators.head(stage: .prefill, lastLayerTokens: 5).ops == 2 * 512 * 50272 + 2 * 1024 * 512)
    }

    @Test func expertsTouchedUnderUniformRouting() {
        let experts = MixtureOfExperts(expertCount: 8, expertsPerToken: 2, expertIntermediateSize: 1)
        #expect(experts.expectedExpertsTouched(tokens: 1) == 2)
        #expect(experts.expectedExpertsTouched(tokens: 0) == 0)
        #expect(abs(experts.expectedExpertsTouched(tokens: 2) - 8 * (1 - 0.75 * 0.75)) < 1e-12)
        #expect(abs(experts.expectedExpertsTouched(tokens: 10_000) - 8) < 1e-9)
    }

    @Test func inconsistentOrUnrecognisedConfigsAreErrors() throws {
        #expect(throws: ModelConfigError.self) {
            try decode(#"{"model_type": "mixtral", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 16, "num_local_experts": 2, "num_experts_per_tok": 3, "vocab_size": 10, "num_key_value_heads": 2}"#)
        }
        do {
            _ = try decode(#"{"model_type": "mixtral", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 16, "num_local_experts": 2, "num_experts_per_tok": 3, "vocab_size": 10, "num_key_value_heads": 2}"#)
        } catch {
            #expect("\(error)".contains("num_experts_per_tok 3 is more than the 2 experts"))
        }
        do {
            _ = try decode(#"{"model_type": "phi", "hidden_size": 8}"#)
            Issue.record("an unknown model_type was accepted")
        } catch {
            #expect("\(error)".contains("model_type 'phi' is not an architecture"))
            #expect("\(error)".contains("gptj (model_type gptj)"))
        }
        do {
            _ = try decode(#"{"n_embd": 8, "n_layer": 2}"#)
            Issue.record("a config without a family was accepted")
        } catch {
            #expect("\(error)".contains("gpt2 (model_type gpt2): missing n_head, vocab_size"))
            #expect("\(error)".contains("llama (model_type "))
            #expect("\(error)".contains("/llama/mistral/"))
            #expect("\(error)".contains("): missing hidden_size"))
        }
        #expect(throws: ModelConfigError.self) {
            try decode(#"{"model_type": "gptj", "n_embd": 8, "n_layer": 2, "n_head": 2, "rotary_dim": 6, "vocab_size": 10}"#)
        }
        #expect(throws: ModelConfigError.self) {
            try decode(#"{"model_type": "qwen2_moe", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "moe_intermediate_size": 16, "num_experts": 4, "num_experts_per_tok": 2, "vocab_size": 10, "mlp_only_layers": [1]}"#)
        }
    }

    @Test func storedModelsWithoutAnArchitectureReadAsLLaMA() throws {
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Fixtures.tinyModel)) as! [String: Any]
        object.removeValue(forKey: "architecture")
        let decoded = try JSONDecoder().decode(ModelConfig.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded == Fixtures.tinyModel)
        let moe = try tinyMixtral
        #expect(try JSONDecoder().decode(ModelConfig.self, from: JSONEncoder().encode(moe)) == moe)
    }
}

import AIMViewerCore
import Foundation
import Testing

/// Real Hugging Face configs (Fixtures/hf-configs/, provenance in its INDEX.json and README.md):
/// each one aim-viewer reads has the published parameter count; each whose mechanisms it does not
/// price yet is refused with the reason, never priced as something else.
struct RealConfigTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/hf-configs")

    struct Entry: Decodable {
        var file: String
        var parameters: Double?
        var activeParameters: Double?
    }

    static func entry(_ file: String) throws -> Entry {
        let data = try Data(contentsOf: directory.appendingPathComponent("INDEX.json"))
        return try #require(try JSONDecoder().decode([Entry].self, from: data).first { $0.file == file }, "\(file) not in INDEX.json")
    }

    static func read(_ file: String) throws -> ModelConfig {
        let url = directory.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return try ModelConfig.decode(json: data, source: file)
    }

    @Test(arguments: ["meta-llama--Llama-2-7b-hf.json", "meta-llama--Meta-Llama-3.1-8B.json", "Qwen--Qwen2.5-72B.json",
                      "mistralai--Mistral-7B-v0.1.json", "mistralai--Mixtral-8x7B-v0.1.json", "EleutherAI--gpt-j-6b.json",
                      "internlm--internlm2-chat-7b.json", "Qwen--Qwen3-8B.json", "google--gemma-2-9b.json",
                      "microsoft--Phi-3-mini-4k-instruct.json", "THUDM--chatglm3-6b.json",
                      "meta-llama--Llama-2-70b-hf.json", "Qwen--Qwen2.5-7B.json", "tiiuae--falcon-7b.json",
                      "tiiuae--falcon-180B.json"])
    func readConfigsHaveThePublishedParameterCount(_ file: String) throws {
        let entry = try Self.entry(file)
        let published = try #require(entry.parameters)
        let counts = try Self.read(file).parameterCount
        #expect(abs(counts.total / published - 1) < 0.005, "\(file): \(counts.total) vs published \(published)")
        if let active = entry.activeParameters {
            #expect(abs(counts.active / active - 1) < 0.01, "\(file) active: \(counts.active) vs published \(active)")
        }
    }

    /// InternLM2-chat-7B by hand: 32 layers of fused wqkv (4096 x (4096 + 2·1024)) and wo, a SwiGLU
    /// MLP of 14336, two RMSNorms; embeddings and an untied head of 92544 x 4096; no biases (bias false).
    @Test func internLM2ByHand() throws {
        let counts = try Self.read("internlm--internlm2-chat-7b.json").parameterCount
        let d = 4096.0, kv = 1024.0, m = 14336.0, v = 92544.0
        let layer = d * (d + 2 * kv) + d * d + 3 * d * m + 2 * d
        #expect(counts.total == 32 * layer + 2 * v * d + d)
    }

    /// LLaVA-1.5-7B's text_config states four keys; the rest are LlamaConfig's defaults, so it reads
    /// as Vicuna-7B (LLaMA-7B with the 64 added image/pad tokens): its LLM share of the published 7.06B.
    @Test func llavaTextConfigReadsAsVicuna7B() throws {
        let model = try Self.read("llava-hf--llava-1.5-7b-hf.json")
        #expect(model.hiddenSize == 4096 && model.intermediateSize == 11008 && model.layerCount == 32)
        #expect(model.attentionHeads == 32 && model.keyValueHeads == 32 && model.vocabularySize == 32064)
        #expect(!model.tieWordEmbeddings)
        let d = 4096.0, m = 11008.0, v = 32064.0
        #expect(model.parameterCount.total == 32 * (4 * d * d + 3 * d * m + 2 * d) + 2 * v * d + d)
    }

    /// Gemma-2-9B's published 9,241,705,984 exactly: 42 layers of four norms, q/k/v/o at head_dim 256
    /// (q width 4096 for a 3584 model), GeGLU of 14336; the head tied (Gemma2Config's default, which
    /// the file does not state); windows on the 21 even layers.
    @Test func gemma2NineBByHand() throws {
        let model = try Self.read("google--gemma-2-9b.json")
        let d = 3584.0, q = 4096.0, kv = 2048.0, m = 14336.0, v = 256000.0
        #expect(model.parameterCount.total == 42 * (d * q + 2 * d * kv + q * d + 3 * d * m + 4 * d) + v * d + d)
        #expect(model.parameterCount.total == 9_241_705_984)
        #expect(model.architecture.attentionWindow?.layers == Array(stride(from: 0, to: 42, by: 2)))
        #expect(model.architecture.mechanisms.attentionSoftCap == 50 && model.architecture.mechanisms.finalLogitSoftCap == 30)
    }

    /// Llama-2-70B's 68,976,648,192 exactly: 80 layers of GQA (q and o 8192², k and v 8192 x 1024 for
    /// 8 KV heads of 128), a SwiGLU MLP of 28672 and two RMSNorms; untied embeddings and head.
    @Test func llama2SeventyBByHand() throws {
        let model = try Self.read("meta-llama--Llama-2-70b-hf.json")
        let d = 8192.0, kv = 1024.0, m = 28672.0, v = 32000.0
        #expect(model.keyValueHeads == 8 && model.layerCount == 80)
        #expect(model.parameterCount.total == 80 * (2 * d * d + 2 * d * kv + 3 * d * m + 2 * d) + 2 * v * d + d)
        #expect(model.parameterCount.total == 68_976_648_192)
    }

    /// Falcon-7B's 6,921,720,704 exactly: one LayerNorm (weight and bias) feeding attention and MLP in
    /// parallel, a fused query_key_value of (71 + 2) heads of 64 (multi-query), dense 4544², a GELU MLP
    /// of 4 x 4544, no biases; the head tied to the embeddings.
    @Test func falconSevenBByHand() throws {
        let model = try Self.read("tiiuae--falcon-7b.json")
        let d = 4544.0, v = 65024.0
        let layer = d * (73 * 64) + d * d + 2 * d * (4 * d) + 2 * d
        #expect(model.keyValueHeads == 1 && model.tieWordEmbeddings)
        #expect(model.parameterCount.total == 32 * layer + v * d + 2 * d)
        #expect(model.parameterCount.total == 6_921_720_704)
    }

    /// Falcon-180B: the new decoder architecture's two LayerNorms per layer, (232 + 2·8) heads of 64 in
    /// the fused projection, a tied head. The model card's "180B" and the Hub's "179B" are rounded;
    /// the exact count rounds to the Hub's figure.
    @Test func falcon180BByHand() throws {
        let model = try Self.read("tiiuae--falcon-180B.json")
        let d = 14848.0, v = 65024.0
        let layer = d * (248 * 64) + d * d + 2 * d * (4 * d) + 4 * d
        #expect(model.keyValueHeads == 8 && model.layerCount == 80)
        #expect(model.parameterCount.total == 80 * layer + v * d + 2 * d)
        #expect((model.parameterCount.total / 1e9).rounded() == 179)
    }

    /// Qwen3-8B's published 8,190,735,360 exactly: the q/k norms add 2·128 per layer.
    @Test func qwen3EightBByHand() throws {
        let model = try Self.read("Qwen--Qwen3-8B.json")
        let d = 4096.0, kv = 1024.0, m = 12288.0, v = 151936.0
        #expect(model.parameterCount.total == 36 * (2 * d * d + 2 * d * kv + 3 * d * m + 2 * d + 256) + 2 * v * d + d)
        #expect(model.parameterCount.total == 8_190_735_360)
    }

    /// Mixture-of-experts models with latent attention, shared experts, dense layers and q/k norms:
    /// the total within 0.5% of the published figure, the active count within the precision it was
    /// published at (one unit of its last digit: "37B", "2.4B", "3.3B"). DeepSeek counts activated
    /// parameters without the input embedding table (a token reads one row of it), Qwen with it.
    @Test(arguments: [("deepseek-ai--DeepSeek-V3.json", 1e9, false), ("deepseek-ai--DeepSeek-V2-Lite.json", 1e8, false),
                      ("Qwen--Qwen3-30B-A3B.json", 1e8, true)])
    func mixtureOfExpertsConfigsHaveThePublishedCounts(_ file: String, _ publishedUnit: Double, _ activeCountsEmbedding: Bool) throws {
        let entry = try Self.entry(file)
        let model = try Self.read(file)
        let weights = model.weights()
        let published = try #require(entry.parameters), publishedActive = try #require(entry.activeParameters)
        #expect(abs(weights.total / published - 1) < 0.005, "\(file): \(weights.total) vs published \(published)")
        let active = weights.active - (activeCountsEmbedding ? 0 : weights.inputEmbedding)
        #expect(abs(active - publishedActive) < publishedUnit, "\(file) active: \(active) vs published \(publishedActive)")
    }

    /// DeepSeek-V3 by hand: 61 MLA layers (q_a 7168·1536, its norm, q_b 1536·128·192, kv_a
    /// 7168·576, its norm, kv_b 512·128·256, o 128·128·7168), two norms each, 3 dense MLPs of
    /// 18432, 58 expert layers of 256 routed + 1 shared experts of 2048 with a router and its
    /// correction bias, embeddings and head of 129280; the prediction module apart.
    @Test func deepSeekV3ByHand() throws {
        let weights = try Self.read("deepseek-ai--DeepSeek-V3.json").weights()
        let d = 7168.0
        let attention = d * 1536 + 1536 + 1536 * 128 * 192 + d * 576 + 512 + 512 * 128 * 256 + 128 * 128 * d
        let expert = 3 * d * 2048, dense = 3 * d * 18432, router = d * 256 + 256
        let expertLayer = attention + 2 * d + 257 * expert + router
        let total = 3 * (attention + 2 * d + dense) + 58 * expertLayer + 2 * 129280 * d + d
        #expect(weights.total == total)
        #expect(weights.active == 3 * (attention + 2 * d + dense) + 58 * (attention + 2 * d + 9 * expert + router) + 2 * 129280 * d + d)
        #expect(weights.multiTokenPrediction == expertLayer + 3 * d + 2 * d * d)
        #expect(weights.total / 1e9 > 670.9 && weights.total / 1e9 < 671.1)
    }
}

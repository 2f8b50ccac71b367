import AIMViewerCore
import Foundation
import Testing

/// Multimodal Hugging Face configs read whole (Fixtures/hf-configs/, provenance in INDEX.json): the
/// LLM, the vision tower and the projector give the published parameter count, each family's
/// processor gives the models' own tokens per image, and what is not priced is refused by name.
struct MultimodalConfigTests {
    static func read(_ file: String) throws -> ModelConfig {
        let url = RealConfigTests.directory.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return try MultimodalConfig.decode(json: data, source: file)
    }

    static func split(_ file: String) throws -> MultimodalParameters {
        try #require(try read(file).multimodalParameters, "\(file) read without its vision side")
    }

    @Test(arguments: ["llava-hf--llava-1.5-7b-hf.json", "llava-hf--llava-v1.6-vicuna-7b-hf.json", "Qwen--Qwen2.5-VL-7B-Instruct.json", "Qwen--Qwen2-VL-7B-Instruct.json", "OpenGVLab--InternVL2_5-8B.json",
                      "llava-hf--llava-onevision-qwen2-7b-ov-hf.json", "google--paligemma-3b-pt-224.json", "google--gemma-3-4b-it.json",
                      "microsoft--Phi-3.5-vision-instruct.json"])
    func wholeModelsHaveThePublishedParameterCount(_ file: String) throws {
        let published = try #require(try RealConfigTests.entry(file).parameters)
        let split = try Self.split(file)
        #expect(abs(split.total / published - 1) < 0.01, "\(file): \(split.total) vs published \(published)")
    }

    /// LLaVA-1.5-7B by hand. CLIP ViT-L/14-336: patch convolution 3·14·14 → 1024 without a bias,
    /// class token, 577 positions, pre- and post-LayerNorm, 24 layers (q/k/v/o with biases, GELU
    /// MLP 4096 with biases, two LayerNorms); projector 1024 → 4096 → 4096; LLM: Vicuna-7B, vocab 32064.
    @Test func llavaByHand() throws {
        let split = try Self.split("llava-hf--llava-1.5-7b-hf.json")
        let w = 1024.0, i = 4096.0, l = 4096.0
        let layer = 4 * (w * w + w) + (w * i + i) + (i * w + w) + 4 * w
        #expect(split.vision == 3 * 14 * 14 * w + w + 577 * w + 2 * 2 * w + 24 * layer)
        #expect(split.projector == (w * l + l) + (l * l + l))
        #expect(split.total == 7_063_427_072, "the published count, exactly")
        let vision = try #require(try Self.read("llava-hf--llava-1.5-7b-hf.json").vision)
        #expect(vision.tower.featureLayers == 23, "vision_feature_layer -2 of 24")
        #expect(try vision.plan(VisualInput(kind: .image, count: 1)).tokensPerUnit == 576)
        #expect(try vision.plan(VisualInput(kind: .image, count: 1, size: ImageSize(width: 640, height: 480))).tokensPerUnit == 576)
    }

    /// LLaVA-NeXT at 672x672: base 24x24 + 2x2 tiles (48x48, no padding) + 48 newlines = 2928,
    /// five encoder passes; the newline vector adds one LLM width to the projector's parameters.
    @Test func llavaNextAnyResolution() throws {
        let model = try Self.read("llava-hf--llava-v1.6-vicuna-7b-hf.json")
        let vision = try #require(model.vision)
        let plan = try vision.plan(VisualInput(kind: .image, count: 1, size: .square(672)))
        #expect(plan.tokensPerUnit == 576 + 2304 + 48 && plan.sequences == 5)
        #expect(vision.defaultImageSize == .square(672))
        let llava = try Self.split("llava-hf--llava-1.5-7b-hf.json")
        #expect(try Self.split("llava-hf--llava-v1.6-vicuna-7b-hf.json").projector == llava.projector + 4096)
    }

    /// Qwen2.5-VL-7B by hand. Vision: a 3D patch convolution 3·2·14·14 → 1280 (no bias); 32 blocks
    /// of two RMSNorms, fused qkv 1280 → 3840 and proj 1280 → 1280 (biases), a SwiGLU MLP of 3420
    /// (biases); the merger: RMSNorm 1280, 5120 → 5120 and 5120 → 3584 (biases). LLM: Qwen2-7B.
    @Test func qwen25VLByHand() throws {
        let split = try Self.split("Qwen--Qwen2.5-VL-7B-Instruct.json")
        let w = 1280.0, i = 3420.0, l = 3584.0
        let block = 2 * w + (w * 3 * w + 3 * w) + (w * w + w) + 2 * (w * i + i) + (i * w + w)
        #expect(split.vision == 3 * 2 * 14 * 14 * w + 32 * block)
        #expect(split.projector == w + (4 * w * 4 * w + 4 * w) + (4 * w * l + l))
        #expect(split.total == 8_292_166_656, "the published count, exactly")
    }

    /// InternVL2.5-8B by hand. InternViT-300M: patch convolution with bias, class token, 1025
    /// positions, 24 layers (two LayerNorms, qkv with bias, proj, MLP 4096, two layer scales);
    /// mlp1: LayerNorm 4096, 4096 → 4096, 4096 → 4096; LLM: InternLM2.5-7B (vocab 92553, untied).
    @Test func internVLByHand() throws {
        let split = try Self.split("OpenGVLab--InternVL2_5-8B.json")
        let w = 1024.0, i = 4096.0, l = 4096.0
        let layer = 4 * w + (w * 3 * w + 3 * w) + (w * w + w) + (w * i + i) + (i * w + w) + 2 * w
        #expect(split.vision == 3 * 14 * 14 * w + w + w + 1025 * w + 24 * layer)
        #expect(split.projector == 2 * 4 * w + (4 * w * l + l) + (l * l + l))
        #expect(abs(split.vision / 304e6 - 1) < 0.01, "InternViT-300M: \(split.vision)")
        #expect(abs(split.total / 8.08e9 - 1) < 0.001, "\(split.total)")
    }

    /// PaliGemma-3B by hand: SigLIP at 224 px (16x16 = 256 patches, 256 positions, patch bias,
    /// post-LayerNorm, no head), one linear 1152 → 2048 with a bias; 256 tokens per image.
    @Test func paliGemmaByHand() throws {
        let split = try Self.split("google--paligemma-3b-pt-224.json")
        let w = 1152.0, i = 4304.0
        let layer = 4 * (w * w + w) + (w * i + i) + (i * w + w) + 4 * w
        #expect(split.vision == 588 * w + w + 256 * w + 2 * w + 27 * layer)
        #expect(split.projector == w * 2048 + 2048)
        let vision = try #require(try Self.read("google--paligemma-3b-pt-224.json").vision)
        #expect(try vision.plan(VisualInput(kind: .image, count: 1)).tokensPerUnit == 256)
    }

    /// Gemma-3-4B by hand. SigLIP at 896 px: 64x64 = 4096 patches and positions, patch bias,
    /// 27 layers, post-LayerNorm; the projector: RMSNorm 1152 and a 1152 x 2560 matrix without a
    /// bias (the 4x4 average pooling has no weights); LLM: Gemma-3-4B (vocab 262208, tied).
    @Test func gemma3ByHand() throws {
        let split = try Self.split("google--gemma-3-4b-it.json")
        let w = 1152.0, i = 4304.0, l = 2560.0
        let layer = 4 * (w * w + w) + (w * i + i) + (i * w + w) + 4 * w
        #expect(split.vision == 588 * w + w + 4096 * w + 2 * w + 27 * layer)
        #expect(split.projector == w + w * l)
        #expect(split.llm == 3_880_263_168, "Keras Hub's gemma3_4b_text 3,880,099,328 plus 64 vocabulary rows of 2560")
        #expect(split.total == 4_300_079_472, "Keras Hub's MedGemma-4B count (the same architecture), exactly")
        let vision = try #require(try Self.read("google--gemma-3-4b-it.json").vision)
        #expect(vision.tower.projector.kind == .poolNormLinear && vision.tower.projector.merge == 4)
        for size in [ImageSize.square(896), ImageSize(width: 1920, height: 1080)] {
            let plan = try vision.plan(VisualInput(kind: .image, count: 1, size: size))
            #expect(plan.tokensPerUnit == 256 && plan.sequences == 1 && plan.rows == 64, "\(size)")
        }
        #expect(try vision.plan(VisualInput(kind: .video, count: 8)).tokensToLLM == 8 * 256)
    }

    /// Phi-3.5-vision by hand. CLIP ViT-L/14-336 as LLaVA-1.5's (303.5M); the HD projector: glb_GN
    /// and sub_GN (4096 each), 4096 → 3072 and 3072 → 3072 with biases; LLM: Phi-3-mini (untied).
    @Test func phi35VisionByHand() throws {
        let split = try Self.split("microsoft--Phi-3.5-vision-instruct.json")
        let w = 1024.0, i = 4096.0, l = 3072.0
        let layer = 4 * (w * w + w) + (w * i + i) + (i * w + w) + 4 * w
        #expect(split.vision == 588 * w + w + 577 * w + 2 * 2 * w + 24 * layer)
        #expect(split.projector == 2 * 4 * w + (4 * w * l + l) + (l * l + l))
        #expect(split.total == 4_146_621_440, "4.15B on the Hugging Face page")
        let vision = try #require(try Self.read("microsoft--Phi-3.5-vision-instruct.json").vision)
        #expect(vision.tower.featureLayers == 23, "layer_idx -2 of 24")
        // num_crops 4: any square image becomes 672x672, 2x2 crops plus the global image:
        // (4 + 1)·144 + 1 + (2 + 1)·12 = 757 tokens, five CLIP passes.
        for side in [336, 672, 1000] {
            let plan = try vision.plan(VisualInput(kind: .image, count: 1, size: .square(side)))
            #expect(plan.tokensPerUnit == 757 && plan.sequences == 5, "\(side)")
        }
        // 1000x500 (ratio 2): scale 2 (3·ceil(1.5) = 6 > 4), 672x336, 2x1 crops: 3·144 + 1 + 2·12 = 457.
        let wide = try vision.plan(VisualInput(kind: .image, count: 1, size: ImageSize(width: 1000, height: 500)))
        #expect(wide.tokensPerUnit == 457 && wide.sequences == 3)
        // The same image tall: transposed, 336x672, 1x2 crops: one more row of newlines: 469.
        let tall = try vision.plan(VisualInput(kind: .image, count: 1, size: ImageSize(width: 500, height: 1000)))
        #expect(tall.tokensPerUnit == 469 && tall.sequences == 3)
        // num_crops 16 (the model card's single-image setting): 1344x1344, 4x4 crops: 17·144 + 1 + 5·12 = 2509.
        let text = try String(contentsOf: RealConfigTests.directory.appendingPathComponent("microsoft--Phi-3.5-vision-instruct.json"), encoding: .utf8)
        let sixteen = try #require(try MultimodalConfig.decode(
            json: Data(text.replacingOccurrences(of: "\"vocab_size\": 32064", with: "\"vocab_size\": 32064, \"num_crops\": 16").utf8),
            source: "p.json").vision)
        let one = try sixteen.plan(VisualInput(kind: .image, count: 1, size: .square(1344)))
        #expect(one.tokensPerUnit == 2509 && one.sequences == 17)
    }

    @Test func phi3VisionAndGemma3FeaturesTheyDoNotPriceAreRefusedByName() throws {
        let phi = try String(contentsOf: RealConfigTests.directory.appendingPathComponent("microsoft--Phi-3.5-vision-instruct.json"), encoding: .utf8)
        for (from, to, named) in [("openai/clip-vit-large-patch14-336", "openai/clip-vit-base-patch32", "model_name 'openai/clip-vit-base-patch32'"),
                                  ("\"use_hd_transform\": true", "\"use_hd_transform\": false", "use_hd_transform false"),
                                  ("\"num_img_tokens\": 144", "\"num_img_tokens\": 576", "num_img_tokens 576")] {
            let error = try #require(throws: ModelConfigError.self) {
                try MultimodalConfig.decode(json: Data(phi.replacingOccurrences(of: from, with: to).utf8), source: "p.json")
            }
            #expect(error.description.contains(named), "\(error)")
        }
        let gemma = try String(contentsOf: RealConfigTests.directory.appendingPathComponent("google--gemma-3-4b-it.json"), encoding: .utf8)
        for (tokens, named) in [("200", "not a square number"), ("289", "does not divide the 64x64 patch grid")] {
            let json = gemma.replacingOccurrences(of: "\"mm_tokens_per_image\": 256", with: "\"mm_tokens_per_image\": \(tokens)")
            let error = try #require(throws: ModelConfigError.self) { try MultimodalConfig.decode(json: Data(json.utf8), source: "g.json") }
            #expect(error.description.contains(named), "\(error)")
        }
    }

    /// Tokens per image and frame as each model's processor counts them.
    @Test func tokensPerImageFollowEachModelsRules() throws {
        let qwen = try #require(try Self.read("Qwen--Qwen2-VL-7B-Instruct.json").vision)
        #expect(try qwen.plan(VisualInput(kind: .image, count: 1, size: .square(448))).tokensPerUnit == 256)
        let qwen25 = try #require(try Self.read("Qwen--Qwen2.5-VL-7B-Instruct.json").vision)
        #expect(try qwen25.plan(VisualInput(kind: .image, count: 1, size: .square(448))).tokensPerUnit == 256)
        let intern = try #require(try Self.read("OpenGVLab--InternVL2_5-8B.json").vision)
        let tile = try intern.plan(VisualInput(kind: .image, count: 1, size: .square(448)))
        #expect(tile.tokensPerUnit == 256 && tile.sequences == 1)
        // 896x448: the 2x1 grid matches the 2:1 aspect exactly; two tiles plus the thumbnail.
        let wide = try intern.plan(VisualInput(kind: .image, count: 1, size: ImageSize(width: 896, height: 448)))
        #expect(wide.sequences == 3 && wide.tokensPerUnit == 768)
        let onevision = try #require(try Self.read("llava-hf--llava-onevision-qwen2-7b-ov-hf.json").vision)
        let frames = try onevision.plan(VisualInput(kind: .video, count: 32))
        #expect(frames.tokensPerUnit == 196 && frames.sequences == 32 && frames.poolingStride == 2)
        #expect(onevision.tower.layerCount == 26 && onevision.tower.featureLayers == 26)
    }

    @Test func unknownVisionTowersAreRefusedWithTheirType() throws {
        let json = #"{"model_type": "llava", "text_config": {"model_type": "qwen2", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 4, "intermediate_size": 128, "vocab_size": 100}, "vision_config": {"model_type": "pixtral"}}"#
        let error = try #require(throws: ModelConfigError.self) { try MultimodalConfig.decode(json: Data(json.utf8), source: "x.json") }
        #expect(error.description.contains("vision_config model_type 'pixtral' is not a vision tower aim-viewer prices"))
    }

    /// A config with a vision_config is read whole or refused, never priced as its LLM alone.
    @Test func visionConfigsAreNeverPricedAsTextOnly() throws {
        let unknown = #"{"model_type": "qwen2", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 4, "intermediate_size": 128, "vocab_size": 100, "vision_config": {}}"#
        let error = try #require(throws: ModelConfigError.self) { try MultimodalConfig.decode(json: Data(unknown.utf8), source: "x.json") }
        #expect(error.description.contains("has a vision_config but model_type 'qwen2'") && error.description.contains("not priced as text only"))
        let idefics = #"{"model_type": "idefics3", "text_config": {}, "vision_config": {}}"#
        let refused = try #require(throws: ModelConfigError.self) { try MultimodalConfig.decode(json: Data(idefics.utf8), source: "p.json") }
        #expect(refused.description.contains("model_type 'idefics3' is Idefics3 / SmolVLM"))
        let siglip = try #require(throws: ModelConfigError.self) { try Self.read("google--siglip-so400m-patch14-384.json") }
        #expect(siglip.description.contains("image-text encoder pair"))
        // A text-only config still reads as before.
        let text = try MultimodalConfig.decode(json: Data(#"{"model_type": "qwen2", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 4, "intermediate_size": 128, "vocab_size": 100}"#.utf8), source: "t.json")
        #expect(text.vision == nil)
    }

    @Test func towerFeaturesTheConfigDoesNotPriceAreRefusedByName() throws {
        let base = try String(contentsOf: RealConfigTests.directory.appendingPathComponent("OpenGVLab--InternVL2_5-8B.json"), encoding: .utf8)
        for (from, to, named) in [("\"qk_normalization\": false", "\"qk_normalization\": true", "qk_normalization"),
                                  ("\"norm_type\": \"layer_norm\"", "\"norm_type\": \"rms_norm\"", "norm_type 'rms_norm'"),
                                  ("\"downsample_ratio\": 0.5", "\"downsample_ratio\": 0.3", "downsample_ratio 0.3")] {
            let json = base.replacingOccurrences(of: from, with: to)
            let error = try #require(throws: ModelConfigError.self) { try MultimodalConfig.decode(json: Data(json.utf8), source: "i.json") }
            #expect(error.description.contains(named), "\(error)")
        }
        let onevision = try String(contentsOf: RealConfigTests.directory.appendingPathComponent("llava-hf--llava-onevision-qwen2-7b-ov-hf.json"), encoding: .utf8)
        let head = onevision.replacingOccurrences(of: "\"vision_use_head\": false", with: "\"vision_use_head\": true")
        let error = try #require(throws: ModelConfigError.self) { try MultimodalConfig.decode(json: Data(head.utf8), source: "o.json") }
        #expect(error.description.contains("vision_use_head is true"))
    }
}

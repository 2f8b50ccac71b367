import Foundation

/// Gemma-3 and Phi-3-vision, read whole: each joins a tower the other families share (SigLIP,
/// CLIP ViT-L/14-336) to the LLM through a projector of its own.
extension MultimodalConfigReader {
    // MARK: Gemma-3

    /// Gemma-3 (`Gemma3ForConditionalGeneration`): SigLIP (no head) at its `image_size` (896 px,
    /// 64x64 patches), the last layer's output average-pooled to `mm_tokens_per_image` (256:
    /// 16x16, a 4x4 kernel), RMSNorm, one `w → L` matrix; the LLM is `gemma3_text`.
    func gemma3() throws -> ModelConfig {
        var llm = try language("text_config", defaultType: "gemma3_text")
        let visionReader = try vision(defaultType: "siglip_vision_model")
        guard visionReader.visionType == "siglip_vision_model" else {
            throw ModelConfigError.inconsistent("vision_config model_type '\(visionReader.visionType)' is not Gemma-3's SigLIP", source: source)
        }
        var tower = try visionReader.clipOrSiglip(name: "SigLIP", projector: VisionProjector(kind: .poolNormLinear))
        let tokens = try reader.optionalInt("mm_tokens_per_image") ?? 256
        let perSide = Int(Double(max(tokens, 0)).squareRoot().rounded())
        guard tokens >= 1, perSide * perSide == tokens else {
            throw ModelConfigError.inconsistent("mm_tokens_per_image \(tokens) is not a square number of tokens; Gemma-3 pools the patch grid to a square", source: source)
        }
        guard tower.gridSide % perSide == 0 else {
            throw ModelConfigError.inconsistent(
                "mm_tokens_per_image \(tokens) (\(perSide) a side) does not divide the \(tower.gridSide)x\(tower.gridSide) patch grid; Gemma-3's average pooling needs a whole kernel",
                source: source)
        }
        let kernel = tower.gridSide / perSide
        tower.projector = VisionProjector(kind: .poolNormLinear, merge: kernel)
        tower.name = tower.shapeName("SigLIP")
        llm.vision = MultimodalSpec(
            modelType: modelType, tower: tower, images: .resize, video: .asImages, defaultImageSize: .square(tower.imageSize),
            featureSelection: "the last layer's output, average-pooled \(kernel)x\(kernel) to \(tokens) tokens; pan and scan (off by default) not priced")
        return llm
    }

    // MARK: Phi-3-vision

    /// Phi-3-vision and Phi-3.5-vision (`Phi3VForCausalLM`, remote code): the LLM's keys at the
    /// top level (a Phi-3 LLM), the CLIP ViT-L/14-336 that `img_processor` names (the modeling
    /// code fixes its config), features of `layer_idx` (-2) with the class token dropped, and
    /// `embd_layer`'s HD transform: crops of 336 px plus a global image, each grid merged 2x2,
    /// newline and separator vectors, a 2-layer GELU MLP. `num_crops` is the image processor's
    /// (its preprocessor_config.json, not this file): 4 unless the config states one.
    func phi3V() throws -> ModelConfig {
        var text = reader.fields
        for key in ["img_processor", "embd_layer", "vision_config", "auto_map", "num_crops"] { text[key] = nil }
        text["model_type"] = .string("phi3")
        var llm = try ModelConfig.decode(json: Data(JSONValue.object(text).jsonText.utf8), source: source)
        llm.modelType = modelType
        if reader.fields["vision_config"] != nil {
            throw ModelConfigError.inconsistent(
                "a phi3_v config names its tower in img_processor, not vision_config; this file is not the Phi-3-vision layout aim-viewer reads",
                source: source)
        }
        guard let processor = try reader.optionalObject("img_processor") else {
            throw ModelConfigError.missingKey(key: "img_processor", source: source)
        }
        let name = try processor.optionalString("name") ?? "(none)"
        guard name == "clip_vision_model" else {
            throw ModelConfigError.inconsistent("img_processor name '\(name)' is not priced (Phi-3-vision's clip_vision_model is)", source: source)
        }
        let clip = "openai/clip-vit-large-patch14-336"
        let modelName = try processor.optionalString("model_name") ?? "(none)"
        guard modelName == clip else {
            throw ModelConfigError.inconsistent("img_processor model_name '\(modelName)' is not priced; Phi-3-vision's code builds \(clip) only", source: source)
        }
        let width = try processor.optionalInt("image_dim_out") ?? 1024
        guard width == 1024 else {
            throw ModelConfigError.inconsistent("img_processor image_dim_out \(width) is not CLIP ViT-L's 1024", source: source)
        }
        let feature = try processor.optionalString("type_feature") ?? "patch"
        guard feature == "patch" else {
            throw ModelConfigError.inconsistent("img_processor type_feature '\(feature)' is not priced (patch, the class token dropped, is)", source: source)
        }
        let embedding = try reader.optionalObject("embd_layer") ?? JSONFieldReader(fields: [:], source: source)
        let hd = try embedding.optionalBool("use_hd_transform") ?? false
        let separator = try embedding.optionalBool("with_learnable_separator") ?? false
        let order = try embedding.optionalString("hd_transform_order") ?? "glb_sub"
        let projection = try embedding.optionalString("projection_cls") ?? "linear"
        guard hd, separator, order == "sub_glb", projection == "mlp" else {
            throw ModelConfigError.inconsistent(
                "embd_layer use_hd_transform \(hd), with_learnable_separator \(separator), hd_transform_order '\(order)', projection_cls '\(projection)' is not priced (Phi-3-vision's true, true, 'sub_glb', 'mlp' is; the model's forward needs the HD transform for images)",
                source: source)
        }
        var tower = try VisionTower(
            name: "CLIP", kind: .clip, layerCount: 24, width: 1024, intermediateSize: 4096, attentionHeads: 16,
            imageSize: 336, patchSize: 14, projector: VisionProjector(kind: .hdMergeMLP, merge: 2), activation: .gelu)
        let layerIndex = try processor.optionalInt("layer_idx") ?? -2
        let layers = layerIndex < 0 ? tower.layerCount + 1 + layerIndex : layerIndex
        guard (1...tower.layerCount).contains(layers) else {
            throw ModelConfigError.inconsistent("img_processor layer_idx \(layerIndex) does not name the output of one of CLIP's 24 layers", source: source)
        }
        tower.featureLayers = layers
        let perCrop = (tower.gridSide / 2) * (tower.gridSide / 2)
        if let stated = try processor.optionalInt("num_img_tokens"), stated != perCrop {
            throw ModelConfigError.inconsistent("img_processor num_img_tokens \(stated) is not the \(perCrop) a 336 px crop gives after the 2x2 merge", source: source)
        }
        let crops = try reader.optionalInt("num_crops") ?? 4
        guard (1...64).contains(crops) else {
            throw ModelConfigError.inconsistent("num_crops \(crops) must be between 1 and 64", source: source)
        }
        tower.name = tower.shapeName("CLIP")
        let stated = reader.has("num_crops") ? "num_crops \(crops) as the config states"
            : "num_crops 4, the model card's setting for several images (16 for one: add a num_crops key)"
        llm.vision = MultimodalSpec(
            modelType: modelType, tower: tower, images: .hdCrops(maxCrops: crops), video: .asImages,
            defaultImageSize: .square(2 * tower.imageSize),
            featureSelection: "layer_idx \(layerIndex) (layer \(layers) of 24), class token dropped; \(stated)")
        return llm
    }
}

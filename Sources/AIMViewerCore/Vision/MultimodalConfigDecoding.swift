import Foundation

/// Reads a multimodal Hugging Face `config.json` whole: the LLM through the text-family reader
/// (`ModelConfig.decode`, given the nested `text_config`/`llm_config` object or the top-level text
/// keys), the vision tower from `vision_config` under its class's defaults, and the top-level keys
/// that join them (feature layer, projector, tiling, merge). A file without `vision_config` whose
/// `model_type` is no multimodal family is read as the text-only LLM it is.
public enum MultimodalConfig {
    /// The families read whole, in the order reports list them.
    public static let readFamilies = ["llava", "llava_next", "llava_onevision", "qwen2_vl", "qwen2_5_vl", "internvl_chat",
                                      "paligemma", "gemma3", "phi3_v"]
    /// Multimodal families recognised but not priced yet: refused by name, never priced as text.
    public static let refusedFamilies = [
        "idefics3": "Idefics3 / SmolVLM (SigLIP with pixel shuffle; its tiling lives in preprocessor_config.json)",
        "idefics2": "Idefics2 (a perceiver resampler)", "mllama": "Llama-3.2-Vision (cross-attention layers)",
        "llava_next_video": "LLaVA-NeXT-Video", "pixtral": "Pixtral", "mistral3": "Mistral-3 vision",
        "qwen2_5_omni": "Qwen2.5-Omni", "minicpmv": "MiniCPM-V", "molmo": "Molmo", "blip-2": "BLIP-2 (a Q-Former)",
    ]

    public static func decode(json: Data, source: String, name: String? = nil) throws -> ModelConfig {
        let fields: [String: JSONValue]
        do {
            fields = try JSONValue.parseObject(json)
        } catch {
            throw ModelConfigError.malformedJSON(source: source, detail: error.detail)
        }
        let modelType: String?
        if case .string(let text)? = fields["model_type"] { modelType = text } else { modelType = nil }
        let multimodal = modelType.map { readFamilies.contains($0) || refusedFamilies[$0] != nil } ?? false
        guard fields["vision_config"] != nil || multimodal else {
            return try ModelConfig.decode(json: json, source: source, name: name)
        }
        guard let modelType, readFamilies.contains(modelType) else {
            if let modelType, ["siglip", "clip"].contains(modelType) {
                throw ModelConfigError.inconsistent(
                    "model_type '\(modelType)' is an image-text encoder pair, not a multimodal LLM; price a tower with --vision (siglip-so400m, clip-vit-l-336) beside an LLM, or give the multimodal model's own config",
                    source: source)
            }
            if let modelType, let family = refusedFamilies[modelType] {
                throw ModelConfigError.inconsistent(
                    "model_type '\(modelType)' is \(family), a multimodal model whose vision side aim-viewer does not price yet; it reads \(readFamilies.joined(separator: ", ")). Price its LLM alone from a copy of the text_config saved as its own config.json",
                    source: source)
            }
            throw ModelConfigError.inconsistent(
                "this config has a vision_config but model_type '\(modelType ?? "(none)")' is not a multimodal family aim-viewer reads (\(readFamilies.joined(separator: ", "))); it is not priced as text only. Price its LLM alone from a copy of the text config saved as its own config.json",
                source: source)
        }
        let reader = JSONFieldReader(fields: fields, source: source)
        do {
            var config = try MultimodalConfigReader(reader: reader, modelType: modelType, source: source).read()
            config.name = name ?? source
            return config
        } catch let error as FieldError {
            switch error {
            case let .missing(key, source): throw ModelConfigError.missingKey(key: key, source: source)
            case let .wrongType(key, expected, source): throw ModelConfigError.wrongType(key: key, expected: expected, source: source)
            }
        }
    }
}

struct MultimodalConfigReader {
    let reader: JSONFieldReader
    let modelType: String
    let source: String

    func read() throws -> ModelConfig {
        switch modelType {
        case "llava", "llava_next", "llava_onevision": return try llava()
        case "qwen2_vl", "qwen2_5_vl": return try qwenVL()
        case "internvl_chat": return try internVL()
        case "paligemma": return try paliGemma()
        case "gemma3": return try gemma3()
        case "phi3_v": return try phi3V()
        default:
            throw ModelConfigError.inconsistent("model_type '\(modelType)' is not read as a multimodal family", source: source)
        }
    }

    /// The LLM from its nested object (`key`) under the text-family reader, with the class the
    /// wrapper defaults to when the object names none, and the wrapper's `tie_word_embeddings`
    /// when the object does not state it.
    func language(_ key: String, defaultType: String) throws -> ModelConfig {
        var text: [String: JSONValue] = [:]
        if let object = try reader.optionalObject(key) { text = object.fields }
        // Newer Qwen-VL files name their text part `qwen2_vl_text`/`qwen2_5_vl_text`: a Qwen2 LLM.
        if text["model_type"] == nil || [.string("qwen2_vl_text"), .string("qwen2_5_vl_text")].contains(text["model_type"]!) {
            text["model_type"] = .string(defaultType)
        }
        if text["tie_word_embeddings"] == nil, let tie = reader.fields["tie_word_embeddings"] { text["tie_word_embeddings"] = tie }
        return try ModelConfig.decode(json: Data(JSONValue.object(text).jsonText.utf8), source: "\(source) \(key)")
    }

    /// The vision object's reader and its class (`model_type`, else the family's default).
    func vision(defaultType: String) throws -> VisionConfigReader {
        let object = try reader.optionalObject("vision_config") ?? JSONFieldReader(fields: [:], source: source)
        let inner = JSONFieldReader(fields: object.fields, source: "\(source) vision_config")
        let type = try inner.optionalString("model_type") ?? defaultType
        guard VisionConfigReader.knownTypes.contains(type) else {
            throw ModelConfigError.inconsistent(
                "vision_config model_type '\(type)' is not a vision tower aim-viewer prices (\(VisionConfigReader.knownTypes.joined(separator: ", ")))",
                source: source)
        }
        return VisionConfigReader(reader: inner, visionType: type)
    }

    /// `vision_feature_layer` (an index into the hidden states, negative from the end, or a list of
    /// them) as the number of layers whose output is needed.
    func featureLayers(_ key: String, default fallback: Int, layerCount: Int) throws -> Int {
        let indices: [Int]
        if case .array? = reader.fields[key] { indices = try reader.optionalInts(key) ?? [] } else { indices = [try reader.optionalInt(key) ?? fallback] }
        let resolved = indices.map { $0 < 0 ? layerCount + 1 + $0 : $0 }
        guard let deepest = resolved.max(), let shallowest = resolved.min(), shallowest >= 1, deepest <= layerCount else {
            throw ModelConfigError.inconsistent(
                "\(key) \(indices) does not name the output of one of the tower's \(layerCount) layers", source: source)
        }
        return deepest
    }

    // MARK: LLaVA, LLaVA-NeXT, LLaVA-OneVision

    func llava() throws -> ModelConfig {
        let onevision = modelType == "llava_onevision", next = modelType == "llava_next"
        var llm = try language("text_config", defaultType: onevision ? "qwen2" : "llama")
        let visionReader = try vision(defaultType: onevision ? "siglip_vision_model" : "clip_vision_model")
        guard ["clip_vision_model", "siglip_vision_model"].contains(visionReader.visionType) else {
            throw ModelConfigError.inconsistent("vision_config model_type '\(visionReader.visionType)' is not a LLaVA tower (CLIP or SigLIP)", source: source)
        }
        let activation = try reader.optionalString("projector_hidden_act") ?? "gelu"
        guard activation == "gelu" else {
            throw ModelConfigError.inconsistent("projector_hidden_act '\(activation)' is not priced (LLaVA's projector is GELU)", source: source)
        }
        guard try reader.optionalBool("multimodal_projector_bias") ?? true else {
            throw ModelConfigError.inconsistent("multimodal_projector_bias false is not priced (LLaVA's projector has biases)", source: source)
        }
        var projector = VisionProjector.llava
        if let type = try reader.optionalString("mm_projector_type") {
            if type == "linear" {
                projector = VisionProjector(kind: .linear)
            } else if type.hasPrefix("mlp"), type.hasSuffix("x_gelu"), let depth = Int(type.dropFirst(3).dropLast(6)), depth >= 1 {
                projector = VisionProjector(kind: .mlp, depth: depth)
            } else {
                throw ModelConfigError.inconsistent("mm_projector_type '\(type)' is not priced (linear or mlpNx_gelu are)", source: source)
            }
        }
        var tower = try visionReader.clipOrSiglip(name: "\(visionReader.visionType == "clip_vision_model" ? "CLIP" : "SigLIP")", projector: projector)
        tower.name = tower.shapeName(tower.kind == .clip ? "CLIP" : "SigLIP")
        let strategy = try reader.optionalString("vision_feature_select_strategy") ?? "default"
        guard strategy == "default" || (strategy == "full" && !tower.classToken) else {
            throw ModelConfigError.inconsistent(
                "vision_feature_select_strategy '\(strategy)' is not priced for this tower (default drops the class token; full is priced for towers without one)",
                source: source)
        }
        tower.featureLayers = try featureLayers("vision_feature_layer", default: -2, layerCount: tower.layerCount)
        try tower.validateFeatureLayers()

        var images = ImageProcessing.resize
        var defaultSize = ImageSize.square(tower.imageSize)
        var extra = 0.0
        if next || onevision {
            let pinpoints = try gridPinpoints(default: onevision
                ? (1...6).flatMap { h in (1...6).map { w in ImageSize(width: 384 * w, height: 384 * h) } }
                : [ImageSize(width: 672, height: 336), ImageSize(width: 336, height: 672), ImageSize(width: 672, height: 672),
                   ImageSize(width: 336, height: 1008), ImageSize(width: 1008, height: 336)])
            var maxTiles: Int?
            if onevision {
                let aspect = try reader.optionalString("vision_aspect_ratio") ?? "anyres_max_9"
                guard aspect.hasPrefix("anyres_max_"), let tiles = Int(aspect.dropFirst("anyres_max_".count)), tiles >= 1 else {
                    throw ModelConfigError.inconsistent("vision_aspect_ratio '\(aspect)' is not priced (anyres_max_N is)", source: source)
                }
                maxTiles = tiles
            }
            images = .anyResolution(pinpoints: pinpoints, maxTiles: maxTiles)
            if next, let largest = pinpoints.filter({ $0.width == $0.height }).max(by: { $0.width < $1.width }) { defaultSize = largest }
            extra = Double(llm.hiddenSize)  // image_newline
        }
        let used = tower.featureLayers == tower.layerCount ? "the last layer's output"
            : "vision_feature_layer \(tower.featureLayers - tower.layerCount - 1) (layer \(tower.featureLayers) of \(tower.layerCount))"
        llm.vision = MultimodalSpec(
            modelType: modelType, tower: tower, images: images, video: onevision ? .pooledFrames : .asImages,
            defaultImageSize: defaultSize, extraParameters: extra,
            featureSelection: used + (tower.classToken ? ", class token dropped" : ""))
        return llm
    }

    func gridPinpoints(default fallback: [ImageSize]) throws -> [ImageSize] {
        guard case .array(let items)? = reader.fields["image_grid_pinpoints"] else {
            if reader.fields["image_grid_pinpoints"] == nil || reader.fields["image_grid_pinpoints"] == .null { return fallback }
            throw ModelConfigError.wrongType(key: "image_grid_pinpoints", expected: "an array of [height, width] pairs", source: source)
        }
        return try items.map { item in
            guard case .array(let pair) = item, pair.count == 2, case .number(let h) = pair[0], case .number(let w) = pair[1],
                  let height = Int(exactly: h), let width = Int(exactly: w), height > 0, width > 0, height <= 16_384, width <= 16_384 else {
                throw ModelConfigError.wrongType(key: "image_grid_pinpoints", expected: "an array of [height, width] pairs of positive integers", source: source)
            }
            return ImageSize(width: width, height: height)
        }
    }

    // MARK: Qwen2-VL, Qwen2.5-VL

    func qwenVL() throws -> ModelConfig {
        // Older files keep the LLM's keys at the top level; newer ones under text_config.
        var llm: ModelConfig
        if reader.fields["text_config"] != nil {
            llm = try language("text_config", defaultType: "qwen2")
        } else {
            var text = reader.fields
            text["vision_config"] = nil
            text["model_type"] = .string("qwen2")
            llm = try ModelConfig.decode(json: Data(JSONValue.object(text).jsonText.utf8), source: source)
        }
        llm.modelType = modelType
        let two = modelType == "qwen2_vl"
        let visionReader = try vision(defaultType: modelType)
        let side = 448
        var tower = two
            ? try visionReader.qwen2VL(name: "Qwen2-VL ViT", llmWidth: llm.hiddenSize, defaultSide: side)
            : try visionReader.qwen25VL(name: "Qwen2.5-VL ViT", llmWidth: llm.hiddenSize, defaultSide: side)
        tower.name = "\(two ? "Qwen2-VL" : "Qwen2.5-VL") ViT \(tower.layerCount)x\(tower.width) /\(tower.patchSize)"
        llm.vision = MultimodalSpec(
            modelType: modelType, tower: tower, images: .dynamicResolution(minPixels: 3136, maxPixels: 12_845_056),
            video: .temporalPatches, videoPixels: (128 * 28 * 28)...(768 * 28 * 28), defaultImageSize: .square(side),
            featureSelection: "the last layer's output, merged \(tower.projector.merge)x\(tower.projector.merge)")
        return llm
    }

    // MARK: PaliGemma

    /// PaliGemma: SigLIP (no head) at its `image_size`, every patch through one linear projection
    /// (`projection_dim`, the Gemma width), so (side / patch)² tokens: 256 at 224 px.
    func paliGemma() throws -> ModelConfig {
        var llm = try language("text_config", defaultType: "gemma")
        let visionReader = try vision(defaultType: "siglip_vision_model")
        guard visionReader.visionType == "siglip_vision_model" else {
            throw ModelConfigError.inconsistent("vision_config model_type '\(visionReader.visionType)' is not PaliGemma's SigLIP", source: source)
        }
        let projection = try visionReader.reader.optionalInt("projection_dim") ?? reader.optionalInt("projection_dim") ?? llm.hiddenSize
        guard projection == llm.hiddenSize else {
            throw ModelConfigError.inconsistent("projection_dim \(projection) is not the LLM's hidden_size \(llm.hiddenSize)", source: source)
        }
        var tower = try visionReader.clipOrSiglip(name: "SigLIP", projector: VisionProjector(kind: .linear))
        tower.name = tower.shapeName("SigLIP")
        llm.vision = MultimodalSpec(
            modelType: modelType, tower: tower, images: .resize, video: .asImages, defaultImageSize: .square(tower.imageSize),
            featureSelection: "the last layer's output (after the post-LayerNorm), every patch")
        return llm
    }

    // MARK: InternVL

    func internVL() throws -> ModelConfig {
        var llm = try language("llm_config", defaultType: "internlm2")
        let visionReader = try vision(defaultType: "intern_vit_6b")
        let ratio = try reader.optionalDouble("downsample_ratio") ?? 0.5
        let merge = Int((1 / ratio).rounded())
        guard ratio > 0, abs(1 / ratio - Double(merge)) < 1e-9, merge >= 1 else {
            throw ModelConfigError.inconsistent("downsample_ratio \(ratio) is not 1/N for a whole N; pixel shuffle needs one", source: source)
        }
        if let version = try reader.optionalString("ps_version"), version != "v2" {
            throw ModelConfigError.inconsistent("ps_version '\(version)' is not priced (v2 is)", source: source)
        }
        var tower = try visionReader.internViT(
            name: "InternViT", imageSize: try reader.optionalInt("force_image_size"),
            featureLayers: { try featureLayers("select_layer", default: -1, layerCount: $0) }, merge: merge)
        tower.name = "InternViT \(tower.layerCount)x\(tower.width) /\(tower.patchSize) @\(tower.imageSize)"
        guard tower.gridSide % merge == 0 else {
            throw ModelConfigError.inconsistent("the \(tower.gridSide)x\(tower.gridSide) patch grid does not divide by the pixel shuffle of \(merge)", source: source)
        }
        let dynamic = try reader.optionalBool("dynamic_image_size") ?? false
        let images: ImageProcessing = dynamic
            ? .tiles(minTiles: try reader.optionalInt("min_dynamic_patch") ?? 1, maxTiles: try reader.optionalInt("max_dynamic_patch") ?? 6,
                     thumbnail: try reader.optionalBool("use_thumbnail") ?? false)
            : .resize
        if case let .tiles(minTiles, maxTiles, _) = images, minTiles < 1 || maxTiles < minTiles || maxTiles > 64 {
            throw ModelConfigError.inconsistent("min_dynamic_patch \(minTiles) and max_dynamic_patch \(maxTiles) must satisfy 1 <= min <= max <= 64", source: source)
        }
        llm.vision = MultimodalSpec(
            modelType: modelType, tower: tower, images: images, video: .oneTile, defaultImageSize: .square(tower.imageSize),
            featureSelection: (tower.featureLayers == tower.layerCount ? "the last layer's output" : "select_layer \(tower.featureLayers - tower.layerCount - 1)")
                + ", class token dropped, pixel shuffle \(merge)x\(merge)")
        return llm
    }
}

extension VisionTower {
    func validateFeatureLayers() throws {
        guard (1...layerCount).contains(featureLayers) else {
            throw ModelConfigError.inconsistent("the features come from layer \(featureLayers), outside the tower's \(layerCount) layers", source: name)
        }
    }
}

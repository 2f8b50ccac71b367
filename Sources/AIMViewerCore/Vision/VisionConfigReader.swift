/// Reads a `vision_config` object under its configuration class's defaults (the Hugging Face
/// `transformers` values for keys a config leaves out), refusing any class or feature it does not
/// price by name.
struct VisionConfigReader {
    let reader: JSONFieldReader
    /// The `vision_config`'s `model_type`, or the family's default class when it states none.
    let visionType: String

    /// The classes read, with what each builds.
    static let knownTypes = ["clip_vision_model", "siglip_vision_model", "qwen2_vl", "qwen2_vl_vision", "qwen2_5_vl",
                             "qwen2_5_vl_vision", "intern_vit_6b"]

    func activation(_ key: String, default fallback: String) throws -> Architecture.Activation {
        let text = (try reader.optionalString(key) ?? fallback).lowercased()
        if text.contains("gelu") { return .gelu }
        if text == "silu" || text == "swish" { return .silu }
        throw ModelConfigError.inconsistent("vision_config \(key) '\(text)' is not an activation aim-viewer prices in a vision tower (gelu, quick_gelu, silu)",
                                            source: reader.source)
    }

    func requireThreeChannels(_ key: String) throws {
        let channels = try reader.optionalInt(key) ?? 3
        guard channels == 3 else {
            throw ModelConfigError.inconsistent("vision_config \(key) is \(channels); aim-viewer prices RGB towers (3 channels)", source: reader.source)
        }
    }

    /// CLIPVisionConfig (defaults: ViT-B/32 at 224 px) or SiglipVisionConfig (ViT-B/16 at 224 px).
    func clipOrSiglip(name: String, projector: VisionProjector) throws -> VisionTower {
        let siglip = visionType == "siglip_vision_model"
        try requireThreeChannels("num_channels")
        if siglip, try reader.optionalBool("vision_use_head") ?? true {
            throw ModelConfigError.inconsistent(
                "vision_config vision_use_head is true (SigLIP's attention-pooling head, the default), which the multimodal models do not use and aim-viewer does not price; set \"vision_use_head\": false as LLaVA-OneVision and PaliGemma do",
                source: reader.source)
        }
        return try VisionTower(
            name: name, kind: siglip ? .siglip : .clip,
            layerCount: try reader.optionalInt("num_hidden_layers") ?? 12, width: try reader.optionalInt("hidden_size") ?? 768,
            intermediateSize: try reader.optionalInt("intermediate_size") ?? 3072,
            attentionHeads: try reader.optionalInt("num_attention_heads") ?? 12,
            imageSize: try reader.optionalInt("image_size") ?? 224, patchSize: try reader.optionalInt("patch_size") ?? (siglip ? 16 : 32),
            projector: projector, activation: try activation("hidden_act", default: siglip ? "gelu_pytorch_tanh" : "quick_gelu"))
    }

    /// Qwen2VLVisionConfig: `embed_dim` wide, `mlp_ratio` x MLP, `hidden_size` the LLM's width.
    func qwen2VL(name: String, llmWidth: Int, defaultSide: Int) throws -> VisionTower {
        try requireThreeChannels(reader.has("in_chans") ? "in_chans" : "in_channels")
        let width = try reader.optionalInt("embed_dim") ?? 1280
        let ratio = try reader.optionalDouble("mlp_ratio") ?? 4
        let output = try reader.optionalInt("hidden_size") ?? 3584
        try requireOutput(output, key: "hidden_size", llmWidth: llmWidth)
        let merge = try reader.optionalInt("spatial_merge_size") ?? 2
        return try VisionTower(
            name: name, kind: .qwen2VL, layerCount: try reader.optionalInt("depth") ?? 32, width: width,
            intermediateSize: Int(Double(width) * ratio), attentionHeads: try reader.optionalInt("num_heads") ?? 16,
            imageSize: defaultSide, patchSize: try reader.optionalInt("patch_size") ?? 14,
            temporalPatchSize: try reader.optionalInt("temporal_patch_size") ?? 2,
            projector: VisionProjector(kind: .patchMerger, merge: merge, inputNorm: .layerNorm),
            activation: try activation("hidden_act", default: "quick_gelu"))
    }

    /// Qwen2_5_VLVisionConfig: RMSNorm, gated SiLU MLP, windows of `window_size` pixels except the
    /// `fullatt_block_indexes` layers; `out_hidden_size` the LLM's width.
    func qwen25VL(name: String, llmWidth: Int, defaultSide: Int) throws -> VisionTower {
        try requireThreeChannels(reader.has("in_chans") ? "in_chans" : "in_channels")
        let output = try reader.optionalInt("out_hidden_size") ?? 3584
        try requireOutput(output, key: "out_hidden_size", llmWidth: llmWidth)
        let patch = try reader.optionalInt("patch_size") ?? 14
        let windowPixels = try reader.optionalInt("window_size") ?? 112
        guard windowPixels >= patch else {
            throw ModelConfigError.inconsistent("vision_config window_size \(windowPixels) is smaller than a patch (\(patch) px)", source: reader.source)
        }
        let merge = try reader.optionalInt("spatial_merge_size") ?? 2
        return try VisionTower(
            name: name, kind: .qwen25VL, layerCount: try reader.optionalInt("depth") ?? 32,
            width: try reader.optionalInt("hidden_size") ?? 3584, intermediateSize: try reader.optionalInt("intermediate_size") ?? 3420,
            attentionHeads: try reader.optionalInt("num_heads") ?? 16, imageSize: defaultSide, patchSize: patch,
            temporalPatchSize: try reader.optionalInt("temporal_patch_size") ?? 2,
            window: VisionWindow(windowPatches: windowPixels / patch,
                                 fullAttentionLayers: try reader.optionalInts("fullatt_block_indexes") ?? [7, 15, 23, 31]),
            projector: VisionProjector(kind: .patchMerger, merge: merge, inputNorm: .rmsNorm),
            activation: try activation("hidden_act", default: "silu"))
    }

    /// InternVisionConfig (defaults: InternViT-6B); the 6B tower's RMSNorm and QK-norm are refused.
    func internViT(name: String, imageSize: Int?, featureLayers: (Int) throws -> Int, merge: Int) throws -> VisionTower {
        try requireThreeChannels("num_channels")
        if try reader.optionalBool("qk_normalization") ?? true {
            throw ModelConfigError.inconsistent(
                "vision_config qk_normalization is true (InternViT-6B's norms on q and k), which aim-viewer does not price; the InternViT-300M towers of InternVL2/2.5 state false",
                source: reader.source)
        }
        let norm = try reader.optionalString("norm_type") ?? "rms_norm"
        guard norm == "layer_norm" else {
            throw ModelConfigError.inconsistent("vision_config norm_type '\(norm)' is not priced for InternViT (layer_norm is)", source: reader.source)
        }
        let layers = try reader.optionalInt("num_hidden_layers") ?? 48
        return try VisionTower(
            name: name, kind: .internViT, layerCount: layers, width: try reader.optionalInt("hidden_size") ?? 3200,
            intermediateSize: try reader.optionalInt("intermediate_size") ?? 12800,
            attentionHeads: try reader.optionalInt("num_attention_heads") ?? 25,
            imageSize: try imageSize ?? reader.optionalInt("image_size") ?? 224, patchSize: try reader.optionalInt("patch_size") ?? 14,
            featureLayers: try featureLayers(layers), qkvBias: try reader.optionalBool("qkv_bias") ?? false,
            projector: VisionProjector(kind: .pixelShuffleMLP, merge: merge),
            activation: try activation("hidden_act", default: "gelu"))
    }

    func requireOutput(_ output: Int, key: String, llmWidth: Int) throws {
        guard output == llmWidth else {
            throw ModelConfigError.inconsistent(
                "vision_config \(key) \(output) is not the LLM's hidden_size \(llmWidth); the merger must map into the LLM's width",
                source: reader.source)
        }
    }
}

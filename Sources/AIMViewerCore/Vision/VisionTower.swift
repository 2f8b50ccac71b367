/// A vision encoder as its model runs it: the patch embedding, `layerCount` transformer layers
/// (every one, or up to the feature layer), the norms around them, and the projector into the
/// LLM's width; the same operator model prices it as the LLM.
///
/// Built from a multimodal config's `vision_config` (`MultimodalConfigReader`) or from one of the
/// two hand-chosen presets `--vision` names. LLaVA's order is encoder → projector → pooling, so the
/// projector sees every patch; AIM's merge runs after all of it and does not reduce this cost.
public struct VisionTower: Sendable, Equatable, Codable {
    /// The encoder's design, which fixes what the width and depth alone do not: norms, MLP,
    /// positions, biases, a class token.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// CLIP ViT (LLaVA-1.5, LLaVA-NeXT, Phi-3-vision): class token, pre- and post-LayerNorm,
        /// QuickGELU MLP, no patch-embedding bias.
        case clip
        /// SigLIP (LLaVA-OneVision, PaliGemma): no class token, GELU(tanh) MLP, a post-LayerNorm.
        case siglip
        /// Qwen2-VL's ViT: 3D patches of 2 frames, 2D RoPE, LayerNorm, QuickGELU MLP.
        case qwen2VL = "qwen2_vl"
        /// Qwen2.5-VL's ViT: as Qwen2-VL with RMSNorm, a gated SiLU MLP and windowed attention.
        case qwen25VL = "qwen2_5_vl"
        /// InternViT (InternVL): class token, LayerNorm or RMSNorm, layer scale on both residuals.
        case internViT = "intern_vit"
    }

    public var name: String
    public var kind: Kind

    /// The name a config-read tower reports: its family, then depth x width, patch and image side
    /// ("SigLIP ViT 27x1152 /14 @384"), so two towers of one family tell apart by shape.
    public func shapeName(_ family: String) -> String {
        "\(family) ViT \(layerCount)x\(width) /\(patchSize) @\(imageSize)"
    }
    public var layerCount: Int
    public var width: Int
    public var intermediateSize: Int
    public var attentionHeads: Int
    /// The side of one tile or frame in pixels (Qwen's dynamic resolution: the default side).
    public var imageSize: Int
    public var patchSize: Int
    /// CLIP and InternViT prepend a class token to the patch sequence (LLaVA and InternVL drop it
    /// before the projector).
    public var classToken: Bool
    /// Pooling stride over the patch grid after the projector (1 = none, 2 = 2x2).
    public var poolingStride: Int
    /// Frames one patch spans (Qwen-VL: 2; an image is repeated to fill it).
    public var temporalPatchSize: Int
    /// Layers whose output the projector reads (`vision_feature_layer` -2 of 24: 23); the model
    /// may still run the rest (`VisionLayerPolicy`).
    public var featureLayers: Int
    /// Qwen2.5-VL's windowed attention, `nil` when every layer attends the whole image.
    public var window: VisionWindow?
    /// Biases on q, k and v (InternViT's `qkv_bias`; CLIP, SigLIP and Qwen have them).
    public var qkvBias: Bool
    /// What maps the features into the LLM's width (and how many patches it merges into one token).
    public var projector: VisionProjector
    /// The MLP activation as the config names it (`quick_gelu`, `gelu_pytorch_tanh`, `silu`).
    public var activation: Architecture.Activation

    public init(name: String, kind: Kind, layerCount: Int, width: Int, intermediateSize: Int, attentionHeads: Int,
                imageSize: Int, patchSize: Int, classToken: Bool? = nil, poolingStride: Int = 1,
                temporalPatchSize: Int = 1, featureLayers: Int? = nil, window: VisionWindow? = nil,
                qkvBias: Bool = true, projector: VisionProjector = .llava, activation: Architecture.Activation? = nil) throws {
        self.name = name
        self.kind = kind
        self.layerCount = layerCount
        self.width = width
        self.intermediateSize = intermediateSize
        self.attentionHeads = attentionHeads
        self.imageSize = imageSize
        self.patchSize = patchSize
        self.classToken = classToken ?? (kind == .clip || kind == .internViT)
        self.poolingStride = poolingStride
        self.temporalPatchSize = temporalPatchSize
        self.featureLayers = featureLayers ?? layerCount
        self.window = window
        self.qkvBias = qkvBias
        self.projector = projector
        self.activation = activation ?? (kind == .qwen25VL ? .silu : .gelu)
        for (key, value) in [("layers", layerCount), ("width", width), ("intermediate size", intermediateSize),
                             ("heads", attentionHeads), ("image size", imageSize), ("patch size", patchSize),
                             ("pooling stride", poolingStride), ("temporal patch size", temporalPatchSize)] where value <= 0 {
            throw ModelConfigError.nonPositive(key: key, value: value, source: "vision tower \(name)")
        }
        for (key, value, limit) in [("layers", layerCount, 256), ("width", width, ModelLimits.width),
                                    ("intermediate size", intermediateSize, 4 * ModelLimits.width),
                                    ("image size", imageSize, 16_384), ("patch size", patchSize, 1024)] where value > limit {
            throw ModelConfigError.tooLarge(key: key, value: value, limit: limit, source: "vision tower \(name)")
        }
        guard imageSize >= patchSize, width % attentionHeads == 0 else {
            throw ModelConfigError.inconsistent("the image must hold a patch and the heads must divide the width", source: name)
        }
        guard (1...layerCount).contains(self.featureLayers) else {
            throw ModelConfigError.inconsistent(
                "the features come from layer \(self.featureLayers), outside the tower's \(layerCount) layers", source: name)
        }
        if let window, window.fullAttentionLayers.contains(where: { $0 < 0 || $0 >= layerCount }) {
            throw ModelConfigError.inconsistent(
                "fullatt_block_indexes \(window.fullAttentionLayers) name layers outside 0..<\(layerCount)", source: name)
        }
    }

    /// Patches along one side of a square tile: the stride-`patchSize` convolution floors, so 384 px
    /// at 14 gives 27 for SigLIP (the last 6 pixels unused) and 336 / 14 = 24 for CLIP.
    public var gridSide: Int { imageSize / patchSize }
    public var patchesPerFrame: Int { gridSide * gridSide }
    /// Rows each encoder layer processes per tile.
    public var sequenceLength: Int { patchesPerFrame + (classToken ? 1 : 0) }
    /// Tokens per square tile handed to the LLM: patches merged by the projector, then pooled by
    /// `ceil(side / stride)²` (27 → 14, so 196).
    public var tokensPerFrame: Int {
        let side = gridSide / projector.merge
        let pooled = (side + poolingStride - 1) / poolingStride
        return pooled * pooled
    }
    public var headDim: Int { width / attentionHeads }

    public var norm: Architecture.Norm { kind == .qwen25VL ? .rmsNorm : .layerNorm }
    public var mlp: Architecture.MLP { kind == .qwen25VL ? .gated : .plain }
    /// Learned absolute positions (CLIP, SigLIP, InternViT) or 2D rotary ones (Qwen).
    public var rotaryPositions: Bool { kind == .qwen2VL || kind == .qwen25VL }
    /// The patch-embedding convolution's bias (CLIP and Qwen have none).
    public var patchBias: Bool { kind == .siglip || kind == .internViT }
    /// Input values per patch: 3 channels x patch² x the temporal patch.
    public var pixelsPerPatch: Int { 3 * patchSize * patchSize * temporalPatchSize }

    /// One encoder layer as a model the `exact` operators price: bidirectional attention, the
    /// tower's norm and MLP, RoPE over every channel for Qwen's 2D rotary positions.
    public func encoderConfig(sequenceLength: Int) throws -> ModelConfig {
        let architecture = Architecture(
            family: .vit, norm: norm, mlp: mlp, activation: activation,
            rotaryDimensions: rotaryPositions ? headDim : nil,
            learnedPositions: rotaryPositions ? 0 : sequenceLength, causal: false)
        return try ModelConfig(
            name: name, modelType: "vit", layerCount: layerCount, hiddenSize: width, attentionHeads: attentionHeads,
            intermediateSize: intermediateSize, vocabularySize: 1, tieWordEmbeddings: true,
            qkvBias: qkvBias, outputProjectionBias: true, mlpBias: true, architecture: architecture)
    }

    /// The encoder as the presets price it (one square tile).
    public var encoderConfig: ModelConfig { get throws { try encoderConfig(sequenceLength: sequenceLength) } }

    /// SigLIP-SO400M/14 at 384 px, as LLaVA-OneVision uses it for video: 27x27 = 729 patches pooled 2x2 to 196.
    public static let siglipSO400M = try! VisionTower(
        name: "siglip-so400m", kind: .siglip, layerCount: 27, width: 1152, intermediateSize: 4304, attentionHeads: 16,
        imageSize: 384, patchSize: 14, poolingStride: 2)

    /// CLIP ViT-L/14 at 336 px, as LLaVA-1.5 uses it: 24x24 = 576 patches (plus a class token), no pooling.
    public static let clipViTL336 = try! VisionTower(
        name: "clip-vit-l-336", kind: .clip, layerCount: 24, width: 1024, intermediateSize: 4096, attentionHeads: 16,
        imageSize: 336, patchSize: 14)

    public static let presets: [VisionTower] = [siglipSO400M, clipViTL336]

    public static func preset(named name: String) -> VisionTower? {
        presets.first { $0.name == name.lowercased() }
    }
}

/// Qwen2.5-VL's windowed attention: most layers attend within windows of `windowPatches` x
/// `windowPatches` patches (`window_size` 112 px / 14 = 8), the `fullAttentionLayers`
/// (`fullatt_block_indexes`) the whole image.
public struct VisionWindow: Sendable, Equatable, Codable {
    public var windowPatches: Int
    public var fullAttentionLayers: [Int]

    public init(windowPatches: Int, fullAttentionLayers: [Int]) {
        self.windowPatches = windowPatches
        self.fullAttentionLayers = fullAttentionLayers
    }

    /// Patches in each window of a `rows` x `columns` patch grid: Qwen2.5-VL cuts the grid of
    /// merged tokens (`merge` x `merge` patches each) into windows of `windowPatches / merge`
    /// merged tokens a side, the last row and column of windows holding what is left.
    public func windowLengths(rows: Int, columns: Int, merge: Int) -> [Int] {
        let side = max(windowPatches / merge, 1)
        func spans(_ count: Int) -> [Int] {
            stride(from: 0, to: count, by: side).map { min(side, count - $0) }
        }
        let mergedRows = rows / merge, mergedColumns = columns / merge
        return spans(mergedRows).flatMap { r in spans(mergedColumns).map { c in r * c * merge * merge } }
    }
}

extension VisionTower {
    private enum CodingKeys: String, CodingKey {
        case name, kind, layerCount, width, intermediateSize, attentionHeads, imageSize, patchSize, classToken
        case poolingStride, temporalPatchSize, featureLayers, window, qkvBias, projector, activation
    }

    /// Runs stored before towers were read from configs name one of the two presets and lack the
    /// design fields: a class token meant CLIP, none SigLIP, each with LLaVA's projector.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let classToken = try c.decode(Bool.self, forKey: .classToken)
        try self.init(
            name: c.decode(String.self, forKey: .name),
            kind: c.decodeIfPresent(Kind.self, forKey: .kind) ?? (classToken ? .clip : .siglip),
            layerCount: c.decode(Int.self, forKey: .layerCount), width: c.decode(Int.self, forKey: .width),
            intermediateSize: c.decode(Int.self, forKey: .intermediateSize),
            attentionHeads: c.decode(Int.self, forKey: .attentionHeads), imageSize: c.decode(Int.self, forKey: .imageSize),
            patchSize: c.decode(Int.self, forKey: .patchSize), classToken: classToken,
            poolingStride: c.decode(Int.self, forKey: .poolingStride),
            temporalPatchSize: c.decodeIfPresent(Int.self, forKey: .temporalPatchSize) ?? 1,
            featureLayers: c.decodeIfPresent(Int.self, forKey: .featureLayers),
            window: c.decodeIfPresent(VisionWindow.self, forKey: .window),
            qkvBias: c.decodeIfPresent(Bool.self, forKey: .qkvBias) ?? true,
            projector: c.decodeIfPresent(VisionProjector.self, forKey: .projector) ?? .llava,
            activation: c.decodeIfPresent(Architecture.Activation.self, forKey: .activation))
    }
}

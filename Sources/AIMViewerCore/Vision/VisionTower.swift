/// The vision side of a multimodal request: a ViT encoder run on every frame, the 2-layer MLP
/// projector into the LLM's width, and (LLaVA-OneVision video) 2x2 pooling of each frame's grid.
///
/// LLaVA-OneVision's order is encoder → projector → pooling, so the projector sees every patch;
/// AIM's merge runs after all of it and does not reduce this cost.
public struct VisionTower: Sendable, Equatable, Codable {
    public var name: String
    public var layerCount: Int
    public var width: Int
    public var intermediateSize: Int
    public var attentionHeads: Int
    public var imageSize: Int
    public var patchSize: Int
    /// CLIP prepends a class token to the patch sequence (LLaVA drops it before the projector).
    public var classToken: Bool
    /// Pooling stride over the patch grid after the projector (1 = none, 2 = 2x2).
    public var poolingStride: Int

    public init(name: String, layerCount: Int, width: Int, intermediateSize: Int, attentionHeads: Int,
                imageSize: Int, patchSize: Int, classToken: Bool, poolingStride: Int) throws {
        self.name = name
        self.layerCount = layerCount
        self.width = width
        self.intermediateSize = intermediateSize
        self.attentionHeads = attentionHeads
        self.imageSize = imageSize
        self.patchSize = patchSize
        self.classToken = classToken
        self.poolingStride = poolingStride
        for (key, value) in [("layers", layerCount), ("width", width), ("intermediate size", intermediateSize),
                             ("heads", attentionHeads), ("image size", imageSize), ("patch size", patchSize),
                             ("pooling stride", poolingStride)] where value <= 0 {
            throw ModelConfigError.nonPositive(key: key, value: value, source: "vision tower \(name)")
        }
        guard imageSize >= patchSize, width % attentionHeads == 0 else {
            throw ModelConfigError.inconsistent("the image must hold a patch and the heads must divide the width", source: name)
        }
    }

    /// Patches along one side of a frame: the stride-`patchSize` convolution floors, so 384 px at 14
    /// gives 27 for SigLIP (the last 6 pixels unused) and 336 / 14 = 24 for CLIP.
    public var gridSide: Int { imageSize / patchSize }
    public var patchesPerFrame: Int { gridSide * gridSide }
    /// Rows each encoder layer processes per frame.
    public var sequenceLength: Int { patchesPerFrame + (classToken ? 1 : 0) }
    /// Tokens per frame handed to the LLM: `ceil(side / stride)²` (27 → 14, so 196).
    public var tokensPerFrame: Int {
        let side = (gridSide + poolingStride - 1) / poolingStride
        return side * side
    }

    /// The encoder's layers as a model the `exact` operators price: LayerNorm, GELU MLP with biases,
    /// learned positions, bidirectional attention.
    public var encoderConfig: ModelConfig {
        get throws {
            let architecture = Architecture(
                family: .vit, norm: .layerNorm, mlp: .plain, activation: .gelu, rotaryDimensions: nil,
                learnedPositions: sequenceLength, causal: false)
            return try ModelConfig(
                name: name, modelType: "vit", layerCount: layerCount, hiddenSize: width, attentionHeads: attentionHeads,
                intermediateSize: intermediateSize, vocabularySize: 1, tieWordEmbeddings: true,
                qkvBias: true, outputProjectionBias: true, mlpBias: true, architecture: architecture)
        }
    }

    /// SigLIP-SO400M/14 at 384 px, as LLaVA-OneVision uses it for video: 27x27 = 729 patches pooled 2x2 to 196.
    public static let siglipSO400M = try! VisionTower(
        name: "siglip-so400m", layerCount: 27, width: 1152, intermediateSize: 4304, attentionHeads: 16,
        imageSize: 384, patchSize: 14, classToken: false, poolingStride: 2)

    /// CLIP ViT-L/14 at 336 px, as LLaVA-1.5 uses it: 24x24 = 576 patches (plus a class token), no pooling.
    public static let clipViTL336 = try! VisionTower(
        name: "clip-vit-l-336", layerCount: 24, width: 1024, intermediateSize: 4096, attentionHeads: 16,
        imageSize: 336, patchSize: 14, classToken: true, poolingStride: 1)

    public static let presets: [VisionTower] = [siglipSO400M, clipViTL336]

    public static func preset(named name: String) -> VisionTower? {
        presets.first { $0.name == name.lowercased() }
    }
}

@testable import AIMViewerCore
import Testing

/// The vision towers read from configs: one layer of each kind and each projector worked out by
/// hand, and the processors' token rules against the models' own counts.
struct VisionTowerTests {
    let analyzer = try! Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions())

    static let clip = try! VisionTower(name: "clip", kind: .clip, layerCount: 24, width: 1024, intermediateSize: 4096,
                                       attentionHeads: 16, imageSize: 336, patchSize: 14, featureLayers: 23)
    static let qwen25 = try! VisionTower(
        name: "qwen2.5", kind: .qwen25VL, layerCount: 32, width: 1280, intermediateSize: 3420, attentionHeads: 16,
        imageSize: 448, patchSize: 14, temporalPatchSize: 2,
        window: VisionWindow(windowPatches: 8, fullAttentionLayers: [7, 15, 23, 31]),
        projector: VisionProjector(kind: .patchMerger, merge: 2, inputNorm: .rmsNorm))
    static let intern = try! VisionTower(name: "internvit", kind: .internViT, layerCount: 24, width: 1024, intermediateSize: 4096,
                                         attentionHeads: 16, imageSize: 448, patchSize: 14,
                                         projector: VisionProjector(kind: .pixelShuffleMLP, merge: 2))

    static func plan(_ tower: VisionTower, rows: Int, columns: Int) -> VisualPlan {
        VisualPlan(input: VisualInput(kind: .image, count: 1), sequences: 1, rows: rows, columns: columns, units: 1,
                   tokensPerUnit: rows * columns / (tower.projector.merge * tower.projector.merge), poolingStride: 1,
                   derivation: "test")
    }

    func ops(_ layer: LayerAnalysis) -> [OperatorName: Double] {
        Dictionary(uniqueKeysWithValues: layer.operators.map { ($0.name, $0.cost.ops) })
    }

    /// CLIP ViT-L/14-336: 577 rows (576 patches and the class token), LayerNorm, q/k/v/o with
    /// biases, dense bidirectional attention over 16 heads of 64, a GELU MLP of 4096 with biases.
    @Test func clipLayerByHand() throws {
        let vision = try analyzer.analyzeVision(Self.clip, plan: Self.plan(Self.clip, rows: 24, columns: 24), layers: .all, notes: [])
        let r = 577.0, w = 1024.0, i = 4096.0
        let norm = r * (w * 7 + 4)
        let projection = 2 * w * w * r + r * w
        let scores = 2 * r * r * 64 * 16
        let expected = 2 * norm + 4 * projection + 2 * scores + r * r * 16 * 5 + 2 * r * w
            + (2 * w * i * r + r * i) + r * i * 9 + (2 * i * w * r + r * w)
        #expect(vision.encoderLayer.totals.cost.ops == expected)
        #expect(ops(vision.encoderLayer)[.rope] == nil, "learned positions")
        #expect(vision.layersRun == 24 && vision.layerNote?.contains("the last one is unused (--vision-layers feature-layer skips it)") == true)
        let skipped = try analyzer.analyzeVision(Self.clip, plan: Self.plan(Self.clip, rows: 24, columns: 24),
                                                 layers: .featureLayer, notes: [])
        #expect(skipped.layersRun == 23 && skipped.layerNote?.contains("layer 24 of 24 skipped as --vision-layers feature-layer asks") == true)
        #expect(abs((vision.totals.cost.ops - skipped.totals.cost.ops) / expected - 1) < 1e-12)
        // Embedding: 588 → 1024 without a bias, then 577 position rows; pre- and post-LayerNorm.
        let other = Dictionary(uniqueKeysWithValues: vision.otherOperators.map { ($0.name, $0.cost.ops) })
        #expect(other[.patchEmbedding] == 2 * 588 * w * 576 + r * w)
        #expect(other[.visionNorm] == norm + (w * 7 + 4))
    }

    /// Qwen2.5-VL on 448x448: 32x32 = 1024 patches; windows of 8x8 patches (112 px), so 16
    /// windows of 64 on 28 layers and the whole image on layers 7, 15, 23, 31; RMSNorm, RoPE on
    /// every channel, a gated SiLU MLP of 3420 with biases.
    @Test func qwen25WindowedLayerByHand() throws {
        let vision = try analyzer.analyzeVision(Self.qwen25, plan: Self.plan(Self.qwen25, rows: 32, columns: 32), layers: .all, notes: [])
        #expect(vision.layerGroups.map(\.layers.count) == [28, 4])
        #expect(vision.layerGroups[1].layers == [7, 15, 23, 31])
        let windowed = ops(vision.layerGroups[0].layer), full = ops(vision.layerGroups[1].layer)
        let r = 1024.0, w = 1280.0, i = 3420.0
        let windowScores: Double = 16 * 2 * 64 * 64 * 80 * 16, windowSoftmax: Double = 16 * 64 * 64 * 16 * 5
        #expect(windowed[.qkMatmul] == windowScores)
        #expect(windowed[.softmax] == windowSoftmax)
        #expect(full[.qkMatmul] == 2 * r * r * 80 * 16)
        let norm = r * (w * 4 + 2)
        let shared = 2 * norm + 4 * (2 * w * w * r + r * w) + 2 * w * r * 3 + 2 * (2 * w * i * r + r * i) + r * i * 5
            + (2 * i * w * r + r * w) + 2 * r * w
        #expect(vision.layerGroups[0].layer.totals.cost.ops == shared + 16 * (2 * 2 * 64 * 64 * 80 * 16 + 64 * 64 * 16 * 5))
        // Patch merger: RMSNorm over the 1024 patches, 5120 → 5120, GELU, 5120 → 3584 on 256 tokens.
        let projector = try #require(vision.otherOperators.first { $0.name == .projector })
        #expect(projector.cost.ops == norm + (2 * 5120 * 5120 * 256 + 256 * 5120) + 256 * 5120 * 9 + (2 * 5120 * 3584 * 256 + 256 * 3584))
        // The 3D patch: 3·2·14·14 = 1176 inputs, no bias, no learned positions.
        let other = Dictionary(uniqueKeysWithValues: vision.otherOperators.map { ($0.name, $0.cost.ops) })
        #expect(other[.patchEmbedding] == 2 * 1176 * w * r)
        #expect(vision.tokensToLLM == 256)
    }

    /// InternViT-300M on one 448 px tile: 1025 rows, LayerNorm, a layer-scale multiply with each
    /// residual add; mlp1 after a 2x2 pixel shuffle: LayerNorm 4096, 4096 → 3584, GELU, 3584 → 3584.
    @Test func internViTLayerAndPixelShuffleByHand() throws {
        let vision = try analyzer.analyzeVision(Self.intern, plan: Self.plan(Self.intern, rows: 32, columns: 32), layers: .all, notes: [])
        let r = 1025.0, w = 1024.0, i = 4096.0
        let layer = ops(vision.encoderLayer)
        #expect(layer[.attnAdd] == 2 * r * w && layer[.mlpAdd] == 2 * r * w)
        #expect(layer[.qkMatmul] == 2 * r * r * 64 * 16)
        #expect(layer[.upProj] == 2 * w * i * r + r * i)
        let l = 3584.0, tokens = 256.0
        let projector = try #require(vision.otherOperators.first { $0.name == .projector })
        #expect(projector.cost.ops == tokens * (4 * w * 7 + 4) + (2 * 4 * w * l * tokens + tokens * l) + tokens * l * 9
                + (2 * l * l * tokens + tokens * l))
        // The shuffle is a copy: every patch feature read and written once.
        #expect(projector.cost.loadActivationBytes > 1024 * w * 2)
        #expect(vision.tokensToLLM == 256)
    }

    /// Gemma-3's projector on one 896 px image: the 64x64 grid of 1152-wide features average-pooled
    /// 4x4 (16 ops per output) to 256 rows, RMSNorm over 1152, 1152 → 3584 without a bias.
    @Test func gemma3PoolingProjectorByHand() throws {
        let tower = try VisionTower(name: "siglip", kind: .siglip, layerCount: 27, width: 1152, intermediateSize: 4304,
                                    attentionHeads: 16, imageSize: 896, patchSize: 14,
                                    projector: VisionProjector(kind: .poolNormLinear, merge: 4))
        let vision = try analyzer.analyzeVision(tower, plan: Self.plan(tower, rows: 64, columns: 64), layers: .all, notes: [])
        let w = 1152.0, l = 3584.0, tokens = 256.0
        let projector = try #require(vision.otherOperators.first { $0.name == .projector })
        #expect(projector.cost.ops == tokens * w * 16 + tokens * (w * 4 + 2) + 2 * w * l * tokens)
        #expect(projector.cost.loadActivationBytes >= 4096 * w * 2, "the pooling reads every patch feature")
        #expect(vision.tokensToLLM == 256)
        #expect(tower.projector.parameters(visionWidth: w, llmWidth: l) == w + w * l)
    }

    /// Phi-3-vision's projector on one 672x672 image (num_crops 4): five 24x24 passes, 757 rows
    /// (576 merged crop tokens, 24 newlines, 1 separator, 144 + 12 global) through 4096 → 3584,
    /// GELU, 3584 → 3584, all with biases; the merge and the newlines are copies (no ops).
    @Test func phi3HDProjectorByHand() throws {
        let tower = try VisionTower(name: "clip", kind: .clip, layerCount: 24, width: 1024, intermediateSize: 4096,
                                    attentionHeads: 16, imageSize: 336, patchSize: 14, featureLayers: 23,
                                    projector: VisionProjector(kind: .hdMergeMLP, merge: 2))
        let plan = VisualPlan(input: VisualInput(kind: .image, count: 1), sequences: 5, rows: 24, columns: 24, units: 1,
                              tokensPerUnit: 757, poolingStride: 1, derivation: "test")
        let vision = try analyzer.analyzeVision(tower, plan: plan, layers: .all, notes: [])
        let merged = 4096.0, l = 3584.0, rows = 757.0
        let projector = try #require(vision.otherOperators.first { $0.name == .projector })
        #expect(abs(projector.cost.ops / ((2 * merged * l * rows + rows * l) + rows * l * 9 + (2 * l * l * rows + rows * l)) - 1) < 1e-12)
        #expect(vision.sequences == 5 && vision.tokensToLLM == 757)
        #expect(tower.projector.parameters(visionWidth: 1024, llmWidth: l) == 2 * merged + merged * l + l + l * l + l)
        #expect(ProcessorRules.phi3Tokens(rows: 2, columns: 2, side: 12) == (4 + 1) * 144 + 1 + (2 + 1) * 12)
        #expect(ProcessorRules.phi3HDSize(.square(336), tile: 336, maxCrops: 4) == .square(672))
        #expect(ProcessorRules.phi3HDSize(.square(336), tile: 336, maxCrops: 16) == .square(1344))
        #expect(ProcessorRules.phi3HDSize(ImageSize(width: 1000, height: 500), tile: 336, maxCrops: 4) == ImageSize(width: 672, height: 336))
        // 1920x1080 at 16 crops: ratio 1.78, scale 5 (5·ceil(2.81) = 15; 6·ceil(3.375) = 24 > 16),
        // 1680 wide, 945 high (truncated), padded to 1008: 5x3 crops.
        #expect(ProcessorRules.phi3HDSize(ImageSize(width: 1920, height: 1080), tile: 336, maxCrops: 16) == ImageSize(width: 1680, height: 1008))
    }

    @Test func windowsOfAnUnevenGridHoldWhatIsLeft() {
        let window = VisionWindow(windowPatches: 8, fullAttentionLayers: [])
        // 36x72 patches = 18x36 merged tokens: windows of 4x4 merged, the last row of windows 2 high.
        let lengths = window.windowLengths(rows: 36, columns: 72, merge: 2)
        #expect(lengths.count == 5 * 9)
        #expect(lengths.reduce(0, +) == 36 * 72)
        #expect(lengths.max() == 64 && lengths.min() == 32)
    }

    // MARK: Processor rules

    static let nextPinpoints = [ImageSize(width: 672, height: 336), ImageSize(width: 336, height: 672), ImageSize(width: 672, height: 672),
                                ImageSize(width: 336, height: 1008), ImageSize(width: 1008, height: 336)]

    /// LLaVA-NeXT at 672x672: the 672x672 pinpoint (2x2 tiles of 336), 48x48 tile features with no
    /// padding to remove, 48 newlines, and the 24x24 base: 576 + 2304 + 48 = 2928.
    @Test func llavaNextAnyResolutionByHand() throws {
        let best = try #require(ProcessorRules.bestResolution(for: .square(672), among: Self.nextPinpoints))
        #expect(best == .square(672))
        let (features, newlines) = ProcessorRules.unpaddedFeatures(image: .square(672), side: 24, tilesDown: 2, tilesAcross: 2, maxTiles: nil)
        #expect(features == 2304 && newlines == 48)
        // 1000x500: the 672x336 pinpoint keeps every scaled pixel (0.672 x) with nothing wasted;
        // its 24x48 grid already has the image's 2:1 aspect, so 1152 features and 24 newlines.
        let wide = try #require(ProcessorRules.bestResolution(for: ImageSize(width: 1000, height: 500), among: Self.nextPinpoints))
        #expect(wide == ImageSize(width: 672, height: 336))
        let wideFeatures = ProcessorRules.unpaddedFeatures(image: ImageSize(width: 1000, height: 500), side: 24, tilesDown: 1,
                                                           tilesAcross: 2, maxTiles: nil)
        #expect(wideFeatures.features == 24 * 48 && wideFeatures.newlines == 24)
        // 500x500 on the 672x336 grid: half of the width is letterbox, removed: 24x24.
        let square = ProcessorRules.unpaddedFeatures(image: .square(500), side: 24, tilesDown: 1, tilesAcross: 2, maxTiles: nil)
        #expect(square.features == 576 && square.newlines == 24)
    }

    /// LLaVA-OneVision's anyres_max_9: 3x3 tiles of 27 (81x81 features) are exactly 9 tiles' worth;
    /// 6x6 tiles (162x162) are 2x too many a side and shrink to 81x81.
    @Test func oneVisionAnyResMaxShrinksLargeGrids() {
        let nine = ProcessorRules.unpaddedFeatures(image: .square(1152), side: 27, tilesDown: 3, tilesAcross: 3, maxTiles: 9)
        #expect(nine.features == 81 * 81 && nine.newlines == 81)
        let big = ProcessorRules.unpaddedFeatures(image: .square(2304), side: 27, tilesDown: 6, tilesAcross: 6, maxTiles: 9)
        #expect(big.features == 81 * 81 && big.newlines == 81)
    }

    /// Qwen-VL's smart_resize (values from the processor's Python rule, Python rounding half to even).
    @Test func qwenSmartResize() {
        #expect(ProcessorRules.smartResize(.square(448), factor: 28, minPixels: 3136, maxPixels: 12_845_056) == .square(448))
        #expect(ProcessorRules.smartResize(ImageSize(width: 1000, height: 500), factor: 28, minPixels: 3136, maxPixels: 12_845_056)
                == ImageSize(width: 1008, height: 504))
        #expect(ProcessorRules.smartResize(.square(20), factor: 28, minPixels: 3136, maxPixels: 12_845_056) == .square(56))
        #expect(ProcessorRules.smartResize(ImageSize(width: 4000, height: 3000), factor: 28, minPixels: 100_352, maxPixels: 602_112)
                == ImageSize(width: 896, height: 672))
        #expect(ProcessorRules.smartResize(ImageSize(width: 1920, height: 1080), factor: 28, minPixels: 100_352, maxPixels: 602_112)
                == ImageSize(width: 1008, height: 560))
    }

    /// InternVL's dynamic tiling: a square image is one tile (the 2x2 grid ties on aspect but the
    /// image covers less than half of it); 2:1 is two tiles plus the thumbnail.
    @Test func internVLTiling() {
        let one = ProcessorRules.internVLTiles(.square(448), tile: 448, minTiles: 1, maxTiles: 12, thumbnail: true)
        #expect(one.tiles == 1)
        let wide = ProcessorRules.internVLTiles(ImageSize(width: 1000, height: 500), tile: 448, minTiles: 1, maxTiles: 12, thumbnail: true)
        #expect(wide.columns == 2 && wide.rows == 1 && wide.tiles == 3)
        let big = ProcessorRules.internVLTiles(.square(1792), tile: 448, minTiles: 1, maxTiles: 12, thumbnail: true)
        #expect(big.columns == 3 && big.rows == 3 && big.tiles == 10, "16 tiles exceed 12; the 3x3 grid ties and is covered")
    }
}

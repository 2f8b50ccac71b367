@testable import AIMViewerCore
import Testing

/// The vision side, against counts worked out by hand from the towers' published shapes.
struct VisionTests {
    let analyzer = try! Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions())

    @Test func towerShapes() throws {
        let siglip = VisionTower.siglipSO400M, clip = VisionTower.clipViTL336
        #expect(siglip.gridSide == 27 && siglip.patchesPerFrame == 729 && siglip.sequenceLength == 729)
        #expect(siglip.tokensPerFrame == 196, "27x27 pooled 2x2 rounds up to 14x14")
        #expect(clip.patchesPerFrame == 576 && clip.sequenceLength == 577 && clip.tokensPerFrame == 576)
        let encoder = try siglip.encoderConfig
        #expect(encoder.architecture.family == .vit && !encoder.architecture.causal && encoder.headDim == 72)
    }

    @Test func siglipOnTwoFramesByHand() throws {
        let vision = try analyzer.analyzeVision(.siglipSO400M, frames: 2)
        #expect(vision.tokensToLLM == 392)
        let ops = Dictionary(uniqueKeysWithValues: vision.otherOperators.map { ($0.name, $0.cost.ops) })
        // Patch embedding: 2·588·1152 per patch + bias, then the position add; 2 frames of 729.
        let patches = 2.0 * 729
        #expect(ops[.patchEmbedding] == patches * (2 * 588 * 1152 + 1152 + 1152))
        // Projector: 1152 → 3584 (+bias), GELU (9 ops), 3584 → 3584 (+bias), on every patch.
        #expect(ops[.projector] == patches * (2 * 1152 * 3584 + 3584 + 9 * 3584 + 2 * 3584 * 3584 + 3584))
        // Pooling: 4 ops per pooled output element.
        #expect(ops[.visionPooling] == 2.0 * 196 * 3584 * 4)
        // Bidirectional attention: all 729² scores per head, 16 heads of 72, both frames.
        let qk = vision.encoderLayer.operators.first { $0.name == .qkMatmul }!
        #expect(qk.cost.ops == 2 * 729 * 729 * 72 * 16 * 2)
        #expect(vision.encoderLayer.operators.contains { $0.name == .rope } == false)
        // Totals: 27 identical layers plus the other operators.
        let others = vision.otherOperators.map(\.cost.ops).reduce(0, +)
        #expect(abs(vision.totals.cost.ops - (27 * vision.encoderLayer.totals.cost.ops + others)) < 1)
        let seconds = vision.otherOperators.map(\.seconds).reduce(0, +) + 27 * vision.encoderLayer.totals.seconds
        #expect(abs(vision.totals.seconds / seconds - 1) < 1e-12)
    }

    @Test func clipEncoderWeightsMatchThePublishedSize() throws {
        let vision = try analyzer.analyzeVision(.clipViTL336, frames: 1)
        let projector = 1024.0 * 3584 + 3584 + 3584 * 3584 + 3584
        let encoderParameters = vision.weightBytes / 2 - projector
        // CLIP ViT-L/14: 304M parameters in the vision tower (Radford et al. 2021).
        #expect(abs(encoderParameters / 304e6 - 1) < 0.01, "\(encoderParameters)")
        #expect(vision.otherOperators.contains { $0.name == .visionPooling } == false)
    }

    @Test func visionScalesWithFramesAndNeedsExact() throws {
        let one = try analyzer.analyzeVision(.siglipSO400M, frames: 1)
        let four = try analyzer.analyzeVision(.siglipSO400M, frames: 4)
        #expect(abs(four.totals.cost.ops / one.totals.cost.ops - 4) < 1e-12)
        #expect(throws: AnalysisError.self) { try analyzer.analyzeVision(.siglipSO400M, frames: 0) }
        let viewer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions(convention: .llmViewer))
        #expect(throws: AnalysisError.self) { try viewer.analyzeVision(.siglipSO400M, frames: 1) }
        let tp3 = try Analyzer(model: try ModelConfig(name: "m", layerCount: 2, hiddenSize: 24, attentionHeads: 3,
                                                      intermediateSize: 48, vocabularySize: 9),
                               hardware: Fixtures.a100.withInterconnect(), options: AnalysisOptions(tensorParallel: 3))
        #expect(throws: AnalysisError.self) { try tp3.analyzeVision(.siglipSO400M, frames: 1) }
    }
}

extension HardwareProfile {
    func withInterconnect() -> HardwareProfile {
        var copy = self
        copy.interconnectBandwidthBytesPerSecond = 600e9
        return copy
    }
}

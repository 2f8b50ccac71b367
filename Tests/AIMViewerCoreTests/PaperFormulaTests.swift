@testable import AIMViewerCore
import Testing

/// The papers' closed formulas on a configuration small enough to count by hand: d = 4, m = 6,
/// 3 layers. Every expected value is worked out in the comment beside it.
struct PaperFormulaTests {
    static let dimensions = PaperDimensions(hiddenSize: 4, intermediateSize: 6, layerCount: 3)

    /// The same sizes as a model (2 heads of 2; the formulas ignore heads).
    static let model = try! ModelConfig(
        name: "paper-tiny", layerCount: 3, hiddenSize: 4, attentionHeads: 2, intermediateSize: 6, vocabularySize: 10)

    @Test func fastVPrefillPerLayer() {
        // n = 5: 4·n·d² = 4·5·16 = 320; 2·n²·d = 2·25·4 = 200; 2·n·d·m = 2·5·4·6 = 240 → 760.
        #expect(PaperFormula.fastV.prefillMACs(tokens: 5, Self.dimensions) == 760)
        // n = 2: 4·2·16 = 128; 2·4·4 = 32; 2·2·4·6 = 96 → 256.
        #expect(PaperFormula.fastV.prefillMACs(tokens: 2, Self.dimensions) == 256)
        // n = 0: nothing.
        #expect(PaperFormula.fastV.prefillMACs(tokens: 0, Self.dimensions) == 0)
    }

    @Test func pyramidDropPrefillCountsThreeMLPMatrices() {
        // n = 5: 320 + 200 + 3·5·4·6 = 320 + 200 + 360 → 880.
        #expect(PaperFormula.pyramidDrop.prefillMACs(tokens: 5, Self.dimensions) == 880)
        // n = 2: 128 + 32 + 3·2·4·6 = 128 + 32 + 144 → 304.
        #expect(PaperFormula.pyramidDrop.prefillMACs(tokens: 2, Self.dimensions) == 304)
        #expect(PaperFormula.fastV.mlpMatrices == 2)
        #expect(PaperFormula.pyramidDrop.mlpMatrices == 3)
    }

    @Test func scheduleTotalsSumTheLayers() throws {
        let schedule = try TokenSchedule(tokensPerLayer: [5, 5, 2])
        let fastV = try PaperFLOPsAnalysis(formula: .fastV, schedule: schedule, model: Self.model)
        // 760 + 760 + 256 = 1776.
        #expect(fastV.layers.map(\.prefillMACs) == [760, 760, 256])
        #expect(fastV.prefillMACs == 1776)
        #expect(fastV.tokensPerLayer == [5, 5, 2])
        #expect(fastV.decodeMACs == nil)
        #expect(fastV.totalMACs == 1776)
        let pyramid = try PaperFLOPsAnalysis(formula: .pyramidDrop, schedule: schedule, model: Self.model)
        // 880 + 880 + 304 = 2064.
        #expect(pyramid.prefillMACs == 2064)
    }

    /// FastV at K = 1, R = 50% on 1 frame of 4 visual tokens + 1 text token: the baseline sees 5
    /// tokens at each of the 3 layers; FastV 5 at layer 0, then 4·0.5 + 1 = 3.
    @Test func fastVScheduleAgainstItsBaselineByHand() throws {
        let preset = MethodPreset.fastV(k: 1, ratio: 0.5)
        let method = try preset.schedule(frames: 1, tokensPerFrame: 4, textTokens: 1, layerCount: 3)
        let baseline = try MethodPreset.baseline.schedule(frames: 1, tokensPerFrame: 4, textTokens: 1, layerCount: 3)
        #expect(method.tokensPerLayer == [5, 3, 3])
        #expect(baseline.tokensPerLayer == [5, 5, 5])
        // n = 3: 4·3·16 = 192; 2·9·4 = 72; 2·3·4·6 = 144 → 408.
        #expect(PaperFormula.fastV.prefillMACs(tokens: 3, Self.dimensions) == 408)
        let fastV = try PaperFLOPsAnalysis(formula: .fastV, schedule: method, model: Self.model)
        let full = try PaperFLOPsAnalysis(formula: .fastV, schedule: baseline, model: Self.model)
        // baseline 3·760 = 2280; FastV 760 + 2·408 = 1576; 1576 / 2280 = 197 / 285.
        #expect(full.prefillMACs == 2280)
        #expect(fastV.prefillMACs == 1576)
        #expect(fastV.prefillMACs / full.prefillMACs == 197.0 / 285.0)
        // PyramidDrop's formula on the same schedules: n = 3: 192 + 72 + 216 = 480; baseline 3·880 =
        // 2640, FastV 880 + 2·480 = 1840; 1840 / 2640 = 23 / 33.
        let pyramid = try PaperFLOPsAnalysis(formula: .pyramidDrop, schedule: method, model: Self.model)
        let pyramidFull = try PaperFLOPsAnalysis(formula: .pyramidDrop, schedule: baseline, model: Self.model)
        #expect(pyramid.prefillMACs / pyramidFull.prefillMACs == 1840.0 / 2640.0)
    }

    @Test func unitConversion() throws {
        #expect(FLOPsUnit.macs.value(ofMACs: 1776) == 1776)
        #expect(FLOPsUnit.flops.value(ofMACs: 1776) == 3552)
        #expect(FLOPsUnit.macs.perMAC == 1 && FLOPsUnit.flops.perMAC == 2)
        #expect(FLOPsUnit.macs.meaning.contains("paper FLOPs = multiply-accumulates"))
        #expect(FLOPsUnit.flops.symbol == "FLOPs")
    }

    @Test func decodeTermPerGeneratedToken() {
        // One token attending c keys: 4·d² + 2·d·m + 2·c·d = 64 + 48 + 8·c.
        #expect(PaperFormula.fastV.decodeMACs(keys: 6, Self.dimensions) == 112 + 48)
        // With three MLP matrices: 64 + 72 + 8·c.
        #expect(PaperFormula.pyramidDrop.decodeMACs(keys: 6, Self.dimensions) == 136 + 48)
        // A layer whose prefill kept n = 5, G = 3: the generated tokens attend 6, 7, 8 keys (the
        // cache, the tokens before, themselves): 3·112 + 8·(6 + 7 + 8) = 336 + 168 = 504.
        #expect(PaperFormula.fastV.decodeMACs(prefillTokens: 5, generated: 3, Self.dimensions) == 504)
        // Step by step gives the same.
        let stepByStep = (1...3).map { PaperFormula.fastV.decodeMACs(keys: 5 + $0, Self.dimensions) }.reduce(0, +)
        #expect(stepByStep == 504)
        // n = 2: 3, 4, 5 keys: 336 + 8·12 = 432. PyramidDrop, n = 5: 3·136 + 168 = 576.
        #expect(PaperFormula.fastV.decodeMACs(prefillTokens: 2, generated: 3, Self.dimensions) == 432)
        #expect(PaperFormula.pyramidDrop.decodeMACs(prefillTokens: 5, generated: 3, Self.dimensions) == 576)
        #expect(PaperFormula.fastV.decodeMACs(prefillTokens: 5, generated: 0, Self.dimensions) == 0)
    }

    @Test func decodeTermOverASchedule() throws {
        let schedule = try TokenSchedule(tokensPerLayer: [5, 5, 2])
        let analysis = try PaperFLOPsAnalysis(formula: .fastV, schedule: schedule, model: Self.model, generationLength: 3)
        // 504 + 504 + 432 = 1440; with the prefill's 1776: 3216.
        #expect(analysis.layers.map(\.decodeMACs) == [504, 504, 432])
        #expect(analysis.decodeMACs == 1440)
        #expect(analysis.totalMACs == 3216)
        #expect(try PaperFLOPsAnalysis(formula: .fastV, schedule: schedule, model: Self.model, generationLength: 0).decodeMACs == 0)
        let negative = try #require(throws: AnalysisError.self) {
            try PaperFLOPsAnalysis(formula: .fastV, schedule: schedule, model: Self.model, generationLength: -1)
        }
        #expect(negative.description == "the generation length must be between 0 and 1000000000, got -1")
    }

    @Test func theTokensTheFormulaSawFoldIntoRuns() {
        let runs = TokenRun.runs([616, 616, 328, 328, 328, 7])
        #expect(runs == [TokenRun(firstLayer: 0, lastLayer: 1, tokens: 616), TokenRun(firstLayer: 2, lastLayer: 4, tokens: 328),
                         TokenRun(firstLayer: 5, lastLayer: 5, tokens: 7)])
        #expect(runs.map(\.summary) == ["616 at layers 0-1", "328 at layers 2-4", "7 at layer 5"])
    }

    @Test func aScheduleOfAnotherDepthIsRefused() throws {
        let schedule = try TokenSchedule(tokensPerLayer: [5, 5])
        #expect(throws: ScheduleError.self) { try PaperFLOPsAnalysis(formula: .fastV, schedule: schedule, model: Self.model) }
    }

    /// The formulas have one MLP of size m; a routed mixture has no such m, so it is refused by name.
    @Test func mixtureOfExpertsIsRefused() throws {
        let moe = try ModelConfig(
            name: "tiny-moe", layerCount: 3, hiddenSize: 4, attentionHeads: 2, intermediateSize: 6, vocabularySize: 10,
            architecture: Architecture(family: .mixtral, norm: .rmsNorm, mlp: .gated, activation: .silu, rotaryDimensions: 2,
                                       experts: MixtureOfExperts(expertCount: 4, expertsPerToken: 2, expertIntermediateSize: 6)))
        let error = try #require(throws: AnalysisError.self) { try PaperDimensions(moe, formula: .pyramidDrop) }
        #expect(error.description.contains("tiny-moe is a mixture-of-experts model (mixtral)"), "\(error)")
        #expect(error.message(naming: { $0 == .convention ? "--convention" : $0.rawValue }).hasSuffix("Use --convention exact"))
    }
}

import AIMReport
import AIMViewerCore
import AIMViewerKit
import Foundation
import Testing

/// The paper conventions through the application layer: the same schedules `analyze` resolves,
/// counted by the formula, beside the exact convention's FLOPs of those schedules.
struct PaperServiceTests {
    /// LLaVA-1.5-7B's LLM (Vicuna-7B: d = 4096, m = 11008, 32 layers), one image of 576 tokens and
    /// 40 text tokens, FastV at its defaults (K = 2, R = 50%).
    static func llava(_ method: MethodKind = .fastv, formula: PaperFormula = .fastV, textTokens: Int = 40) -> PaperRequest {
        var request = PaperRequest()
        request.model = .preset("vicuna-7b")
        request.schedule.method = method
        request.schedule.frames = 1
        request.schedule.tokensPerFrame = 576
        request.schedule.textTokens = textTokens
        request.formula = formula
        return request
    }

    @Test func fastVOnLLaVAAgainstItsBaselineByHand() throws {
        let report = try PaperService.analyze(Self.llava()).report
        #expect(report.entries.map(\.label) == ["baseline", "fastv"])
        #expect(report.entries.map(\.role) == ["baseline", "method"])
        // The formula saw 576 + 40 = 616 tokens everywhere, and FastV's 616 at layers 0-1, then
        // 576·0.5 + 40 = 328.
        #expect(report.entries[0].paper.tokensPerLayer == Array(repeating: 616, count: 32))
        #expect(report.entries[1].paper.tokensPerLayer == [616, 616] + Array(repeating: 328, count: 30))
        // F(616) = 4·616·4096² + 2·616²·4096 + 2·616·4096·11008
        //        = 41339060224 + 3108503552 + 55549362176 = 99996925952;
        // F(328) = 22011707392 + 881328128 + 29578231808 = 52471267328.
        // Baseline 32·F(616) = 3199901630464; FastV 2·F(616) + 30·F(328) = 1774131871744.
        #expect(report.entries[0].paper.prefillMACs == 3_199_901_630_464)
        #expect(report.entries[1].paper.prefillMACs == 1_774_131_871_744)
        let share = try #require(report.prefillShare?.formula)
        #expect(share == 1_774_131_871_744.0 / 3_199_901_630_464.0)
        #expect(report.unit == .macs)
    }

    /// The same schedules with PyramidDrop's formula: its default stages at 8, 16, 24 halve the
    /// visual tokens each time (576 → 288 → 144 → 72, + 40 text).
    @Test func pyramidDropOnLLaVAByHand() throws {
        let report = try PaperService.analyze(Self.llava(.pdrop, formula: .pyramidDrop)).report
        #expect(report.entries[1].paper.tokenRuns.map(\.tokens) == [616, 328, 184, 112])
        // With 3·n·d·m: F(616) = 41339060224 + 3108503552 + 83324043264 = 127771607040,
        // F(328) = 67260383232, F(184) = 37514379264, F(112) = 22768779264 (same arithmetic);
        // 8·(127771607040 + 67260383232 + 37514379264 + 22768779264) = 2042521190400.
        #expect(report.entries[0].paper.prefillMACs == 32 * 127_771_607_040)
        #expect(report.entries[1].paper.prefillMACs == 2_042_521_190_400)
    }

    /// The exact side is `analyze --convention exact --logits all` of the same schedules, and the
    /// ratio compares both in FLOPs.
    @Test func theExactCountIsTheExactConventionWithTheHeadAtEveryPosition() throws {
        var request = Self.llava()
        request.generationLength = 16
        let outcome = try PaperService.analyze(request)
        var analysis = AnalysisRequest()
        analysis.model = request.model
        analysis.schedule = request.schedule
        analysis.options.logitsForAllPositions = true
        analysis.generationLength = 16
        let exact = try AnalysisService.analyze(analysis).reports[0]
        #expect(outcome.report.exactOptions.logitsForAllPositions)
        for (entry, truth) in zip(outcome.report.entries, exact.entries) {
            #expect(entry.exactPrefillFLOPs == truth.analysis.prefill.totals.cost.ops)
            #expect(entry.exactLayerFLOPs == truth.analysis.prefill.layers.map(\.totals.cost.ops))
            #expect(entry.exactDecodeFLOPs == truth.generation?.decode.cost.ops)
            #expect(entry.prefillFormulaOverExact == 2 * entry.paper.prefillMACs / entry.exactPrefillFLOPs)
            #expect(entry.paper.decodeMACs != nil)
        }
        // The head at every position is in the exact prefill, outside the layers.
        let baseline = outcome.report.entries[0]
        #expect(baseline.exactPrefillFLOPs - baseline.exactLayersOnlyFLOPs >= 2 * 616 * 4096 * 32000)
    }

    /// Every method preset and an explicit schedule go through, each counted on the schedule the
    /// exact side priced.
    @Test func everyPresetAndExplicitSchedule() throws {
        for method in MethodKind.allCases {
            let outcome = try PaperService.analyze(Self.llava(method))
            for (entry, truth) in zip(outcome.report.entries, outcome.exact.entries) {
                #expect(entry.paper.tokensPerLayer == truth.analysis.schedule.tokensPerLayer, "\(method)")
            }
            #expect(outcome.report.entries.count == (method == .baseline ? 1 : 2), "\(method)")
        }
        var explicit = Self.llava()
        explicit.schedule.explicit = .commaSeparated(Array(repeating: "10", count: 32).joined(separator: ","))
        let report = try PaperService.analyze(explicit).report
        #expect(report.entries.map(\.role) == ["single"])
        #expect(report.prefillShare == nil)
        // 32·(4·10·4096² + 2·100·4096 + 2·10·4096·11008) = 32·(671088640 + 819200 + 901775360) = 50357862400.
        #expect(report.entries[0].paper.prefillMACs == 50_357_862_400)
    }

    /// Whether text tokens are part of `n` moves the reported reduction: the schedule decides.
    @Test func theTextTokensMoveTheShare() throws {
        let visualOnly = try #require(try PaperService.analyze(Self.llava(textTokens: 0)).report.prefillShare?.formula)
        // F(576) = 93314875392, F(288) = 45977960448: (2·F(576) + 30·F(288)) / (32·F(576)).
        let full: Double = 93_314_875_392, pruned: Double = 45_977_960_448
        #expect(visualOnly == (2 * full + 30 * pruned) / (32 * full))
        let withText = try #require(try PaperService.analyze(Self.llava(textTokens: 40)).report.prefillShare?.formula)
        #expect(withText > visualOnly)
    }

    @Test func inputsTheFormulaHasNoMeaningForAreRefused() throws {
        var parallel = Self.llava()
        parallel.exactOptions.tensorParallel = 2
        let tp = try #require(throws: RequestError.self) { try PaperService.analyze(parallel) }
        #expect(tp.message(naming: { $0 == .tensorParallel ? "--tp" : "--\($0.rawValue)" })
            == "--convention fastv-paper counts the whole model, not one tensor-parallel shard; drop --tp")
        var batch = Self.llava()
        batch.exactOptions.batchSize = 4
        #expect(throws: RequestError.self) { try PaperService.analyze(batch) }
        var vision = Self.llava()
        vision.vision = VisionRequest(encoder: "clip-vit-l-336")
        #expect(throws: RequestError.self) { try PaperService.analyze(vision) }
        // An engine prices time, which the formula has none of: refused, never silently dropped.
        var engine = Self.llava()
        engine.engine = "tensorrt-llm"
        let timed = try #require(throws: RequestError.self) { try PaperService.analyze(engine) }
        #expect(timed.message(naming: \.flag)
            == "--engine and --context price time as an engine runs the model, but --convention fastv-paper gives operation counts only (no bytes, no time); drop them, or use --convention exact")
        var context = Self.llava()
        context.decodeContext = 4096
        #expect(throws: RequestError.self) { try PaperService.analyze(context) }
        var moe = Self.llava()
        moe.model = .preset("mixtral-8x7b")
        let experts = try #require(throws: AnalysisError.self) { try PaperService.analyze(moe) }
        #expect(experts.description.contains("mixture-of-experts"))
    }

    @Test func countsOnlyRefusalNamesTheConvention() {
        let error = PaperService.countsOnly(.pyramidDrop, "compare", needs: "prices time on each device")
        #expect(error.description == "compare prices time on each device, but the counting convention pdrop-paper gives operation counts only (no bytes, no time)")
        #expect(PaperService.notSwept(.fastV, "explore").description.hasPrefix("explore sweeps schedules under the exact or llm-viewer convention only"))
    }

    /// Every format: the table fits 100 columns and names the unit; JSON and CSV carry MACs and FLOPs.
    @Test func rendersInEveryFormat() throws {
        var request = Self.llava()
        request.generationLength = 8
        request.unit = .flops
        let report = try PaperService.analyze(request).report
        let table = try report.render(.table, RenderSettings(detail: DetailLevel(perLayer: true)))
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= 100 }, "\(table)")
        #expect(table.contains("FLOPs = 2 x multiply-accumulates"))
        #expect(table.contains("n, the tokens the formula saw, fastv: 616 at layers 0-1, 328 at layers 2-31"))
        #expect(try report.render(.markdown).hasPrefix("# vicuna-7b, convention fastv-paper"))
        let json = try JSONSerialization.jsonObject(with: Data(try report.render(.json).utf8)) as! [String: Any]
        let schedules = try #require(json["schedules"] as? [[String: Any]])
        let prefill = try #require(schedules[1]["prefill"] as? [String: Any])
        #expect(prefill["formulaMACs"] as? Double == 1_774_131_871_744)
        #expect(prefill["formula"] as? Double == 3_548_263_743_488.0, "2 x the MACs")
        #expect(json["unit"] as? String == "flops")
        let csv = try report.render(.csv).split(separator: "\n")
        #expect(csv[0] == "convention,unit,schedule,stage,scope,layer,tokens,generated_tokens,formula,formula_macs,exact_flops,formula_over_exact")
        #expect(csv.contains { $0.hasPrefix("fastv-paper,flops,fastv,prefill,total,,11072,,3548263743488,1774131871744,") })
    }
}

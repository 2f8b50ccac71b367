@testable import AIMViewerCore
import Testing

struct ExactAnalysisTests {
    let exact = try! Analyzer(model: Fixtures.tinyModel, hardware: Fixtures.tinyHardware, options: AnalysisOptions())

    @Test func decodeAttendsTheNewToken() throws {
        let analysis = try exact.analyze(TokenSchedule(tokensPerLayer: [5, 3]))
        #expect(analysis.decode.layers.map(\.contextTokens) == [6, 4])
        // qk at c = 6: 2·6·4·2 = 96 ops.
        #expect(analysis.decode.layers[0].operators.first { $0.name == .qkMatmul }?.cost.ops == 96)
    }

    @Test func footprintIsResidentWeightsCacheAndPeakLiveSet() throws {
        let analysis = try exact.analyze(TokenSchedule(tokensPerLayer: [3, 2]))
        let footprint = analysis.prefill.memoryFootprint
        #expect(footprint.weightBytes == 2 * 1184 + 336)
        // KV: 2 entries-per-token tensors of width 4 at 2 B: 16 B per token; 3 + 2 tokens.
        #expect(footprint.kvCacheBytes == 16 * 5)
        // Largest live set at n = 3: the residual 48 B + mlp_act's 192 + 96 B.
        #expect(footprint.activationBytes == 48 + 288)
        #expect(analysis.decode.memoryFootprint.kvCacheBytes == 16 * 7)
    }

    @Test func precisionFollowsTheWiderOperand() throws {
        let profile = try HardwareProfile(name: "p", memoryBandwidthBytesPerSecond: 1,
                                          peakOpsPerSecond: [.fp16: 1, .fp8: 2, .int8: 3, .int4: 4, .fp32: 0.5], onChipBufferBytes: 1)
        func precision(_ w: Int, _ a: Int) throws -> Precision {
            try AnalysisOptions(weightBits: w, activationBits: a).computePrecision(on: profile).0
        }
        #expect(try precision(4, 16) == .fp16)
        #expect(try precision(8, 8) == .int8)
        #expect(try precision(4, 4) == .int4)
        #expect(try precision(32, 32) == .fp32)
        let fp8Only = try HardwareProfile(name: "q", memoryBandwidthBytesPerSecond: 1, peakOpsPerSecond: [.fp16: 1, .fp8: 2], onChipBufferBytes: 1)
        #expect(try AnalysisOptions(weightBits: 8, activationBits: 8).computePrecision(on: fp8Only).0 == .fp8)
        #expect(throws: HardwareProfileError.self) {
            try AnalysisOptions(weightBits: 32, activationBits: 32).computePrecision(on: fp8Only)
        }
    }

    @Test func tensorParallelNeedsInterconnect() {
        #expect(throws: AnalysisError.self) {
            let mha = try ModelConfig(name: "mha", layerCount: 2, hiddenSize: 8, attentionHeads: 2, keyValueHeads: 2,
                                      intermediateSize: 16, vocabularySize: 10)
            _ = try Analyzer(model: mha, hardware: Fixtures.tinyHardware, options: AnalysisOptions(tensorParallel: 2))
        }
    }

    @Test func publishedOverheadScriptFigures() throws {
        // analyze_aim.py for Qwen2 (LLaVA-OV-7B, 32 frames): merging 88.251957248, pruning 4.179420464 GFLOPs.
        let spec = AIMOverheadSpec(.paperDefault)
        #expect(PublishedOverheadScript.mergeOps(spec, hidden: 3584, batch: 1) == 88_251_957_248)
        #expect(PublishedOverheadScript.pruneOps(spec, heads: 28, layerCount: 28, batch: 1, iterations: 5) == 4_179_420_464)
    }

    @Test func overheadsEnterExactTotalsOnly() throws {
        let schedule = try AIMScheduler.schedule(.paperDefault, layerCount: 28)
        let spec = AIMOverheadSpec(.paperDefault)
        let exact = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions())
        let with = try exact.analyze(schedule, overheads: spec), without = try exact.analyze(schedule)
        let summary = try #require(with.overheads)
        #expect(summary.includedInTotals)
        let added = with.prefill.totals.cost.ops - without.prefill.totals.cost.ops
        #expect(abs(added - (summary.pricedMergeOps! + summary.pricedPruneOps!)) <= 1e-9 * added)
        // Per frame: 32 · (3·196·c + 2·98·98·c + 196·c + 3·98·c + 2·49·49·c + 98·c), c = 3584.
        let perFrameElements: Int = 3 * 196 + 2 * 98 * 98 + 196 + 3 * 98 + 2 * 49 * 49 + 98
        let perFrame = 3584.0 * Double(perFrameElements)
        #expect(summary.pricedMergeOps == 32 * perFrame)
        // PageRank runs after layers 13..20 (the next layer sees fewer tokens): 8 layers.
        #expect(with.prefill.layers.filter { $0.operators.contains { $0.name == .pagerank } }.map(\.index) == Array(13...20))

        let viewer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions(convention: .llmViewer, skipMLPAdd: true))
        let reported = try viewer.analyze(schedule, overheads: spec)
        #expect(reported.prefill.totals == (try viewer.analyze(schedule)).prefill.totals)
        #expect(reported.overheads?.includedInTotals == false && reported.overheads?.pricedMergeOps == nil)
    }

    @Test func fastTotalsEqualDetailedTotalsUnderExact() throws {
        let schedule = try TokenSchedule(tokensPerLayer: [7, 0])
        #expect(exact.prefillTotals(tokensPerLayer: schedule.tokensPerLayer) == (try exact.analyze(schedule).prefill.totals))
    }

    @Test func hugeInputsStayFinite() throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions(batchSize: 4096))
        let schedule = try TokenSchedule.uniform(tokens: 10_000_000, layerCount: 28)
        let analysis = try analyzer.analyze(schedule)
        #expect(analysis.prefill.totals.seconds.isFinite && analysis.prefill.totals.cost.ops.isFinite)
        let generation = try analyzer.generation(schedule, steps: 10_000_000)
        #expect(generation.totalSeconds.isFinite && generation.kvCacheBytesAtEnd.isFinite)
        #expect(throws: AnalysisError.self) { try analyzer.generation(schedule, steps: -1) }
    }
}

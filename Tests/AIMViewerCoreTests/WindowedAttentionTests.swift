@testable import AIMViewerCore
import Foundation
import Testing

/// Sliding-window attention priced, by hand: d = 64, h = 4, h_kv = 2, d_h = 16 (q width 64, k/v
/// width 32), window w = 16, 16-bit, batch 1.
struct WindowedAttentionTests {
    static func model(_ extra: String = #", "sliding_window": 16"#) throws -> ModelConfig {
        try AttentionWindowTests.config(extra)
    }

    static func costs(_ step: TokenStep, model: ModelConfig, layer: Int = 0, options: AnalysisOptions = AnalysisOptions(),
                      perSM: Double? = nil) throws -> [OperatorName: OperatorCost] {
        var costs: [OperatorName: OperatorCost] = [:]
        try ExactOperators(model: model, options: options, onChipMemoryPerSMBytes: perSM)
            .forEachLayerOperator(step, layer: layer) { costs[$0] = $1 }
        return costs
    }

    /// A masked dense kernel computes the whole n × n square in a prefill, window or not: 40
    /// tokens cost 2·40·40·16·4 = 204800 ops in qk_matmul either way.
    @Test func densePrefillComputesTheFullSquare() throws {
        let windowed = try Self.costs(.prefill(tokens: 40), model: Self.model())
        let full = try Self.costs(.prefill(tokens: 40), model: Self.model(""))
        #expect(windowed[.qkMatmul]?.ops == 204_800)
        for name in [OperatorName.qkMatmul, .softmax, .svMatmul] { #expect(windowed[name] == full[name], "\(name)") }
    }

    /// A decode step attends min(c, w) keys: at c = 11 all 11, at c = 41 the 16 of the window.
    @Test func denseDecodeAttendsTheWindow() throws {
        let below = try Self.costs(.decode(context: 11), model: Self.model())
        #expect(below[.qkMatmul] == OperatorCost(ops: 2 * 11 * 16 * 4, loadActivationBytes: 64 * 2,
                                                 storeActivationBytes: 11 * 4 * 2, loadKVBytes: 11 * 32 * 2))
        let above = try Self.costs(.decode(context: 41), model: Self.model())
        // 2·16·16·4 = 2048 ops; 16 keys of 32 channels read; 64 scores written.
        #expect(above[.qkMatmul] == OperatorCost(ops: 2048, loadActivationBytes: 128, storeActivationBytes: 128, loadKVBytes: 1024))
        #expect(above[.softmax] == OperatorCost(ops: 64 * 5, loadActivationBytes: 128, storeActivationBytes: 128))
        #expect(above[.svMatmul] == OperatorCost(ops: 2048, loadActivationBytes: 128, storeActivationBytes: 128, loadKVBytes: 1024))
        #expect(above == (try Self.costs(.decode(context: 16), model: Self.model())), "flat past the knee")
    }

    /// FlashAttention with Br = 8 (1024 B per SM: 512 elements / (4·16)): a 40-token prefill attends
    /// Σ min(p+1, 16) = 136 + 24·16 = 520 pairs per head; its five query tiles read 8, 16, 23, 23
    /// and 23 keys (from the first row's window start to the last row), 93 in all.
    @Test func flashPrefillSkipsTilesOutsideTheWindow() throws {
        let options = AnalysisOptions(flashAttention: true)
        let fused = try #require(try Self.costs(.prefill(tokens: 40), model: Self.model(), options: options, perSM: 1024)[.fusedAttention])
        let pairs = 520.0 * 4
        #expect(fused == OperatorCost(ops: 4 * pairs * 16 + pairs * 5, loadActivationBytes: 40 * 64 * 2,
                                      storeActivationBytes: 40 * 64 * 2, loadKVBytes: 2 * 93 * 32 * 2))
        // Below the window it is the causal kernel: 12 tokens, 78 pairs, tiles read 8 + 12 keys.
        let short = try #require(try Self.costs(.prefill(tokens: 12), model: Self.model(), options: options, perSM: 1024)[.fusedAttention])
        #expect(short == (try Self.costs(.prefill(tokens: 12), model: Self.model(""), options: options, perSM: 1024)[.fusedAttention]))
        #expect(short.loadKVBytes == 2 * 20 * 32 * 2 && short.ops == 4 * 78 * 4 * 16 + 78 * 4 * 5)
    }

    /// A flash decode step at c = 41 attends and reads the 16 keys of the window.
    @Test func flashDecodeReadsTheWindow() throws {
        let options = AnalysisOptions(flashAttention: true)
        let fused = try #require(try Self.costs(.decode(context: 41), model: Self.model(), options: options, perSM: 1024)[.fusedAttention])
        #expect(fused == OperatorCost(ops: 4 * 64 * 16 + 64 * 5, loadActivationBytes: 128, storeActivationBytes: 128,
                                      loadKVBytes: 2 * 16 * 32 * 2))
    }

    /// A calibrated estimate evaluates a windowed decode step's GEMMs at the window's 16 keys.
    @Test func calibratedShapesUseTheWindow() throws {
        let shapes = MatmulShapes(model: try Self.model(), options: AnalysisOptions())
        #expect(shapes.shape(of: .qkMatmul, step: .decode(context: 41), layer: 0) == MatmulShape(m: 1, n: 16, k: 16))
        #expect(shapes.shape(of: .svMatmul, step: .decode(context: 41), layer: 0) == MatmulShape(m: 1, n: 16, k: 16))
        #expect(shapes.shape(of: .qkMatmul, step: .prefill(tokens: 40), layer: 0) == MatmulShape(m: 40, n: 40, k: 16))
    }

    /// The windowed key count against a tile-by-tile loop, over windows, tile sizes and queries.
    @Test func keysReadEqualATileByTileCount() {
        for (q, c) in [(1, 1), (1, 50), (7, 7), (40, 40), (33, 100), (64, 64)] {
            for w in [1, 3, 8, 16, 17, 200] {
                for rows in [1, 4, 8, 13] {
                    var keys = 0
                    var first = c - q
                    while first < c {
                        let last = min(first + rows, c) - 1
                        keys += last - max(0, first - w + 1) + 1
                        first += rows
                    }
                    let closed = WindowedAttention.keysRead(queries: Double(q), context: Double(c), blockRows: Double(rows), window: Double(w))
                    #expect(closed == Double(keys), "q \(q) c \(c) w \(w) Br \(rows)")
                    var pairs = 0
                    for p in (c - q)..<c { pairs += min(p + 1, w) }
                    #expect(WindowedAttention.pairs(queries: Double(q), context: Double(c), window: Double(w)) == Double(pairs))
                }
            }
        }
    }

    /// A rolling cache holds min(c, w) entries per windowed layer, a full one all c: 40 tokens on
    /// 4 layers are 4·16·2·32·2 = 8192 B rolling, 4·40·2·32·2 = 20480 B full; on the layers
    /// layer_types leaves full, all 40 either way.
    @Test func theKVCacheHoldsTheWindowWhenRolling() throws {
        let schedule = try TokenSchedule.uniform(tokens: 40, layerCount: 4)
        func kv(_ model: ModelConfig, _ layout: KVCacheLayout) throws -> Double {
            try Analyzer(model: model, hardware: Fixtures.a100, options: AnalysisOptions(kvCache: layout))
                .analyze(schedule).prefill.memoryFootprint.kvCacheBytes
        }
        #expect(try kv(Self.model(), .rolling) == 8192)
        #expect(try kv(Self.model(), .full) == 20480)
        let mixed = try Self.model(#", "sliding_window": 16, "layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention"]"#)
        #expect(try kv(mixed, .rolling) == 2 * 16 * 128 + 2 * 40 * 128)
    }

    /// The generation closed form splits each windowed layer at its knee and equals the step-by-step
    /// sum to 1e-9: prompts below, at and above the window, mixed layers, a pruned schedule, both
    /// kernels and cache layouts, across the ridge.
    @Test func generationSplitsAtTheKnee() throws {
        let hardware = try HardwareProfile(name: "flip", memoryBandwidthBytesPerSecond: 1e9, peakOpsPerSecond: [.fp16: 2.5e9],
                                           onChipBufferBytes: 1e6, onChipMemoryPerSMBytes: 1024,
                                           interconnectBandwidthBytesPerSecond: 1e8)
        let mixed = try Self.model(#", "sliding_window": 16, "layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention"]"#)
        for model in [try Self.model(), mixed] {
            for options in [AnalysisOptions(), AnalysisOptions(flashAttention: true), AnalysisOptions(kvCache: .full),
                            AnalysisOptions(batchSize: 8), AnalysisOptions(tensorParallel: 2)] {
                let analyzer = try Analyzer(model: model, hardware: hardware, options: options)
                for counts in [[5, 5, 5, 5], [15, 15, 15, 15], [16, 16, 16, 16], [40, 30, 10, 0]] {
                    let schedule = try TokenSchedule(tokensPerLayer: counts)
                    for steps in [1, 2, 11, 12, 3000] {
                        GenerationTests.expectEqual(try analyzer.generation(schedule, steps: steps),
                                                    try analyzer.generationStepByStep(schedule, steps: steps))
                    }
                }
            }
        }
    }

    /// Past the knee every step costs the same: 100 steps after a 40-token prompt are 100 × one
    /// step; the rolling cache ends at the window.
    @Test func pastTheKneeEveryStepIsTheSame() throws {
        let analyzer = try Analyzer(model: Self.model(), hardware: Fixtures.a100, options: AnalysisOptions())
        let schedule = try TokenSchedule.uniform(tokens: 40, layerCount: 4)
        let request = try analyzer.generation(schedule, steps: 100)
        let step = analyzer.decodeStepTotals(schedule, step: 0)
        #expect(request.decode.cost.ops == 100 * step.cost.ops)
        #expect(request.firstStepSeconds == request.lastStepSeconds)
        #expect(request.kvCacheBytesAtEnd == 4 * 16 * 2 * 32 * 2)
        let full = try Analyzer(model: Self.model(), hardware: Fixtures.a100, options: AnalysisOptions(kvCache: .full))
        #expect(try full.generation(schedule, steps: 100).kvCacheBytesAtEnd == 4 * 140 * 2 * 32 * 2)
    }

    /// The cache layout is stored with a run and read back; runs stored before it read as rolling,
    /// and the default is not written (outputs of unwindowed analyses stay as they were).
    @Test func theLayoutSurvivesAStoredRun() throws {
        let full = AnalysisOptions(kvCache: .full, latentAttention: .absorbed)
        #expect(try JSONDecoder().decode(AnalysisOptions.self, from: JSONEncoder().encode(full)) == full)
        let plain = String(decoding: try JSONEncoder().encode(AnalysisOptions()), as: UTF8.self)
        #expect(!plain.contains("kvCache") && !plain.contains("latentAttention"))
        #expect(try JSONDecoder().decode(AnalysisOptions.self, from: Data(plain.utf8)) == AnalysisOptions())
    }
}

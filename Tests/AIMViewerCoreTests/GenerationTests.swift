@testable import AIMViewerCore
import Testing

/// The closed-form generation equals the step-by-step sum to 1e-9 relative.
struct GenerationTests {
    static func relativeError(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / max(abs(a), abs(b))
    }

    static func expectEqual(_ closed: GenerationAnalysis, _ loop: GenerationAnalysis) {
        let pairs: [(String, Double, Double)] = [
            ("seconds", closed.decode.seconds, loop.decode.seconds),
            ("ops", closed.decode.cost.ops, loop.decode.cost.ops),
            ("bytes", closed.decode.cost.bytes, loop.decode.cost.bytes),
            ("interconnect", closed.decode.cost.interconnectBytes, loop.decode.cost.interconnectBytes),
            ("total", closed.totalSeconds, loop.totalSeconds),
        ]
        for (name, a, b) in pairs {
            #expect(relativeError(a, b) <= 1e-9, "\(name): closed \(a) vs loop \(b)")
        }
        #expect(closed.firstStepSeconds == loop.firstStepSeconds)
        #expect(closed.lastStepSeconds == loop.lastStepSeconds)
        #expect(closed.kvCacheBytesAtEnd == loop.kvCacheBytesAtEnd)
    }

    @Test(arguments: [Convention.exact, .llmViewer], [1, 2, 10, 777])
    func closedFormEqualsLoopOnThePaperSchedule(convention: Convention, steps: Int) throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100,
                                    options: AnalysisOptions(convention: convention, skipMLPAdd: true))
        let schedule = try AIMScheduler.schedule(.paperDefault, layerCount: 28)
        Self.expectEqual(try analyzer.generation(schedule, steps: steps), try analyzer.generationStepByStep(schedule, steps: steps))
    }

    @Test func closedFormWhereOperatorsCrossTheRidge() throws {
        // A slow link and a tiny ridge make attention flip from memory- to compute-bound mid-generation,
        // and the all-reduce sit on the interconnect roof.
        let hardware = try HardwareProfile(name: "flip", memoryBandwidthBytesPerSecond: 1e9, peakOpsPerSecond: [.fp16: 2.5e9],
                                           onChipBufferBytes: 1e6, onChipMemoryPerSMBytes: 65536,
                                           interconnectBandwidthBytesPerSecond: 1e8)
        let model = try ModelConfig(name: "m", layerCount: 3, hiddenSize: 64, attentionHeads: 4, keyValueHeads: 2,
                                    intermediateSize: 128, vocabularySize: 100)
        for options in [AnalysisOptions(tensorParallel: 2), AnalysisOptions(flashAttention: true),
                        AnalysisOptions(convention: .llmViewer, batchSize: 3), AnalysisOptions(batchSize: 8)] {
            let analyzer = try Analyzer(model: model, hardware: hardware, options: options)
            let schedule = try TokenSchedule(tokensPerLayer: [0, 5, 40])
            let closed = try analyzer.generation(schedule, steps: 3000)
            Self.expectEqual(closed, try analyzer.generationStepByStep(schedule, steps: 3000))
        }
    }

    @Test func envelopeSumOnKnownLines() {
        // max(10 − i, i) for i = 0..9: 10,9,8,7,6,5,6,7,8,9 → 75.
        #expect(Analyzer.sumOfUpperEnvelope([(10, -1), (0, 1)], count: 10) == 75)
        #expect(Analyzer.sumOfUpperEnvelope([(2, 0)], count: 5) == 10)
        #expect(Analyzer.sumOfUpperEnvelope([(0, 1), (0, 1)], count: 4) == 6)
    }

    @Test func requestFigures() throws {
        let analyzer = try Analyzer(model: Fixtures.tinyModel, hardware: Fixtures.tinyHardware, options: AnalysisOptions())
        let schedule = try TokenSchedule(tokensPerLayer: [4, 2])
        let request = try analyzer.generation(schedule, steps: 3)
        #expect(request.timeToFirstTokenSeconds == (try analyzer.analyze(schedule)).prefill.totals.seconds)
        #expect(request.totalSeconds == request.timeToFirstTokenSeconds + request.decode.seconds)
        #expect(request.tokensPerSecond == 3 / request.totalSeconds)
        // 16 B of K and V per token and layer: (4 + 3) + (2 + 3) entries.
        #expect(request.kvCacheBytesAtEnd == 16 * 12)
        #expect(try analyzer.generation(schedule, steps: 0).decode.seconds == 0)
    }
}

@testable import AIMViewerCore
import Testing

struct AnalyzerTests {
    let analyzer = try! Analyzer(model: Fixtures.tinyModel, hardware: Fixtures.tinyHardware, options: AnalysisOptions(convention: .llmViewer))

    @Test func layerTotalsAreOperatorSums() throws {
        let analysis = try analyzer.analyze(TokenSchedule(tokensPerLayer: [3, 2]))
        let layer = analysis.prefill.layers[0]
        // Ops of the tiny layer at n = 3 (see LLMViewerOperatorTests):
        // 384·2 + 192·2 + 768·3 + 144 + 144 + 90 + 168·2 + 24·2 + 48 = 4266.
        #expect(layer.totals.cost.ops == 4266)
        #expect(layer.totals.seconds == layer.operators.map(\.seconds).reduce(0, +))
        let layerSum = analysis.prefill.layers.map(\.totals.cost.ops).reduce(0, +)
        #expect(analysis.prefill.totals.cost.ops == layerSum + 80)  // + head
    }

    @Test func footprintIsWeightsCacheAndLastLayerActivations() throws {
        let analysis = try analyzer.analyze(TokenSchedule(tokensPerLayer: [3, 2]))
        // Weights per layer: 128·2 + 64·2 + 256·3 = 1152 B; two layers 2304 B (head excluded).
        #expect(analysis.prefill.memoryFootprint.weightBytes == 2304)
        // KV stored: layer 0 24·2, layer 1 (n = 2) 16·2: 80 B.
        #expect(analysis.prefill.memoryFootprint.kvCacheBytes == 80)
        #expect(analysis.prefill.memoryFootprint.activationBytes == analysis.prefill.layers[1].totals.cost.storeActivationBytes)
        // Decode keeps the prefill's weights and cache and adds its own last-layer activations.
        #expect(analysis.decode.memoryFootprint.weightBytes == 2304)
        #expect(analysis.decode.memoryFootprint.kvCacheBytes == 80)
        #expect(analysis.decode.memoryFootprint.activationBytes == analysis.decode.layers[1].totals.cost.storeActivationBytes)
    }

    @Test func fastTotalsEqualDetailedTotals() throws {
        let schedule = try TokenSchedule(tokensPerLayer: [7, 0])
        #expect(analyzer.prefillTotals(tokensPerLayer: schedule.tokensPerLayer) == (try analyzer.analyze(schedule).prefill.totals))
    }

    @Test func zeroTokenLayerCostsNothingAndNoNaN() throws {
        let analysis = try analyzer.analyze(TokenSchedule(tokensPerLayer: [0, 0]))
        for layer in analysis.prefill.layers {
            #expect(layer.totals.seconds == 0)
            #expect(layer.totals.cost.ops == 0)
            #expect(!layer.totals.cost.loadWeightBytes.isNaN)
        }
        #expect(!analysis.prefill.totals.seconds.isNaN)
        #expect(analysis.prefill.totals.seconds > 0)  // the head still runs
    }

    @Test func paperTable() throws {
        let options = AnalysisOptions(convention: .llmViewer, skipMLPAdd: true)
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: options)
        let baseline = try analyzer.analyze(AIMScheduler.baseline(.paperDefault, layerCount: 28))
        let aim = try analyzer.analyze(AIMScheduler.schedule(.paperDefault, layerCount: 28))
        #expect(baseline.prefill.totals.cost.ops == 99626974610688)
        #expect(aim.prefill.totals.cost.ops == 14756638052352)
        #expect((baseline.prefill.totals.seconds * 1e5).rounded() / 100 == 439.58)
        #expect((aim.prefill.totals.seconds * 1e5).rounded() / 100 == 55.03)
    }

    @Test func modelAlignmentCostsFivePercentMore() throws {
        var parameters = AIMScheduleParameters.paperDefault
        parameters.alignment = .model
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions(convention: .llmViewer, skipMLPAdd: true))
        let ops = try analyzer.analyze(AIMScheduler.schedule(parameters, layerCount: 28)).prefill.totals.cost.ops
        #expect((ops / 1e9).rounded() / 1e3 == 15.528)  // aim-method.md: 15.528 vs 14.757 TFLOPs
    }

    @Test func scheduleLengthMustMatchTheModel() throws {
        #expect(throws: ScheduleError.wrongLength(scheduleLayers: 3, modelLayers: 2, model: "tiny")) {
            try analyzer.analyze(TokenSchedule(tokensPerLayer: [1, 2, 3]))
        }
    }

    /// The core names each input by what it means; a front end words it its own way (here, as
    /// the command line's flags would be spelt if they were the parameters' raw names).
    @Test func badOptionsAreRejectedNamingTheInput() {
        func message(_ options: AnalysisOptions, naming: ((RequestParameter) -> String)? = nil) -> String {
            do {
                _ = try Analyzer(model: Fixtures.tinyModel, hardware: Fixtures.tinyHardware, options: options)
                return ""
            } catch let error as AnalysisError {
                return naming.map { error.message(naming: $0) } ?? error.description
            } catch { return "unexpected \(error)" }
        }
        let flag: (RequestParameter) -> String = { "--" + $0.rawValue }
        #expect(message(AnalysisOptions(convention: .llmViewer, batchSize: 0)) == "the batch size must be at least 1, got 0")
        #expect(message(AnalysisOptions(convention: .llmViewer, batchSize: 0), naming: flag) == "--batch must be at least 1, got 0")
        #expect(message(AnalysisOptions(convention: .llmViewer, weightBits: 0), naming: flag).hasPrefix("--weightBits must be between 1 and 64"))
        #expect(message(AnalysisOptions(convention: .llmViewer, tensorParallel: 3), naming: flag)
                    .hasPrefix("--tensorParallel 3 does not divide hidden_size 8"))
        #expect(message(AnalysisOptions(convention: .llmViewer, tensorParallel: 3)).hasPrefix("the tensor-parallel degree 3 does not divide"))
        #expect(message(AnalysisOptions(convention: .llmViewer, tensorParallel: 2)).contains("num_key_value_heads 1"))
    }

    @Test func int8PeakNeedsEveryOperandAtEightBits() throws {
        let int8 = try Analyzer(model: Fixtures.tinyModel, hardware: Fixtures.tinyHardware,
                                options: AnalysisOptions(convention: .llmViewer, weightBits: 8, activationBits: 8, kvBits: 8))
        #expect(int8.roofline.precision == .int8 && int8.roofline.peakOpsPerSecond == 2000)
        let mixed = try Analyzer(model: Fixtures.tinyModel, hardware: Fixtures.tinyHardware,
                                 options: AnalysisOptions(convention: .llmViewer, weightBits: 4, activationBits: 16))
        #expect(mixed.roofline.precision == .fp16)
        let noInt8 = try HardwareProfile(name: "cpu", memoryBandwidthBytesPerSecond: 1, peakOpsPerSecond: [.fp16: 1], onChipBufferBytes: 1)
        #expect(throws: HardwareProfileError.missingPeak(precision: "int8", profile: "cpu")) {
            try Analyzer(model: Fixtures.tinyModel, hardware: noInt8, options: AnalysisOptions(convention: .llmViewer, weightBits: 8, activationBits: 8))
        }
    }
}

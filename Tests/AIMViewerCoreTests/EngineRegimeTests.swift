import Foundation
import Testing
@testable import AIMViewerCore

/// The engine regime's formulas by hand: the all-reduce's two algorithms, the kernels a fusion set
/// forms, one fused kernel's time, the FP8 peak by name, and calibrated generation's closed form
/// against the step-by-step sum.
struct EngineRegimeTests {
    /// P = 1000 ops/s FP16, 2000 FP8; B = 100 bytes/s; link 40 bytes/s bidirectional.
    static let device = try! HardwareProfile(
        name: "tiny-device", memoryBandwidthBytesPerSecond: 100, peakOpsPerSecond: [.fp16: 1000, .fp8: 2000, .int8: 2000],
        onChipBufferBytes: 64, interconnectBandwidthBytesPerSecond: 40)

    static func regime(fusions: Set<KernelFusion> = EngineRegime.tensorRTLLMTemplate(data: "").fusions) -> EngineRegime {
        var regime = EngineRegime.tensorRTLLMTemplate(data: "test")
        regime.fusions = fusions
        regime.kernels.matmul = MatmulEfficiency(overheadSeconds: 0.5, peakFraction: 0.5, halfEfficiencyRows: 0,
                                                 halfEfficiencyColumns: 0, bandwidthFraction: 0.5)
        regime.kernels.streaming = [.elementwise: StreamingEfficiency(overheadSeconds: 0.5, curve: [.init(bytes: 1, bandwidthFraction: 0.5)])]
        regime.promptAttention = AttentionEfficiency(computeFraction: 0.25, bandwidthFraction: 0.5)
        regime.decodeAttention = AttentionEfficiency(computeFraction: 0.25, bandwidthFraction: 0.25)
        regime.stepOverheadSeconds = 2
        regime.allReduce = AllReduceModel(latencySeconds: 1, linkFraction: 0.5)
        regime.fittedOn = ["tiny-device"]
        return regime
    }

    @Test func allReduceIsOneShotForSmallMessagesAndRingForLargeOnes() {
        let model = AllReduceModel(latencySeconds: 10e-6, linkFraction: 0.5)
        // One direction of a 900 GB/s bidirectional link at half: 225 GB/s.
        let link = 900e9
        let small = model.seconds(messageBytes: 1_048_576, devices: 2, bidirectionalBytesPerSecond: link)
        // one-shot 10 µs + 1 MiB / 225 GB/s = 14.660 µs; ring 2 · 10 µs + 1 MiB / 225 GB/s = 24.660 µs.
        #expect(small.algorithm == .oneShot)
        #expect(abs(small.seconds - (10e-6 + 1_048_576 / 225e9)) < 1e-15)
        let large = model.seconds(messageBytes: 64e6, devices: 8, bidirectionalBytesPerSecond: link)
        // one-shot 10 µs + 7 · 64 MB / 225 GB/s = 1.9911 ms; ring 14 · 10 µs + 1.75 · 64 MB / 225 GB/s = 0.6378 ms.
        #expect(large.algorithm == .ring)
        #expect(abs(large.seconds - (140e-6 + 1.75 * 64e6 / 225e9)) < 1e-15)
        #expect(model.seconds(messageBytes: 1e6, devices: 1, bidirectionalBytesPerSecond: link).seconds == 0)
    }

    @Test func fusionsGroupOperatorsIntoTheEnginesKernels() {
        let all = EngineRegime.tensorRTLLMTemplate(data: "").fusions
        #expect(all.kernel(of: .kProj, stage: .prefill) == .gemm(.qProj))
        #expect(all.kernel(of: .gateProj, stage: .decode) == .gemm(.upProj))
        #expect(all.kernel(of: .mlpAct, stage: .decode) == .epilogue(of: .upProj))
        #expect(all.kernel(of: .softmax, stage: .prefill) == .attention)
        #expect(all.kernel(of: .rope, stage: .decode) == .attention)
        #expect(all.kernel(of: .attnAdd, stage: .decode) == .streaming(.mlpNorm))
        let none: Set<KernelFusion> = []
        #expect(none.kernel(of: .kProj, stage: .prefill) == .gemm(.kProj))
        #expect(none.kernel(of: .softmax, stage: .prefill) == .own(.softmax))
        #expect(none.kernel(of: .mlpAct, stage: .decode) == .streaming(.mlpAct))
    }

    @Test func aFusedQKVKernelIsOneLaunchAtTheRegimesFractions() throws {
        let analyzer = try Analyzer(model: Fixtures.tinyModel, hardware: Self.device, options: AnalysisOptions(convention: .exact))
        let pricer = try RegimePricer(regime: Self.regime(), analyzer: analyzer)
        let step = TokenStep.decode(context: 5)
        let operators = pricer.layerOperators(step)
        let calls = pricer.calls(operators, step: step)
        let qkv = try #require(calls.first { $0.kernel == .gemm(.qProj) })
        let members = operators.filter { [.qProj, .kProj, .vProj].contains($0.0) }
        let ops = members.reduce(0) { $0 + $1.1.ops }, bytes = members.reduce(0) { $0 + $1.1.bytes }
        #expect(qkv.members.count == 3)
        // 0.5 s per kernel + max(ops / (1000 · 0.5), bytes / (100 · 0.5)): one launch, not three.
        #expect(abs(qkv.seconds - (0.5 + max(ops / 500, bytes / 50))) < 1e-12)
        // Decode attention reads the cache at 25% of the bandwidth; scores stay on chip.
        let attention = try #require(calls.first { $0.kernel == .attention })
        let qk = try #require(operators.first { $0.0 == .qkMatmul }).1, sv = try #require(operators.first { $0.0 == .svMatmul }).1
        let rope = try #require(operators.first { $0.0 == .rope }).1
        let attentionBytes = qk.loadActivationBytes + qk.loadKVBytes + sv.loadKVBytes + sv.storeActivationBytes + rope.storeKVBytes
        let attentionOps = operators.filter { [.rope, .qkMatmul, .softmax, .svMatmul].contains($0.0) }.reduce(0) { $0 + $1.1.ops }
        #expect(abs(attention.seconds - (0.5 + max(attentionOps / 250, attentionBytes / 25))) < 1e-12)
        // The kernels' shares add up to the layer's time.
        let priced = pricer.seconds(operators, step: step)
        #expect(abs(priced.perOperator.reduce(0, +) - priced.total) < 1e-9)
        #expect(abs(priced.total - calls.reduce(0) { $0 + $1.seconds }) < 1e-12)
    }

    @Test func fp8ByNameIsPricedAtTheFP8PeakNotINT8s() throws {
        var options = AnalysisOptions(convention: .exact)
        EngineFormat.fp8.apply(to: &options, kv: nil)
        #expect(options.weightBits == 8 && options.activationBits == 8 && options.kvBits == 8)
        let h100 = try HardwareProfile(name: "h", memoryBandwidthBytesPerSecond: 3.35e12,
                                       peakOpsPerSecond: [.fp16: 989.4e12, .fp8: 1978.9e12, .int8: 1978.8e12])
        let (precision, peak) = try options.computePrecision(on: h100)
        #expect(precision == .fp8 && peak == 1978.9e12)
        var bitsOnly = AnalysisOptions(convention: .exact, weightBits: 8, activationBits: 8)
        #expect(try bitsOnly.computePrecision(on: h100).0 == .int8)
        EngineFormat.fp4.apply(to: &bitsOnly, kv: .fp8)
        #expect(bitsOnly.kvBits == 8 && bitsOnly.weightBits == 4)
        #expect(throws: HardwareProfileError.self) { try bitsOnly.computePrecision(on: h100) }
    }

    @Test func calibratedGenerationInClosedFormEqualsTheSumOfItsSteps() throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: try HardwareProfile(
            name: "h", memoryBandwidthBytesPerSecond: 3.35e12, peakOpsPerSecond: [.fp16: 989.4e12, .fp8: 1978.9e12],
            interconnectBandwidthBytesPerSecond: 900e9), options: AnalysisOptions(convention: .exact, batchSize: 8, tensorParallel: 2))
        let pricer = try RegimePricer(regime: EngineRegime.tensorRTLLMTemplate(data: "test"), analyzer: analyzer)
        let schedule = try AIMScheduler.schedule(.paperDefault, layerCount: 28)
        let pass = try analyzer.analyze(schedule)
        let outputTokens = 300
        let generation = try pricer.generation(after: pass, outputTokens: outputTokens)
        #expect(generation.summation == "closed form")
        let extra = analyzer.operators.decodeAttendsNewToken
        var loop = pricer.stage(pass.prefill).seconds
        for index in 0..<(outputTokens - 1) {
            loop += pricer.decodeStage(contexts: schedule.tokensPerLayer.map { $0 + index + extra }).seconds
        }
        #expect(abs(generation.totalSeconds - loop) / loop < 1e-9, "closed \(generation.totalSeconds) vs loop \(loop)")
        #expect(generation.timeToFirstTokenSeconds == pricer.stage(pass.prefill).seconds)
        #expect(abs(generation.tokensPerSecond - 8.0 * 300 / generation.totalSeconds) < 1e-9)
        #expect(generation.tokensPerSecondPerDevice == generation.tokensPerSecond / 2)
        #expect(abs(generation.timePerOutputTokenSeconds - (loop - generation.timeToFirstTokenSeconds) / 299) / generation.timePerOutputTokenSeconds < 1e-9)
    }

    @Test func aHundredThousandTokensAreSummedInClosedFormQuickly() throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions(convention: .exact))
        let pricer = try RegimePricer(regime: EngineRegime.tensorRTLLMTemplate(data: "test"), analyzer: analyzer)
        let pass = try analyzer.analyze(try TokenSchedule.uniform(tokens: 1000, layerCount: 28))
        let start = Date()
        let generation = try pricer.generation(after: pass, outputTokens: 100_000)
        let elapsed = Date().timeIntervalSince(start)
        #expect(generation.summation == "closed form")
        // 10 ms in a release build; a debug build is several times slower.
        #expect(elapsed < 0.1, "took \(elapsed) s")
        #expect(generation.lastStepSeconds > generation.firstStepSeconds)
    }

    @Test func theEstimateSaysWhenItIsTransferred() throws {
        // Matched by name only when the regime records no roofs (a file written before them).
        let regime = Self.regime()
        let other = try HardwareProfile(name: "l40s", memoryBandwidthBytesPerSecond: 100, peakOpsPerSecond: [.fp16: 1000])
        #expect(!regime.isTransferred(to: Self.device))
        #expect(regime.isTransferred(to: other))
        #expect(regime.provenance(on: other).contains("applied to l40s (transferred"))
    }

    /// Fitted or transferred follows the roofs priced, not the profile's name: the same device under
    /// another name (a calibrated copy, LLM-Viewer's profile stating fewer formats) is fitted; the
    /// fitted name with other roofs is not.
    @Test func fittedMeansTheSameRoofsWhateverTheName() throws {
        var regime = Self.regime()
        regime.fittedDevices = [DeviceRoofs(Self.device)]
        var renamed = Self.device
        renamed.name = "tiny-device-calibrated"
        #expect(!regime.isTransferred(to: renamed))
        #expect(regime.provenance(on: renamed).contains("has tiny-device's roofs: fitted, not transferred"))
        let fewerFormats = try HardwareProfile(name: "tiny-viewer", memoryBandwidthBytesPerSecond: 100 * (1 + 1e-12),
                                               peakOpsPerSecond: [.fp16: 1000], interconnectBandwidthBytesPerSecond: 40)
        #expect(regime.fittedDevice(for: fewerFormats) == "tiny-device")
        var faster = Self.device
        faster.memoryBandwidthBytesPerSecond = 200
        #expect(regime.isTransferred(to: faster))
        var otherFP8 = Self.device
        otherFP8.peakOpsPerSecond[.fp8] = 4000
        #expect(regime.isTransferred(to: otherFP8))
        var noLink = Self.device
        noLink.interconnectBandwidthBytesPerSecond = nil
        #expect(regime.isTransferred(to: noLink))
    }

    /// Waves of 128x128 tiles by hand: 2048x4096 is 16 x 32 = 512 tiles; on 108 SMs 5 waves hold
    /// 540, so 512/540 = 0.9481; on 132 SMs 4 waves hold 528: 512/528 = 0.9697. Fewer tiles than
    /// SMs (a decode step's 64 rows: 1 x 32 tiles) split K and lose nothing.
    @Test func aGEMMLosesTheIdleShareOfItsLastWave() throws {
        let tile = GemmTile(rows: 128, columns: 128)
        let shape = MatmulShape(m: 2048, n: 4096, k: 4096)
        #expect(abs(tile.waveEfficiency(shape, units: 108) - 512.0 / 540) < 1e-15)
        #expect(abs(tile.waveEfficiency(shape, units: 132) - 512.0 / 528) < 1e-15)
        #expect(tile.waveEfficiency(MatmulShape(m: 64, n: 4096, k: 4096), units: 108) == 1)
        #expect(tile.waveEfficiency(MatmulShape(m: 2048, n: 4096, k: 4096), units: 128) == 1)
        // Priced: the regime's GEMM rate on a device of 108 units is that share of the tile-less rate.
        var device = Self.device
        device.computeUnits = 108
        let analyzer = try Analyzer(model: Fixtures.tinyModel, hardware: device, options: AnalysisOptions(convention: .exact))
        var regime = Self.regime()
        regime.gemmTile = nil
        let plain = try RegimePricer(regime: regime, analyzer: analyzer)
        regime.gemmTile = tile
        let tiled = try RegimePricer(regime: regime, analyzer: analyzer)
        #expect(abs(tiled.gemmRate(shape) / plain.gemmRate(shape) - 512.0 / 540) < 1e-12)
        regime.gemmTile = GemmTile(rows: 0, columns: 128)
        #expect(throws: CalibrationError.self) { try regime.validate() }
    }

    @Test func aRegimeThatFusesAttentionWithoutItsEfficiencyIsRefused() {
        var regime = Self.regime()
        regime.promptAttention = nil
        #expect(throws: CalibrationError.self) { try regime.validate() }
        var bad = Self.regime()
        bad.allReduce = AllReduceModel(latencySeconds: -1, linkFraction: 0.5)
        #expect(throws: CalibrationError.self) { try bad.validate() }
    }
}

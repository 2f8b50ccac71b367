import Foundation
import Testing
@testable import AIMViewerCore

/// The calibrated estimate's formulas by hand, the fitter on synthetic data it must recover, and the
/// identity that a neutral calibration reproduces the pure roofline.
struct CalibrationTests {
    static let roofline = Roofline(memoryBandwidthBytesPerSecond: 1e11, peakOpsPerSecond: 1e12, precision: .fp16)

    static func streaming(_ fraction: Double, overhead: Double = 0, compute: Double = 1) -> StreamingEfficiency {
        StreamingEfficiency(overheadSeconds: overhead, computeFraction: compute, curve: [.init(bytes: 1, bandwidthFraction: fraction)])
    }

    static let neutral = Calibration(
        method: "neutral",
        matmul: MatmulEfficiency(overheadSeconds: 0, peakFraction: 1, halfEfficiencyRows: 0, halfEfficiencyColumns: 0,
                                 bandwidthFraction: 1),
        streaming: [.elementwise: streaming(1)])

    @Test func matmulFractionIsThePeakFractionTimesOneSaturationFactorPerDimension() {
        let gemm = MatmulEfficiency(overheadSeconds: 0, peakFraction: 0.9, halfEfficiencyRows: 10, halfEfficiencyColumns: 20,
                                    bandwidthFraction: 1)
        // 0.9 · 10/20 · 20/40 · 20/40
        #expect(gemm.computeFraction(MatmulShape(m: 10, n: 20, k: 20)) == 0.1125)
        #expect(gemm.computeFraction(MatmulShape(m: 30, n: 60, k: 20)) == 0.9 * 0.75 * 0.75 * 0.5)
        #expect(gemm.computeFraction(nil) == 0.9)
        var deep = gemm
        deep.halfEfficiencyDepth = 0  // k does not matter
        #expect(deep.computeFraction(MatmulShape(m: 10, n: 20, k: 20)) == 0.9 * 0.5 * 0.5)
    }

    @Test func bandwidthCurveInterpolatesInLogBytesAndHoldsItsEnds() {
        let curve = StreamingEfficiency(overheadSeconds: 0, curve: [.init(bytes: 1_000, bandwidthFraction: 0.2),
                                                                     .init(bytes: 100_000, bandwidthFraction: 0.6)])
        #expect(abs(curve.bandwidthFraction(bytes: 10_000) - 0.4) < 1e-15)
        #expect(curve.bandwidthFraction(bytes: 10) == 0.2)
        #expect(curve.bandwidthFraction(bytes: 1e9) == 0.6)
        #expect(curve.bandwidthFraction(bytes: 1_000) == 0.2)
    }

    @Test func calibratedSecondsByHand() {
        let calibration = Calibration(
            method: "hand",
            matmul: MatmulEfficiency(overheadSeconds: 1e-6, peakFraction: 0.5, halfEfficiencyRows: 0, halfEfficiencyColumns: 0,
                                     bandwidthFraction: 0.5),
            streaming: [.softmax: Self.streaming(0.25, overhead: 2e-6), .activation: Self.streaming(0.5, compute: 0.01)])
        let calibrated = CalibratedRoofline(roofline: Self.roofline, calibration: calibration)
        // 1 µs + max(1e9 / 5e11, 1e6 / 5e10) = 1 µs + 2 ms
        let gemm = OperatorCost(ops: 1e9, loadWeightBytes: 1e6)
        #expect(abs(calibrated.seconds(.qProj, gemm, shape: MatmulShape(m: 8, n: 8, k: 8)) - 2.001e-3) < 1e-15)
        // 2 µs + 1e8 / (1e11 · 0.25) = 4.002 ms
        let scores = OperatorCost(ops: 1e3, loadActivationBytes: 1e8)
        #expect(abs(calibrated.seconds(.softmax, scores, shape: nil) - 4.002e-3) < 1e-15)
        // PageRank falls back to the softmax curve; the residual add (no elementwise curve) to the activation curve,
        // whose 1% compute fraction binds: 1e8 ops / 1e10.
        #expect(calibrated.seconds(.pagerank, scores, shape: nil) == calibrated.seconds(.softmax, scores, shape: nil))
        #expect(abs(calibrated.seconds(.attnAdd, OperatorCost(ops: 1e8, loadActivationBytes: 1e6), shape: nil) - 1e-2) < 1e-15)
        // Nothing to do launches nothing; a collective keeps the pure interconnect roof.
        #expect(calibrated.seconds(.qProj, .zero, shape: nil) == 0)
        #expect(calibrated.seconds(.attnAllReduce, OperatorCost(ops: 10, loadActivationBytes: 100), shape: nil)
            == Self.roofline.seconds(OperatorCost(ops: 10, loadActivationBytes: 100)))
    }

    @Test func aNeutralCalibrationReproducesThePureRoofline() throws {
        var hardware = Fixtures.a100
        hardware.calibration = Self.neutral
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: hardware, options: AnalysisOptions(convention: .exact))
        let pass = try analyzer.analyze(TokenSchedule(tokensPerLayer: Array(repeating: 1668, count: 14) + Array(repeating: 100, count: 14)))
        let estimate = try #require(analyzer.calibratedEstimate(pass))
        #expect(abs(estimate.prefill.seconds / pass.prefill.totals.seconds - 1) < 1e-12)
        #expect(abs(estimate.decode.seconds / pass.decode.totals.seconds - 1) < 1e-12)
        #expect(estimate.prefill.rooflineSeconds == pass.prefill.totals.seconds)
        #expect(estimate.fieldsUsed == ["calibration.matmul", "calibration.streaming.elementwise"])
        let uncalibrated = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions(convention: .exact))
        #expect(uncalibrated.calibratedEstimate(pass) == nil)
    }

    @Test func gemmShapesFollowTheModel() {
        let shapes = MatmulShapes(model: Fixtures.qwen2_7b, options: AnalysisOptions(convention: .exact, batchSize: 2))
        let step = TokenStep.prefill(tokens: 100)
        #expect(shapes.shape(of: .qProj, step: step) == MatmulShape(m: 200, n: 3584, k: 3584))
        #expect(shapes.shape(of: .kProj, step: step) == MatmulShape(m: 200, n: 512, k: 3584))
        #expect(shapes.shape(of: .downProj, step: step) == MatmulShape(m: 200, n: 3584, k: 18944))
        #expect(shapes.shape(of: .qkMatmul, step: step) == MatmulShape(m: 100, n: 100, k: 128))
        #expect(shapes.shape(of: .svMatmul, step: .decode(context: 500)) == MatmulShape(m: 1, n: 128, k: 500))
        #expect(shapes.shape(of: .lmHead, step: step) == MatmulShape(m: 2, n: 152064, k: 3584))
        #expect(shapes.shape(of: .softmax, step: step) == nil)
    }

    /// Points generated by a known calibration: the fit must predict them to within 1%, and recover
    /// the parameters that the points determine.
    @Test func theFitterRecoversAKnownCalibration() throws {
        let truth = Calibration(
            method: "truth",
            matmul: MatmulEfficiency(overheadSeconds: 5e-6, peakFraction: 0.8, halfEfficiencyRows: 16, halfEfficiencyColumns: 32,
                                     bandwidthFraction: 0.7),
            streaming: [.elementwise: StreamingEfficiency(overheadSeconds: 3e-6, curve: [.init(bytes: 1e4, bandwidthFraction: 0.2),
                                                                                          .init(bytes: 1e8, bandwidthFraction: 0.8)])])
        let calibrated = CalibratedRoofline(roofline: Self.roofline, calibration: truth)
        var points: [KernelMeasurement] = []
        for m in [1.0, 8, 64, 512, 4096] {
            for n in [64.0, 1024, 8192] {
                let shape = MatmulShape(m: m, n: n, k: n)
                let ops = 2 * m * n * n, bytes = 2 * (m * n + n * n + m * n)
                points.append(KernelMeasurement(kernelClass: .matmul, shape: shape, ops: ops, bytes: bytes,
                                                seconds: calibrated.seconds(.matmul, ops: ops, bytes: bytes, shape: shape), label: "\(m)x\(n)"))
            }
        }
        for exponent in stride(from: 4.0, through: 8.0, by: 0.5) {
            let bytes = pow(10, exponent)
            points.append(KernelMeasurement(kernelClass: .elementwise, ops: bytes / 4, bytes: bytes,
                                            seconds: calibrated.seconds(.elementwise, ops: bytes / 4, bytes: bytes, shape: nil), label: "\(bytes)"))
        }
        let fit = try CalibrationFitter.fit(points, roofline: Self.roofline, method: "synthetic")
        for point in fit.points { #expect(abs(point.errorPercent) < 1, "\(point.measurement.label): \(point.errorPercent)%") }
        let gemm = fit.calibration.matmul
        #expect(abs(gemm.peakFraction / 0.8 - 1) < 0.05)
        #expect(abs(gemm.overheadSeconds / 5e-6 - 1) < 0.1)
        let error = try #require(fit.calibration.fitError[.matmul])
        #expect(error.points == 15)
        #expect(try #require(error.leaveOneOutMeanAbsolutePercent) < 5)
        #expect(fit.calibration.streaming[.softmax] == nil)
        #expect(try #require(fit.calibration.fitError[.elementwise]).meanAbsolutePercent < 1)
    }

    @Test func theFitterRefusesTooFewOrBadPoints() {
        let gemm = KernelMeasurement(kernelClass: .matmul, shape: MatmulShape(m: 1, n: 1, k: 1), ops: 2, bytes: 6, seconds: 1e-6, label: "g")
        let add = KernelMeasurement(kernelClass: .elementwise, ops: 1, bytes: 12, seconds: 1e-7, label: "a")
        #expect(throws: CalibrationError.self) { try CalibrationFitter.fit([gemm, add], roofline: Self.roofline, method: "") }
        var broken = add
        broken.seconds = 0
        #expect(throws: CalibrationError.self) {
            try CalibrationFitter.fit(Array(repeating: gemm, count: 6) + [add, add, broken], roofline: Self.roofline, method: "")
        }
    }

    @Test func profilesRoundTripTheirCalibrationAndRefuseBadOnes() throws {
        var profile = Fixtures.a100
        profile.calibration = Self.neutral
        let data = try JSONEncoder().encode(profile)
        #expect(try HardwareProfile.decode(json: data, source: "round trip") == profile)

        func decodeError(_ calibration: String) -> String {
            let json = #"{"name": "x", "memoryBandwidthBytesPerSecond": 1e12, "peakOpsPerSecond": {"fp16": 1e14}, "calibration": "#
                + calibration + "}"
            do {
                _ = try HardwareProfile.decode(json: Data(json.utf8), source: "x.json")
                return ""
            } catch {
                return "\(error)"
            }
        }
        let matmul = #""matmul": {"overheadSeconds": 0, "peakFraction": 0.9, "halfEfficiencyRows": 1, "halfEfficiencyColumns": 1, "bandwidthFraction": 0.9}"#
        let curve = #""curve": [{"bytes": 1000, "bandwidthFraction": 0.5}]"#
        #expect(decodeError(#"{"# + matmul + #", "streaming": {"elementwise": {"overheadSeconds": 0, "# + curve + "}}}").isEmpty)
        #expect(decodeError(#"{"streaming": {}}"#).contains("matmul"))
        #expect(decodeError(#"{"# + matmul + #", "streaming": {"softmax": {"overheadSeconds": 0, "# + curve + "}}}").contains("'elementwise' or an 'activation'"))
        #expect(decodeError(#"{"# + matmul + #", "streaming": {"blas": {"overheadSeconds": 0, "# + curve + "}}}").contains("unknown kernel class 'blas'"))
        #expect(decodeError(#"{"# + matmul.replacingOccurrences(of: "0.9}", with: "-1}") + #", "streaming": {"elementwise": {"overheadSeconds": 0, "# + curve + "}}}").contains("matmul.bandwidthFraction"))
        let unordered = #""curve": [{"bytes": 1000, "bandwidthFraction": 0.5}, {"bytes": 10, "bandwidthFraction": 0.5}]"#
        #expect(decodeError(#"{"# + matmul + #", "streaming": {"elementwise": {"overheadSeconds": 0, "# + unordered + "}}}").contains("increasing 'bytes'"))
    }
}

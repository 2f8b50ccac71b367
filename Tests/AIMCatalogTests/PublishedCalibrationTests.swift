import AIMCatalog
import AIMViewerCore
import Foundation
import Testing

/// The LLMCompass A100 measurements, their reader, and the calibrated A100 profile fitted to them.
struct PublishedCalibrationTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("HardwareProfiles/measured/llmcompass-a100").path

    @Test func readsEveryFileWithTheExactConventionsCounts() throws {
        let points = try PublishedMeasurements.load(directory: Self.directory)
        let byClass = Dictionary(grouping: points, by: \.kernelClass).mapValues(\.count)
        #expect(byClass == [.matmul: 20, .softmax: 22, .norm: 22, .activation: 20])
        let first = try #require(points.first)
        #expect(first.shape == MatmulShape(m: 64, n: 12288, k: 12288))
        let (m, n): (Double, Double) = (64, 12288)
        #expect(first.ops == 2 * m * n * n)
        #expect(first.bytes == 2 * (m * n + n * n + m * n))
        #expect(abs(first.seconds - 0.19e-3) < 1e-15)
        let gelu = try #require(points.last)
        // 536870912 elements at 390.32758080867535 G elements/s; read and write 2 bytes each; 9 ops.
        #expect(abs(gelu.seconds - 536_870_912 / 390.32758080867535e9) < 1e-15)
        let elements: Double = 536_870_912
        #expect(gelu.bytes == 4 * elements && gelu.ops == 9 * elements)
        let norm = try #require(points.first { $0.kernelClass == .norm })
        let rows: Double = 4096
        #expect(norm.ops == rows * 32 * 7 + rows * 4)
        #expect(FileManager.default.fileExists(atPath: Self.directory + "/LICENSE"), "the BSD license travels with the data")
    }

    @Test func malformedMeasurementsAreNamedByFileAndLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("measured-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "64, 128, 128, 0.1ms, 1Tflops\n64, 128, fast, 0.1ms, 1Tflops\n".write(
            to: directory.appendingPathComponent("matmul.csv"), atomically: true, encoding: .utf8)
        #expect { try PublishedMeasurements.load(directory: directory.path) } throws: { error in
            "\(error)".contains("matmul.csv:2") && "\(error)".contains("'fast' is not a positive number")
        }
        #expect { try PublishedMeasurements.load(directory: directory.path + "/nope") } throws: { error in
            "\(error)".contains("not a directory")
        }
    }

    /// The shipped calibration is exactly what `calibrate --from-measurements` fits to the shipped
    /// data (nobody edited the numbers by hand), and its error is what the profile states.
    @Test func theShippedA100CalibrationIsTheFitOfTheShippedData() throws {
        let profile = try HardwareCatalog.profile(named: "a100-sxm4-80gb-calibrated")
        let base = try HardwareCatalog.profile(named: "a100-sxm4-80gb")
        #expect(profile.memoryBandwidthBytesPerSecond == base.memoryBandwidthBytesPerSecond)
        #expect(profile.peakOpsPerSecond == base.peakOpsPerSecond)
        let shipped = try #require(profile.calibration)
        let roofline = Roofline(memoryBandwidthBytesPerSecond: base.memoryBandwidthBytesPerSecond,
                                peakOpsPerSecond: base.peakOpsPerSecond[.fp16]!, precision: .fp16)
        let points = try PublishedMeasurements.load(directory: Self.directory)
        let fit = try CalibrationFitter.fit(points, roofline: roofline, method: "check")
        let shippedRoofline = CalibratedRoofline(roofline: roofline, calibration: shipped)
        for point in fit.points {
            let m = point.measurement
            let predicted = shippedRoofline.seconds(m.kernelClass, ops: m.ops, bytes: m.bytes, shape: m.shape)
            #expect(abs(predicted / point.fittedSeconds - 1) < 1e-3, "\(m.label)")
        }
        // The fit is good where the model is right: GEMMs and GELU within a few percent, also left out.
        let gemm = try #require(shipped.fitError[.matmul])
        #expect(gemm.meanAbsolutePercent < 3 && gemm.maxAbsolutePercent < 8)
        // Leaving out 64x12288x12288, the one memory-bound GEMM, leaves the memory-roof fraction free (~32% off).
        #expect(try #require(gemm.leaveOneOutMeanAbsolutePercent) < 5)
        #expect(try #require(shipped.fitError[.activation]).meanAbsolutePercent < 2)
        #expect(try #require(shipped.fitError[.softmax]).meanAbsolutePercent < 8)
        #expect(shipped.matmul.peakFraction > 0.85 && shipped.matmul.peakFraction < 0.97)
        #expect(profile.sources.contains { $0.contains("LLMCompass") })
    }

    /// Users of LLM-Viewer report its pure roofline 1.4 to 1.9 times optimistic on an A100: the
    /// calibrated estimate of the paper's prefill lands in that band.
    @Test func theCalibratedA100PrefillIsSlowerThanTheRooflineByThePublishedFactor() throws {
        let model = try ModelCatalog.preset(named: "qwen2-7b")
        let analyzer = try Analyzer(model: model, hardware: try HardwareCatalog.profile(named: "a100-sxm4-80gb-calibrated"),
                                    options: AnalysisOptions(convention: .exact))
        let schedule = try TokenSchedule(tokensPerLayer: Array(repeating: 6300, count: 28))
        let estimate = try #require(analyzer.calibratedEstimate(try analyzer.analyze(schedule)))
        let factor = estimate.prefill.seconds / estimate.prefill.rooflineSeconds
        #expect(factor > 1.1 && factor < 1.9, "\(factor)")
    }
}

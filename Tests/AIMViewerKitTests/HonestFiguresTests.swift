import AIMViewerCore
import AIMViewerKit
import Testing

/// Figures a report labels must be what the label says (issue 22): the memory warning of `analyze`,
/// the end-to-end throughput and calibrated time of `compare`, and which device speedups are against.
struct HonestFiguresTests {
    /// Mixtral (46.7B parameters, about 93 GB of 16-bit weights) on the 40 GB A100: the warning's
    /// `--tp` is the smallest power of two whose own analysis fits, checked here by pricing tp 2 and 4.
    @Test func analyzeSaysWhenTheModelDoesNotFitAndWhichTPDoes() throws {
        var request = AnalysisRequest()
        request.model = .preset("mixtral-8x7b")
        request.hardware = .profile("a100-sxm4-40gb")
        let fit = try #require(try AnalysisService.analyze(request).reports[0].memoryFit)
        #expect(!fit.fits)
        #expect(fit.capacityBytes == 40e9)
        #expect(fit.peakFootprintBytes > 93e9, "the weights alone are 2 bytes x 46.7B")
        #expect(fit.smallestFittingTensorParallel == 4)
        for (tp, fits) in [(2, false), (4, true)] {
            var split = request
            split.hardware = .profile("a100-sxm4-40gb")
            split.options.tensorParallel = tp
            let priced = try #require(try AnalysisService.analyze(split).reports[0].memoryFit)
            #expect(priced.fits == fits, "tp \(tp): \(priced.peakFootprintBytes) of \(priced.capacityBytes)")
        }
        // The default workload fits the 80 GB profile and says so.
        let paper = try #require(try AnalysisService.analyze(AnalysisRequest()).reports[0].memoryFit)
        #expect(paper.fits && paper.smallestFittingTensorParallel == nil)
    }

    /// End-to-end output throughput is generated tokens over prefill plus decode: below the decode-only
    /// rate, and equal to `gen-len / request time`.
    @Test func compareGivesEndToEndThroughputBesideTheDecodeRate() throws {
        var request = CompareRequest()
        request.targets = "h100-sxm5-80gb"
        request.generationLength = 64
        let method = try #require(try CompareService.compare(request).report.comparison.targets[0].method)
        let endToEnd = try #require(method.outputTokensPerSecond)
        #expect(abs(endToEnd - 64 / method.requestSeconds) <= 1e-9 * endToEnd)
        #expect(endToEnd < method.decodeTokensPerSecond)
        #expect(abs(method.decodeTokensPerSecond - 1 / method.decodeSecondsPerToken) <= 1e-9 * method.decodeTokensPerSecond)
    }

    /// A profile with a calibration block gets its calibrated estimate; its uncalibrated twin none.
    @Test func compareCarriesTheCalibratedEstimate() throws {
        var request = CompareRequest()
        request.targets = "a100-sxm4-80gb,a100-sxm4-80gb-calibrated"
        let targets = try CompareService.compare(request).report.comparison.targets
        let plain = try #require(targets.first { $0.hardware == "a100-sxm4-80gb" }?.method)
        let calibrated = try #require(targets.first { $0.hardware == "a100-sxm4-80gb-calibrated" }?.method)
        #expect(plain.calibratedPrefillSeconds == nil)
        let seconds = try #require(calibrated.calibratedPrefillSeconds)
        #expect(seconds > calibrated.prefillSeconds, "the calibrated time is above the roofline's lower bound")
        var analysis = AnalysisRequest()
        analysis.hardware = .profile("a100-sxm4-80gb-calibrated")
        let estimate = try #require(try AnalysisService.analyze(analysis).reports[0].calibrated.last)
        #expect(estimate.prefill.seconds == seconds, "compare shows the estimate analyze shows")
    }

    @Test func theReferenceIsNamedOnlyWhenTheUserNamedIt() throws {
        func choice(_ targets: String?) throws -> HardwareComparison.ReferenceChoice? {
            var request = CompareRequest()
            request.targets = targets
            return try CompareService.compare(request).report.comparison.referenceChoice
        }
        #expect(try choice("h100-sxm5-80gb,nvidia") == .named)
        #expect(try choice("nvidia") == .firstOfSelection)
        #expect(try choice("tag:consumer,a10") == .firstOfSelection)
        #expect(try choice(nil) == .firstOfDefaults)
    }
}

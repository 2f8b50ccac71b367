import Foundation
import Testing

/// `analyze --engine`, `--dtype`, `--context` and `calibrate --from-serving` as users run them.
struct EngineCommandTests {
    @Test func fp8OnH100IsPricedAtTheFP8PeakAndTheJSONCarriesCalibratedGeneration() throws {
        let result = try CLI.run(["analyze", "--hardware", "h100-sxm5-80gb", "--engine", "tensorrt-llm", "--dtype", "fp8",
                                  "--batch", "64", "--tokens", "2048", "--gen-len", "128", "--format", "json", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["precision"] as? String == "fp8")
        #expect(object["peakOpsPerSecond"] as? Double == 1978.9e12)
        let generation = try #require(object["generation"] as? [String: Any])
        let calibrated = try #require(generation["calibrated"] as? [String: Any])
        let ttft = try #require(calibrated["timeToFirstTokenSeconds"] as? Double)
        let tpot = try #require(calibrated["timePerOutputTokenSeconds"] as? Double)
        let total = try #require(calibrated["totalSeconds"] as? Double)
        let rate = try #require(calibrated["tokensPerSecond"] as? Double)
        #expect(abs(total - (ttft + 127 * tpot)) / total < 1e-9)
        #expect(abs(rate - 64 * 128 / total) / rate < 1e-9)
        #expect(calibrated["tokensPerSecondPerDevice"] as? Double == rate)
        // Slower than the roofline: the regime attains fractions of the roofs and pays overheads.
        #expect(ttft > (generation["timeToFirstTokenSeconds"] as? Double ?? .infinity))
        let engine = try #require((object["engine"] as? [String: Any])?["schedule"] as? [String: Any])
        #expect(engine["transferred"] as? Bool == false)
        #expect(engine["gemmPrecision"] as? String == "fp8")
    }

    @Test func anotherDeviceIsSaidToBeTransferredAndTheContextOptionPricesOneStep() throws {
        let result = try CLI.run(["analyze", "--model", "gpt-j-6b", "--hardware", "l40s", "--engine", "tensorrt-llm", "--dtype", "fp8",
                                  "--tokens", "128", "--context", "2048", "--per-op", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("applied to l40s"), "\(result.stdout)")
        #expect(result.stdout.contains("(transferred"))
        #expect(result.stdout.contains("decode step at context 2048"))
        #expect(result.stdout.contains("GEMMs at the fp8 peak 733 TOPS"))
        // Per operator: the regime's share of each kernel beside the roofline's time (prefill; the
        // decode table is at the analysis's own context, not --context, so it has none).
        #expect(result.stdout.components(separatedBy: "tensorrt-llm us").count == 2, "\(result.stdout)")
    }

    @Test func badEngineInputsAreRefusedByName() throws {
        let unknown = try CLI.run(["analyze", "--engine", "vllm", "--no-store"])
        #expect(unknown.exitCode != 0 && unknown.stderr.contains("--engine 'vllm' is not a known engine regime"), "\(unknown.stderr)")
        let noEngine = try CLI.run(["analyze", "--context", "100", "--no-store"])
        #expect(noEngine.exitCode != 0 && noEngine.stderr.contains("give --engine too"), "\(noEngine.stderr)")
        let both = try CLI.run(["analyze", "--dtype", "fp8", "--w-bit", "8", "--no-store"])
        #expect(both.exitCode != 0 && both.stderr.contains("drop --w-bit"), "\(both.stderr)")
        let noPeak = try CLI.run(["analyze", "--hardware", "h100-sxm5-80gb", "--dtype", "fp4", "--no-store"])
        #expect(noPeak.exitCode != 0 && noPeak.stderr.contains("fp4"), "\(noPeak.stderr)")
        #expect(noPeak.stderr.contains("--dtype names one the profile has"), "\(noPeak.stderr)")
        let viewer = try CLI.run(["analyze", "--engine", "tensorrt-llm", "--convention", "llm-viewer", "--no-store"])
        #expect(viewer.exitCode != 0 && viewer.stderr.contains("exact"), "\(viewer.stderr)")
    }

    /// `--evaluate`: the shipped regime on a table without fitting (what held-out data is checked
    /// with); on its own tables it reproduces the in-sample error the bundled file states.
    @Test func evaluatePricesATableWithTheShippedRegimeWithoutFitting() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("HardwareProfiles/measured/tensorrt-llm-0.9").path
        let result = try CLI.run(["calibrate", "--from-serving", directory, "--engine", "tensorrt-llm", "--evaluate"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("A100 FP16 LLaMA 7B TTFT tp1 128"), "\(result.stdout)")
        let regime = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/AIMCatalog/EngineRegimes/tensorrt-llm.json"))) as? [String: Any]
        let stated = try #require(((regime?["fitError"] as? [String: Any])?["throughput"] as? [String: Any])?["meanAbsolutePercent"] as? Double)
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("throughput ") })
        #expect(line.contains(String(format: "%.1f%%", stated)), "\(line) vs \(stated)")
        let misuse = try CLI.run(["calibrate", "--from-serving", directory, "--engine", "tensorrt-llm", "--evaluate", "--quick"])
        #expect(misuse.exitCode != 0 && misuse.stderr.contains("--evaluate"), "\(misuse.stderr)")
    }
}

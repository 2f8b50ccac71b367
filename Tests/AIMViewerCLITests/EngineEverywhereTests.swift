import Foundation
import Testing

/// `--engine` wherever a time is shown: compare's calibrated table per device (fitted, transferred,
/// or why not priced), explore's schedule and serving sweeps priced with the regime, and the
/// regime's column per layer, each checked against `analyze --engine` on the same workload.
struct EngineEverywhereTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CLI.run(arguments + ["--format", "json", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// `analyze --engine --gen-len` on one device: the figures compare and explore must agree with.
    static func analyzed(_ hardware: String, tokens: Int, batch: Int, genLen: Int) throws -> [String: Any] {
        let object = try json(["analyze", "--model", "gpt-j-6b", "--hardware", hardware, "--engine", "tensorrt-llm",
                               "--tokens", "\(tokens)", "--batch", "\(batch)", "--gen-len", "\(genLen)"])
        return try #require((object["generation"] as? [String: Any])?["calibrated"] as? [String: Any])
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return false }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }

    @Test func compareNamesTheEngineAndSaysWhichDevicesAreTransfers() throws {
        let object = try Self.json(["compare", "--model", "gpt-j-6b", "--engine", "tensorrt-llm", "--tokens", "2048", "--batch", "32",
                                    "--hardware", "a100-sxm4-80gb,l40s,a100-sxm4-80gb-calibrated"])
        let comparison = try #require(object["comparison"] as? [String: Any])
        #expect((comparison["engine"] as? [String: Any])?["name"] as? String == "tensorrt-llm")
        let targets = try #require(comparison["targets"] as? [[String: Any]])
        func target(_ name: String) throws -> [String: Any] { try #require(targets.first { $0["hardware"] as? String == name }) }
        let a100 = try target("a100-sxm4-80gb"), l40s = try target("l40s"), copy = try target("a100-sxm4-80gb-calibrated")
        #expect((a100["engine"] as? [String: Any])?["transferred"] as? Bool == false)
        #expect((l40s["engine"] as? [String: Any])?["transferred"] as? Bool == true)
        // The calibrated copy has A100's roofs: fitted, whatever its name.
        let copyEngine = try #require(copy["engine"] as? [String: Any])
        #expect(copyEngine["transferred"] as? Bool == false && copyEngine["fittedDevice"] as? String == "a100-sxm4-80gb")
        // The same figures analyze prints for that device and workload.
        let expected = try Self.analyzed("l40s", tokens: 2048, batch: 32, genLen: 128)
        let schedule = try #require((l40s["schedules"] as? [[String: Any]])?.first?["engine"] as? [String: Any])
        for key in ["timeToFirstTokenSeconds", "timePerOutputTokenSeconds", "totalSeconds", "tokensPerSecond", "tokensPerSecondPerDevice"] {
            #expect(Self.close(schedule[key] as? Double, expected[key] as? Double), "\(key): \(schedule[key] ?? "nil") vs \(expected[key] ?? "nil")")
        }
        // The roofline columns are untouched by --engine.
        let plain = try Self.json(["compare", "--model", "gpt-j-6b", "--tokens", "2048", "--batch", "32", "--hardware", "l40s"])
        let plainSchedule = try #require(((plain["comparison"] as? [String: Any])?["targets"] as? [[String: Any]])?.first?["schedules"] as? [[String: Any]])
        let withEngine = try #require(l40s["schedules"] as? [[String: Any]])
        #expect(plainSchedule.first?["prefillSeconds"] as? Double == withEngine.first?["prefillSeconds"] as? Double)
        #expect(plainSchedule.first?["engine"] == nil)
    }

    @Test func compareSaysWhyADeviceCannotBePricedAndRefusesTheVisionSide() throws {
        let result = try CLI.run(["compare", "--model", "gpt-j-6b", "--engine", "tensorrt-llm", "--tp", "2", "--tokens", "128",
                                  "--hardware", "a100-sxm4-80gb,rtx-4090", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Under the tensorrt-llm regime"), "\(result.stdout)")
        #expect(result.stdout.contains("Not priced under tensorrt-llm: rtx-4090"), "\(result.stdout)")
        #expect(result.stdout.contains("interconnectBandwidthBytesPerSecond"))
        let csv = try CLI.run(["compare", "--model", "gpt-j-6b", "--engine", "tensorrt-llm", "--tokens", "128",
                               "--hardware", "a100-sxm4-80gb", "--format", "csv", "--no-store"])
        let header = try #require(csv.stdout.split(separator: "\n").first)
        #expect(header.hasSuffix("engine_tokens_per_second_per_device,engine_error"), "\(header)")
        let vision = try CLI.run(["compare", "--model", "llava-onevision-7b", "--end-to-end", "--engine", "tensorrt-llm", "--no-store"])
        #expect(vision.exitCode != 0 && vision.stderr.contains("no engine regime prices a vision tower"), "\(vision.stderr)")
        let unknown = try CLI.run(["compare", "--engine", "vllm", "--no-store"])
        #expect(unknown.exitCode != 0 && unknown.stderr.contains("--engine 'vllm' is not a known engine regime"), "\(unknown.stderr)")
    }

    @Test func exploresServingSweepIsPricedWithTheRegime() throws {
        let object = try Self.json(["explore", "--model", "gpt-j-6b", "--engine", "tensorrt-llm", "--tokens", "2048", "--batch", "1,32",
                                    "--hardware", "l40s"])
        #expect((object["engine"] as? [String: Any])?["name"] as? String == "tensorrt-llm")
        let points = try #require(object["points"] as? [[String: Any]])
        let point = try #require(points.first { $0["batchSize"] as? Int == 32 })
        let expected = try Self.analyzed("l40s", tokens: 2048, batch: 32, genLen: 128)
        #expect(Self.close(point["timeToFirstTokenSeconds"] as? Double, expected["timeToFirstTokenSeconds"] as? Double))
        #expect(Self.close(point["outputTokensPerSecond"] as? Double, expected["tokensPerSecond"] as? Double))
        #expect(point["engineTransferred"] as? Bool == true)
        let roofline = try #require(point["rooflineTimeToFirstTokenSeconds"] as? Double)
        #expect(roofline < (point["timeToFirstTokenSeconds"] as? Double ?? 0))
    }

    @Test func exploresScheduleSweepPricesTheTimeBudgetWithTheRegime() throws {
        let arguments = ["explore", "--hardware", "a100-sxm4-80gb", "--cost", "time", "--prune-start", "0...27", "--budget-ms", "60"]
        let engine = try Self.json(arguments + ["--engine", "tensorrt-llm"])
        let plain = try Self.json(arguments)
        let targets = try #require(engine["engineTargets"] as? [[String: Any]])
        #expect(targets.first?["transferred"] as? Bool == false)
        let frontier = try #require(engine["frontier"] as? [[String: Any]])
        #expect(!frontier.isEmpty)
        for point in frontier {
            let seconds = try #require(point["prefillSeconds"] as? Double), roofline = try #require(point["rooflinePrefillSeconds"] as? Double)
            #expect(seconds > roofline && seconds <= 0.060)
        }
        // The regime's time is slower than the roofline's, so fewer schedules fit the same budget.
        #expect((engine["fits"] as? Int ?? 0) < (plain["fits"] as? Int ?? 0))
        #expect(plain["engine"] == nil && (plain["frontier"] as? [[String: Any]])?.first?["rooflinePrefillSeconds"] == nil)
        let vision = try CLI.run(["explore", "--model", "llava-onevision-7b", "--end-to-end", "--engine", "tensorrt-llm", "--no-store"])
        #expect(vision.exitCode != 0 && vision.stderr.contains("no engine regime prices a vision tower"), "\(vision.stderr)")
    }

    @Test func perLayerHasTheRegimesColumnAndItAddsUpToThePrefill() throws {
        let result = try CLI.run(["analyze", "--model", "gpt-j-6b", "--hardware", "a100-sxm4-80gb", "--engine", "tensorrt-llm",
                                  "--tokens", "128", "--per-layer", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("tensorrt-llm ms") && result.stdout.contains("step overhead"), "\(result.stdout)")
        let object = try Self.json(["analyze", "--model", "gpt-j-6b", "--hardware", "a100-sxm4-80gb", "--engine", "tensorrt-llm",
                                    "--tokens", "128"])
        let prefill = try #require(((object["engine"] as? [String: Any])?["schedule"] as? [String: Any])?["prefill"] as? [String: Any])
        let layers = try #require(prefill["layerSeconds"] as? [Double])
        #expect(layers.count == 28)
        let sum = layers.reduce(0, +) + (prefill["modelOperatorSeconds"] as? Double ?? .nan)
        let step = ((object["engine"] as? [String: Any])?["schedule"] as? [String: Any])?["stepOverheadSeconds"] as? Double ?? .nan
        #expect(Self.close(sum + step, prefill["seconds"] as? Double))
    }

    @Test func pytorchEagerIsFittedOnTheProfileItWasFittedOn() throws {
        let object = try Self.json(["analyze", "--hardware", "a100-sxm4-80gb-calibrated", "--engine", "pytorch-eager", "--tokens", "128"])
        let engine = try #require((object["engine"] as? [String: Any])?["schedule"] as? [String: Any])
        #expect(engine["transferred"] as? Bool == false, "\(engine["provenance"] ?? "")")
        let other = try Self.json(["analyze", "--hardware", "h100-sxm5-80gb", "--engine", "pytorch-eager", "--tokens", "128"])
        #expect(((other["engine"] as? [String: Any])?["schedule"] as? [String: Any])?["transferred"] as? Bool == true)
    }
}

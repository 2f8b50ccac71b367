import Foundation
import Testing

/// `aim-viewer calibrate` and the calibrated estimate as users see them.
struct CalibrateCommandTests {
    static let measured = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("HardwareProfiles/measured/llmcompass-a100").path

    static func scratchConfig() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("aim-viewer-config-\(UUID().uuidString)").path
    }

    @Test func fitsPublishedMeasurementsIntoTheUserDirectoryWhereEveryCommandFindsThem() throws {
        let config = Self.scratchConfig()
        let result = try CLI.run(["calibrate", "--from-measurements", Self.measured, "--hardware", "a100-sxm4-80gb",
                                  "--name", "my-a100"], environment: ["XDG_CONFIG_HOME": config])
        #expect(result.exitCode == 0, "\(result.stderr)")
        for fragment in ["leave-1-out", "matmul.csv:1 matmul 64x12288x12288", "Error against the measurements",
                         "matmul: overhead", "wrote \(config)/aim-viewer/hardware/my-a100.json"] {
            #expect(result.stdout.contains(fragment), "\(fragment)")
        }
        let analyze = try CLI.run(["analyze", "--hardware", "my-a100", "--no-store"], environment: ["XDG_CONFIG_HOME": config])
        #expect(analyze.exitCode == 0, "\(analyze.stderr)")
        #expect(analyze.stdout.contains("Calibrated estimate on my-a100"), "\(analyze.stdout)")
        #expect(analyze.stdout.contains("calibration.matmul"))
        #expect(analyze.stdout.contains("prefill, calibrated (ms)"))
    }

    @Test func analyzeJSONCarriesTheCalibratedEstimateBesideTheRoofline() throws {
        let result = try CLI.run(["analyze", "--hardware", "a100-sxm4-80gb-calibrated", "--format", "json", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let calibrated = try #require(object["calibrated"] as? [String: Any])
        let aim = try #require(calibrated["AIM"] as? [String: Any])
        let prefill = try #require(aim["prefill"] as? [String: Any])
        let seconds = try #require(prefill["seconds"] as? Double), roofline = try #require(prefill["rooflineSeconds"] as? Double)
        #expect(seconds > roofline)
        #expect((aim["fieldsUsed"] as? [String])?.contains("calibration.streaming.softmax") == true)
        // A profile without calibration reports the pure roofline only.
        let plain = try CLI.run(["analyze", "--format", "json", "--no-store"])
        #expect(!plain.stdout.contains("\"calibrated\""))
    }

    @Test func crosscheckComparesMeasuredTimeWithBothPredictions() throws {
        // A calibration whose every fraction is 1 and overhead 0: the calibrated column equals the roofline.
        let profile = try CLI.temporaryFile("""
            {"name": "neutral-cpu", "memoryBandwidthBytesPerSecond": 2e10, "peakOpsPerSecond": {"fp32": 1e11},
             "sources": ["test"], "calibration": {"method": "neutral",
               "matmul": {"overheadSeconds": 0, "peakFraction": 1, "halfEfficiencyRows": 0, "halfEfficiencyColumns": 0, "bandwidthFraction": 1},
               "streaming": {"elementwise": {"overheadSeconds": 0, "curve": [{"bytes": 1, "bandwidthFraction": 1}]}}}}
            """, name: "neutral-cpu.json").path
        let result = try CLI.run(CrosscheckCommandTests.small + ["--hardware-file", profile, "--no-store", "--format", "json"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let calibrated = try #require(object["calibratedSeconds"] as? Double), roofline = try #require(object["rooflineSeconds"] as? Double)
        #expect(abs(calibrated / roofline - 1) < 1e-9)
        #expect((object["calibrationFields"] as? [String]) == ["calibration.matmul", "calibration.streaming.elementwise"])
        let text = try CLI.run(CrosscheckCommandTests.small + ["--hardware-file", profile, "--no-store"])
        #expect(text.stdout.contains("calibrated err"), "\(text.stdout)")
        #expect(text.stdout.contains("targets (25% per layer, 15% whole forward)"))
        let uncalibrated = try CLI.run(CrosscheckCommandTests.small + ["--hardware", "cpu_reference_default", "--no-store"])
        #expect(uncalibrated.stdout.contains("has no calibration; run `aim-viewer calibrate`"), "\(uncalibrated.stdout)")
    }

    @Test func badCalibrationRequestsAreClearErrors() throws {
        for (arguments, fragment) in [
            (["--from-measurements", Self.measured], "needs the profile whose roofs"),
            (["--hardware", "a100-sxm4-80gb"], "go with --from-measurements"),
            (["--from-measurements", "/nonexistent", "--hardware", "a100-sxm4-80gb"], "not a directory"),
            (["--from-measurements", Self.measured, "--hardware", "a100-sxm4-80g"], "did you mean"),
            (["--from-measurements", Self.measured, "--hardware", "jetson-agx-orin-64gb"], "no fp16 peak"),
            (["--from-measurements", Self.measured, "--hardware", "a100-sxm4-80gb", "--name", "a/b"], "--name must be"),
        ] {
            let result = try CLI.run(["calibrate"] + arguments, environment: ["XDG_CONFIG_HOME": Self.scratchConfig()])
            #expect(result.exitCode != 0, "\(arguments)")
            #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
        }
    }
}

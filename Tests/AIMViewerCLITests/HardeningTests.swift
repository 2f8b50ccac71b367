import Foundation
import Testing

/// Hostile and careless input, as a fuzzing pass found it: every case exits 1 (not a signal, not a
/// usage error where the input was a file), says what was wrong and where, prints nothing on stdout,
/// and never a non-finite number.
struct HardeningTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A bundled file as a JSON object, to derive hostile variants from real ones.
    static func object(_ relativePath: String) throws -> [String: Any] {
        let data = try Data(contentsOf: repository.appendingPathComponent(relativePath))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func file(_ object: [String: Any], name: String) throws -> URL {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return try CLI.temporaryFile(String(decoding: data, as: UTF8.self), name: name)
    }

    /// Fails with exit code 1, each fragment on stderr, nothing on stdout, no crash, no `nan`/`inf`.
    @discardableResult
    func expectRefused(_ arguments: [String], mentions fragments: [String], exitCode: Int32 = 1) throws -> CLIResult {
        let result = try CLI.run(arguments)
        #expect(result.exitCode == exitCode, "\(arguments) exited \(result.exitCode): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(arguments) printed to stdout: \(result.stdout.prefix(300))")
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "\(arguments): stderr lacks '\(fragment)': \(result.stderr)")
        }
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("NSCocoaErrorDomain"),
                "\(arguments): \(result.stderr)")
        return result
    }

    static func expectFinite(_ text: String, _ context: String) {
        for token in ["nan", "NaN", "inf", "Infinity"] {
            let words = text.split { !$0.isLetter }.map(String.init)
            #expect(!words.contains(token) && !words.contains("-" + token), "\(context) printed \(token)")
        }
    }

    // MARK: Configs

    @Test func everyConfigSizeIsBoundedByADocumentedLimit() throws {
        let qwen = try Self.object("Sources/AIMCatalog/ModelPresets/qwen2-7b.json")
        let cases: [(String, Any, String)] = [
            ("num_hidden_layers", 1 << 62, "10000"), ("num_hidden_layers", 1 << 40, "10000"),
            ("num_hidden_layers", 10_000_000, "10000"), ("hidden_size", 1 << 40, "1048576"),
            ("num_attention_heads", 1 << 40, "65536"), ("intermediate_size", 1 << 50, "16777216"),
            ("vocab_size", 1 << 45, "16777216"), ("num_hidden_layers", 1e300, "num_hidden_layers"),
        ]
        for (key, value, limit) in cases {
            var config = qwen
            config[key] = value
            let url = try Self.file(config, name: "config.json")
            let start = Date()
            try expectRefused(["analyze", "--no-store", "--model-config", url.path], mentions: [key, limit, url.path])
            #expect(Date().timeIntervalSince(start) < 10, "\(key) = \(value) took \(Date().timeIntervalSince(start)) s")
        }
        var mixtral = try Self.object("Sources/AIMCatalog/ModelPresets/mixtral-8x7b.json")
        mixtral["num_local_experts"] = 1 << 40
        let url = try Self.file(mixtral, name: "config.json")
        try expectRefused(["analyze", "--no-store", "--model-config", url.path], mentions: ["num_experts", "65536"])
    }

    @Test func configErrorsNameTheFileAndItsOwnNumbers() throws {
        var opt = try Self.object("Sources/AIMCatalog/ModelPresets/opt-6.7b.json")
        opt["max_position_embeddings"] = -10
        let url = try Self.file(opt, name: "config.json")
        try expectRefused(["analyze", "--no-store", "--model-config", url.path],
                          mentions: ["max_position_embeddings", "got -10", url.path])
        var qwen = try Self.object("Sources/AIMCatalog/ModelPresets/qwen2-7b.json")
        qwen["num_attention_heads"] = 27
        let odd = try Self.file(qwen, name: "config.json")
        // Validation errors name the file, not the folder the model is named after.
        try expectRefused(["analyze", "--no-store", "--model-config", odd.path], mentions: [odd.path, "27"])
    }

    @Test func duplicateKeysAndHostileJSONAreRefused() throws {
        let duplicate = try CLI.temporaryFile("""
            {"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32,
             "intermediate_size": 11008, "vocab_size": 32000, "num_hidden_layers": 2}
            """, name: "config.json")
        try expectRefused(["analyze", "--no-store", "--model-config", duplicate.path],
                          mentions: ["duplicate key 'num_hidden_layers'", "line 2", duplicate.path])
        let deep = try CLI.temporaryFile(String(repeating: "[", count: 200_000), name: "config.json")
        try expectRefused(["analyze", "--no-store", "--model-config", deep.path], mentions: ["nested deeper", deep.path])
        let nan = try CLI.temporaryFile(#"{"hidden_size": NaN}"#, name: "config.json")
        try expectRefused(["analyze", "--no-store", "--model-config", nan.path], mentions: ["NaN", "line 1, column 17"])
        let profile = try CLI.temporaryFile(#"{"name": "x", "name": "y", "memoryBandwidthBytesPerSecond": 1e12, "peakOpsPerSecond": {"fp16": 1e14}}"#,
                                            name: "hw.json")
        try expectRefused(["analyze", "--no-store", "--hardware-file", profile.path], mentions: ["duplicate key 'name'"])
    }

    @Test func pathsThatAreNotFiles() throws {
        let directory = try CLI.temporaryFile("", name: "placeholder").deletingLastPathComponent()
        try expectRefused(["analyze", "--no-store", "--model-config", "/dev/null"], mentions: ["/dev/null", "not a regular file"])
        try expectRefused(["analyze", "--no-store", "--model-config", directory.path], mentions: ["directory without a config.json"])
        try expectRefused(["analyze", "--no-store", "--hardware-file", directory.path], mentions: [directory.path, "directory"])
        try expectRefused(["analyze", "--no-store", "--hardware-file", "/dev/zero"], mentions: ["not a regular file"])
        try expectRefused(["analyze", "--no-store", "--schedule-file", directory.path], mentions: ["directory"])
        // A missing schedule file is a runtime error: exit 1, no usage text.
        let missing = try expectRefused(["analyze", "--no-store", "--schedule-file", "/nonexistent/missing.json"],
                                        mentions: ["/nonexistent/missing.json", "no such file"])
        #expect(!missing.stderr.contains("Usage"))
        try expectRefused(["analyze", "--no-store", "--html", directory.path], mentions: ["HTML", "is a directory"])
        try expectRefused(["analyze", "--no-store", "--html", "/nonexistent-dir/r.html"], mentions: ["does not exist"])
        try expectRefused(["calibrate", "--from-measurements", Self.repository.appendingPathComponent("HardwareProfiles/measured/llmcompass-a100").path,
                           "--hardware", "a100-sxm4-80gb", "--output", directory.path],
                          mentions: ["calibrated profile", "is a directory"])
    }

    @Test func scheduleFilesWithAnyLineEnding() throws {
        let crlf = try CLI.temporaryFile("10\r\n20\r\nx\r\n", name: "s.txt")
        let result = try expectRefused(["analyze", "--no-store", "--schedule-file", crlf.path], mentions: ["line 3", "'x'"])
        #expect(!result.stderr.contains("\r"))
        let layers = Array(repeating: "100", count: 28).joined(separator: "\r\n") + "\r\n"
        let good = try CLI.temporaryFile(layers, name: "s.txt")
        let ok = try CLI.run(["analyze", "--no-store", "--schedule-file", good.path])
        #expect(ok.exitCode == 0, "\(ok.stderr)")
    }

    @Test func negativeNumbersAfterAnOptionAreReadAsValues() throws {
        let result = try CLI.run(["analyze", "--no-store", "--tokens", "-1"])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("--tokens must be 0 or more, got -1"), "\(result.stderr)")
        #expect(!result.stderr.contains("Missing value"))
    }

    @Test func countsNearIntMaxAreRefusedNotOverflowed() throws {
        let huge = String(Int.max)
        for option in ["--text-tokens", "--frames", "--tokens-per-frame"] {
            for schedule in ["aim", "prumerge"] {
                let result = try CLI.run(["analyze", "--no-store", "--schedule", schedule, option, huge])
                #expect(result.exitCode == 1 || result.exitCode == 64, "\(schedule) \(option) \(huge): exit \(result.exitCode) \(result.stderr)")
                #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("runtime failure"), "\(result.stderr)")
            }
        }
        // A per-frame budget above the frame keeps the whole frame: a valid request, priced as the baseline.
        let whole = try CLI.run(["analyze", "--no-store", "--schedule", "prumerge", "--fixed-tokens-per-frame", huge, "--format", "json"])
        #expect(whole.exitCode == 0, "\(whole.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(whole.stdout.utf8)) as? [String: Any])
        let method = try #require((document["method"] as? [String: Any])?["tokensPerLayer"] as? [Int])
        let baseline = try #require((document["baseline"] as? [String: Any])?["tokensPerLayer"] as? [Int])
        #expect(method == baseline && !method.isEmpty)
        for option in ["--system-tokens", "--question-tokens", "--frames", "--tokens-per-frame"] {
            try expectRefused(["crosscheck", "--no-store", option, huge], mentions: ["at most"])
        }
    }

    @Test func visionFramesAreBlamedNotTheBatch() throws {
        try expectRefused(["analyze", "--no-store", "--vision", "siglip-so400m", "--frames", "2000000"],
                          mentions: ["--frames 2000000", "fewer frames"])
    }

    // MARK: Profiles

    @Test func profileFiguresOutsidePhysicalRangesAreRefused() throws {
        let base = try Self.object("HardwareProfiles/a100-sxm4-80gb-calibrated.json")
        func variant(_ edit: (inout [String: Any]) -> Void) throws -> URL {
            var profile = base
            edit(&profile)
            return try Self.file(profile, name: "hw.json")
        }
        func matmulVariant(_ key: String, _ value: Double) throws -> URL {
            try variant {
                var calibration = $0["calibration"] as! [String: Any]
                var matmul = calibration["matmul"] as! [String: Any]
                matmul[key] = value
                calibration["matmul"] = matmul
                $0["calibration"] = calibration
            }
        }
        let cases: [(String, URL)] = [
            ("memoryBandwidthBytesPerSecond", try variant { $0["memoryBandwidthBytesPerSecond"] = 1e-300 }),
            ("memoryBandwidthBytesPerSecond", try variant { $0["memoryBandwidthBytesPerSecond"] = 5e-324 }),
            ("interconnectBandwidthBytesPerSecond", try variant { $0["interconnectBandwidthBytesPerSecond"] = 1e-300 }),
            ("peakOpsPerSecond.fp16", try variant { $0["peakOpsPerSecond"] = ["fp16": 1e-300] }),
            ("memoryCapacityBytes", try variant { $0["memoryCapacityBytes"] = 1e300 }),
            ("matmul.bandwidthFraction", try matmulVariant("bandwidthFraction", 1e-310)),
            ("matmul.overheadSeconds", try matmulVariant("overheadSeconds", 1e308)),
            ("matmul.peakFraction", try matmulVariant("peakFraction", 1.5)),
        ]
        for (field, url) in cases {
            for command in [["analyze", "--no-store"], ["analyze", "--no-store", "--format", "json"],
                            ["compare", "--no-store", "--hardware", "a100-sxm4-40gb"]] {
                let result = try expectRefused(command + ["--hardware-file", url.path], mentions: [field, "outside the range"])
                Self.expectFinite(result.stderr, "\(command) \(field)")
            }
        }
    }

    // MARK: Undefined numbers

    @Test func undefinedRatiosSaySoInsteadOfPrintingNaN() throws {
        let calibrated = try CLI.run(["analyze", "--no-store", "--tokens", "0", "--hardware", "a100-sxm4-80gb-calibrated"])
        #expect(calibrated.exitCode == 0, "\(calibrated.stderr)")
        #expect(calibrated.stdout.contains("calibrated / roofline"))
        Self.expectFinite(calibrated.stdout, "analyze --tokens 0 calibrated")
        for format in ["table", "json", "csv", "markdown"] {
            let free = try CLI.run(["analyze", "--no-store", "--schedule", "fastv", "--fastv-k", "0", "--fastv-ratio", "1",
                                    "--text-tokens", "0", "--format", format])
            #expect(free.exitCode == 0, "\(free.stderr)")
            Self.expectFinite(free.stdout, "fastv costing 0 as \(format)")
            #expect(!free.stdout.contains("0.00x"), "a method costing 0 printed a reduction of 0.00x")
            if format == "table" { #expect(free.stdout.contains("unbounded (method costs 0)")) }
        }
    }

    @Test func crosscheckWithoutTextTokens() throws {
        let result = try CLI.run(["crosscheck", "--no-store", "--system-tokens", "0", "--question-tokens", "0"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("DIFFER"))
        Self.expectFinite(result.stdout, "crosscheck without text")
    }

    @Test func crosscheckRefusesWhatWouldNotFitInMemory() throws {
        let start = Date()
        try expectRefused(["crosscheck", "--no-store", "--layers", "1", "--merge-iterations", "0", "--frames", "334"],
                          mentions: ["GB of memory", "fewer frames"])
        #expect(Date().timeIntervalSince(start) < 10)
    }

    // MARK: Measurements

    @Test func measurementRowsOutOfRangeNameFileLineAndColumn() throws {
        let directory = try CLI.temporaryFile("64, 1e300, 4096, 0.19ms, 100Tflops\n", name: "matmul.csv").deletingLastPathComponent()
        try expectRefused(["calibrate", "--from-measurements", directory.path, "--hardware", "a100-sxm4-80gb"],
                          mentions: ["matmul.csv:1", "column 2", "1e300"])
        let fractional = try CLI.temporaryFile("64.5, 4096, 4096, 0.19ms, 100Tflops\n", name: "matmul.csv").deletingLastPathComponent()
        try expectRefused(["calibrate", "--from-measurements", fractional.path, "--hardware", "a100-sxm4-80gb"],
                          mentions: ["column 1", "whole number"])
        let slow = try CLI.temporaryFile("64, 4096, 4096, 1e300ms, 100Tflops\n", name: "matmul.csv").deletingLastPathComponent()
        try expectRefused(["calibrate", "--from-measurements", slow.path, "--hardware", "a100-sxm4-80gb"],
                          mentions: ["column 4", "latency"])
    }

    @Test func missingPeakAdviceNamesOnlyTheCommandsOwnOptions() throws {
        let directory = Self.repository.appendingPathComponent("HardwareProfiles/measured/llmcompass-a100").path
        let calibrate = try expectRefused(["calibrate", "--from-measurements", directory, "--hardware", "jetson-agx-orin-64gb"],
                                          mentions: ["fp16", "--precision"])
        #expect(!calibrate.stderr.contains("--w-bit"))
        let analyze = try expectRefused(["analyze", "--no-store", "--hardware", "jetson-agx-orin-64gb"], mentions: ["fp16", "--w-bit"])
        #expect(!analyze.stderr.contains("--precision"))
    }
}

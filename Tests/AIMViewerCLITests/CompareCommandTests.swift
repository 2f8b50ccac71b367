import Foundation
import Testing

/// `aim-viewer compare` as a user runs it.
struct CompareCommandTests {
    /// What no device can change is the request's error, once, exit 1 (it printed "cannot be
    /// priced" on every row and exited 0); so is a request every device refuses, with each reason.
    @Test func requestErrorsAreNotPerDeviceRows() throws {
        for (arguments, message) in [(["--tp", "0"], "--tp must be at least 1, got 0"),
                                     (["--tp", "3"], "--tp 3 does not divide hidden_size 3584"),
                                     (["--batch", "0", "--engine", "tensorrt-llm"], "--batch must be at least 1")] {
            let result = try CLI.run(["compare", "--no-store"] + arguments)
            #expect(result.exitCode == 1 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!result.stdout.contains("cannot be priced"), "\(arguments)")
        }
        let none = try CLI.run(["compare", "--no-store", "--hardware", "rtx-4090", "--tp", "2"])
        #expect(none.exitCode == 1 && none.stderr.contains("no target could be priced: rtx-4090:"), "\(none.stderr)")
    }

    @Test func defaultTargetsSortedWithinOneHundredColumns() throws {
        let result = try CLI.run(["compare", "--hardware", "a100-sxm4-40gb,h100-sxm5-80gb,mi300x,rtx-4090", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 100 }, "a line is wider than 100 columns")
        #expect(!result.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
        // Sorted by AIM prefill time: MI300X, H100, A100, RTX 4090.
        let order = ["mi300x", "h100-sxm5-80gb", "a100-sxm4-40gb", "rtx-4090"].map { name in
            lines.firstIndex { $0.hasPrefix(name) } ?? -1
        }
        #expect(order == order.sorted() && !order.contains(-1), "\(order)")
        #expect(result.stdout.contains("speedup against a100-sxm4-40gb"))
        #expect(result.stdout.contains("1.00x"))
        #expect(result.stdout.contains(" ms") && result.stdout.contains("GB") && result.stdout.contains(" J"))
    }

    @Test func jsonRowsCarryEveryQuantity() throws {
        let result = try CLI.run(["compare", "--hardware", "h100-sxm5-80gb,a100-sxm4-40gb", "--format", "json", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let comparison = json["comparison"] as! [String: Any]
        let targets = comparison["targets"] as! [[String: Any]]
        #expect(targets.map { $0["hardware"] as! String } == ["h100-sxm5-80gb", "a100-sxm4-40gb"])
        let h100 = targets[0], a100 = targets[1]
        #expect(h100["speedupVersusReference"] as? Double == 1)
        let schedules = a100["schedules"] as! [[String: Any]]
        #expect(schedules.map { $0["label"] as! String } == ["baseline", "AIM"])
        let aim = schedules[1]
        for key in ["prefillSeconds", "decodeSecondsPerToken", "decodeTokensPerSecond", "prefillComputeBoundShare",
                    "peakFootprintBytes", "energyJoulesUpperBound", "requestSeconds"] {
            #expect((aim[key] as? Double ?? -1) > 0, "\(key)")
        }
        // Energy is request time x TDP (400 W for the A100 SXM4).
        #expect(abs((aim["energyJoulesUpperBound"] as! Double) / (aim["requestSeconds"] as! Double) - 400) < 1e-9)
        #expect((a100["speedupVersusReference"] as! Double) < 1)
        #expect(a100["fits"] as? Bool == true)
    }

    @Test func aModelTooLargeSaysItDoesNotFitAndTheSmallestTP() throws {
        let result = try CLI.run(["compare", "--hardware", "a100-sxm4-40gb,h200-sxm", "--model", "qwen2-72b", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let text = result.stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("DOES NOT FIT"))
        #expect(text.contains("a100-sxm4-40gb: fits with --tp 4"), "\(text)")
        #expect(text.contains("h200-sxm: fits with --tp 2"))
        let csv = try CLI.run(["compare", "--hardware", "a100-sxm4-40gb", "--model", "qwen2-72b", "--format", "csv", "--no-store"])
        let rows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = rows[0].map(String.init)
        let fits = header.firstIndex(of: "fits")!, tp = header.firstIndex(of: "smallest_fitting_tp")!
        #expect(rows.count == 3 && rows[1][fits] == "false" && rows[1][tp] == "4")
    }

    @Test func selectionByVendorTagAndFileAndUnpriceableTargets() throws {
        let amd = try CLI.run(["compare", "--hardware", "amd", "--format", "csv", "--no-store", "--schedule", "baseline"])
        #expect(amd.exitCode == 0, "\(amd.stderr)")
        let names = Set(amd.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) })
        #expect(names == ["mi100", "mi210", "mi250", "mi250x", "mi300x", "mi325x", "mi355x"])
        let profile = try CLI.temporaryFile(
            #"{"name": "my-gpu", "memoryBandwidthBytesPerSecond": 1e12, "peakOpsPerSecond": {"fp16": 1e14}, "sources": ["mine"]}"#,
            name: "my-gpu.json")
        let mixed = try CLI.run(["compare", "--hardware", "tag:edge,t4", "--hardware-file", profile.path, "--no-store"])
        #expect(mixed.exitCode == 0, "\(mixed.stderr)")
        #expect(mixed.stdout.contains("my-gpu") && mixed.stdout.contains("t4"))
        #expect(mixed.stdout.contains("jetson-agx-orin-64gb cannot be priced"), "a target without the precision's peak is explained, not fatal")
    }

    @Test func storedAsARun() throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("compare-\(UUID().uuidString).sqlite").path
        let result = try CLI.run(["compare", "--hardware", "h100-sxm5-80gb,a100-sxm4-40gb", "--label", "cmp"],
                                 environment: ["AIM_VIEWER_DB": database])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("stored run"))
        let list = try CLI.run(["runs", "list", "--format", "json"], environment: ["AIM_VIEWER_DB": database])
        #expect(list.stdout.contains("\"command\" : \"compare\"") || list.stdout.contains("\"command\":\"compare\""), "\(list.stdout)")
    }

    @Test func badInput() throws {
        let misspelt = try CLI.run(["compare", "--hardware", "h100-sxm5-80gb,a100_40gb", "--no-store"])
        #expect(misspelt.exitCode != 0 && misspelt.stdout.isEmpty)
        #expect(misspelt.stderr.contains("unknown hardware 'a100_40gb'") && misspelt.stderr.contains("did you mean a100-sxm4-40gb"),
                "\(misspelt.stderr)")
        let tag = try CLI.run(["compare", "--hardware", "tag:datacentre", "--no-store"])
        #expect(tag.exitCode != 0 && tag.stderr.contains("did you mean datacenter"), "\(tag.stderr)")
        let both = try CLI.run(["compare", "--convention", "both", "--no-store"])
        #expect(both.exitCode != 0 && both.stderr.contains("one convention"))
        let missing = try CLI.temporaryFile(#"{"name": "x", "peakOpsPerSecond": {"fp16": 1e12}}"#, name: "x.json")
        let field = try CLI.run(["compare", "--hardware-file", missing.path, "--no-store"])
        #expect(field.exitCode != 0 && field.stderr.contains("memoryBandwidthBytesPerSecond"), "\(field.stderr)")
    }
}

import Foundation
import Testing

struct ExploreCommandTests {
    /// The AIM paper's headline: under the 32-frame baseline's 99.63 TFLOPs, AIM fits 192 frames.
    @Test func theAIMPapersOneHundredNinetyTwoFrames() throws {
        let result = try CLI.run(["explore", "--budget-tflops", "99.63", "--maximize", "frames", "--label", "paper-192"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        let most = try #require(lines.firstIndex { $0.hasPrefix("Most frames") })
        #expect(lines[most + 3].contains(" 192 "), "\(lines[most + 3])")
        #expect(result.stderr.contains("stored run"))
        let viewer = try CLI.run(["explore", "--budget-tflops", "99.63", "--maximize", "frames", "--convention", "llm-viewer",
                                  "--format", "json", "--no-store"])
        let object = try JSONSerialization.jsonObject(with: Data(viewer.stdout.utf8)) as? [String: Any]
        let aim = try #require((object?["mostFramesPerMethod"] as? [[String: Any]])?.first)
        #expect(aim["frames"] as? Int == 192)
        #expect(((aim["ops"] as? Double ?? 0) / 1e10).rounded() / 100 == 99.27)
        let listed = try CLI.run(["runs", "list", "--label", "paper-192"])
        #expect(listed.stdout.contains("explore"))
    }

    @Test func methodsAtEqualCostAndTheFrontierAsCSV() throws {
        let table = try CLI.run(["explore", "--methods", "all", "--frames", "8...64:8", "--budget-tflops", "15", "--no-store"])
        #expect(table.exitCode == 0, "\(table.stderr)")
        for method in ["aim", "fastv", "pdrop", "vtw", "fixed", "uniform-keep"] {
            #expect(table.stdout.contains("\n\(method) "), "missing \(method)")
        }
        #expect(table.stdout.contains("Methods at equal cost"))
        let csv = try CLI.run(["explore", "--frames", "1...40", "--prune-step", "0.1,0.125", "--format", "csv", "--no-store"])
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first == "hardware,method,parameters,frames,prefill_ops,prefill_seconds,visual_token_layers",
                "the footprint column is there only under a memory budget")
        let memory = try CLI.run(["explore", "--frames", "8,16", "--budget-memory-gb", "30", "--format", "csv", "--no-store"])
        let memoryRows = memory.stdout.split(separator: "\n")
        #expect(memoryRows.first?.hasSuffix(",visual_token_layers,prefill_memory_bytes") == true)
        #expect(memoryRows.dropFirst().allSatisfy { !$0.hasSuffix(",") }, "the footprint is filled on every row")
        #expect(rows.count > 10)
    }

    @Test func budgetsNothingMeetsAndBadRanges() throws {
        let none = try CLI.run(["explore", "--budget-ms", "0.001", "--no-store"])
        #expect(none.exitCode == 0)
        #expect(none.stdout.contains("Nothing fits the budget. The cheapest schedule swept:"))
        for (arguments, fragment) in [
            (["--frames", "256...8"], "inverted"),
            (["--frames", ""], "empty"),
            (["--methods", "fastvv"], "unknown method 'fastvv'"),
            (["--methods", "fastv", "--fastv-ratio", "2"], "--fastv-ratio must be in [0, 1]"),
            (["--budget-tflops=-3"], "budgets must be positive"),
            (["--merge-keep", "0.3"], "not reachable"),
            (["--convention", "both"], "one convention"),
        ] {
            let result = try CLI.run(["explore", "--no-store"] + arguments)
            #expect(result.exitCode != 0, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
        }
    }

    /// Ctrl-C stops the sweep, prints and stores what was found, exits 130; the progress bar is for a
    /// terminal only, so the piped stderr holds only the messages.
    @Test func interruptPrintsAndStoresTheFrontierSoFar() throws {
        let running = try CLI.start(["explore", "--frames", "1...2000", "--merge-keep", "1,0.5,0.25,0.125",
                                     "--prune-start", "0...27", "--prune-step", "0.01...0.5", "--budget-tflops", "50",
                                     "--label", "interrupted"])
        Thread.sleep(forTimeInterval: 2.5)
        running.process.interrupt()
        let result = running.finish()
        #expect(result.exitCode == 130, "\(result.stderr)")
        #expect(result.stdout.contains("INTERRUPTED, results so far"), "\(result.stdout.prefix(400))")
        #expect(result.stdout.contains("Pareto frontier"))
        #expect(!result.stderr.contains("explore ["), "a stderr that is not a terminal gets no progress bar: \(result.stderr)")
        #expect(result.stderr.contains("stored run"))
    }

    /// An error, not a trap: exit 1, nothing on stdout, a message on stderr that names the option.
    func expectCleanError(_ arguments: [String], mentions fragments: [String], command: String = "explore") throws {
        let result = try CLI.run([command, "--no-store"] + arguments)
        #expect(result.exitCode == 1, "\(arguments): exit \(result.exitCode), \(result.stderr.suffix(300))")
        #expect(result.stdout.isEmpty, "\(arguments)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Backtrace"), "\(arguments)")
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
        }
    }

    /// The cases, which trapped ("Double value cannot be converted to Int") or named the wrong rule.
    @Test func unrepresentableRangesAreErrorsNotTraps() throws {
        for (option, value, fragment) in [
            ("--frames", "1...1e300", "must be in 1...1000000000000"),
            ("--frames", "1...1e18:1e-10", "must be in 1...1000000000000"),
            ("--prune-step", "0...1:1e-320", "too small to represent"),
            ("--prune-step", "0.00000000000000000001...1", "below the resolution"),
            ("--prune-start", "1000000000000000", "--prune-start must be in 0...1000000000 (whole numbers), got 1000000000000000"),
            ("--frames", "1...1e12", "has 1000000000000 values; at most 10000000"),
        ] {
            try expectCleanError([option, value], mentions: [option, fragment])
        }
    }

    /// Each option that takes a range, with a bad value of each kind (huge, tiny, negative, nan, inf,
    /// hex, malformed, a step that makes no progress), and analyze's single-value --pdrop-layers.
    @Test func everyRangeOptionRejectsBadValuesCleanly() throws {
        let options: [(option: String, method: String)] = [
            ("--frames", "aim"), ("--merge-keep", "aim"), ("--merge-iterations", "aim"), ("--prune-start", "aim"),
            ("--prune-step", "aim"), ("--fastv-k", "fastv"), ("--fastv-ratio", "fastv"), ("--pdrop-layers", "pdrop"),
            ("--pdrop-lambda", "pdrop"), ("--vtw-layer", "vtw"), ("--fixed-tokens-per-frame", "fixed"), ("--keep-ratio", "uniform-keep"),
        ]
        let bad = ["1e300", "1e-400", "-7", "nan", "inf", "0x10", "1..2", "0...1:1e-17", "0...1e30"]
        for (n, entry) in options.enumerated() {
            // Two kinds per option, rotating, so every kind meets several options.
            for value in [bad[n % bad.count], bad[(n + 4) % bad.count]] {
                try expectCleanError(["--methods", entry.method, "\(entry.option)=\(value)"], mentions: [entry.option])
            }
        }
        for value in ["1e300", "nan", "0x10", "-1", "1...1e12", "8,,16"] {
            try expectCleanError(["--schedule", "pdrop", "--pdrop-layers=\(value)"], mentions: ["--pdrop-layers"], command: "analyze")
        }
    }

    /// A sweep over 10^11 schedules is refused before any work, with its count and an estimated time.
    @Test func oversizedSweepsAreRefusedAtOnce() throws {
        let start = Date()
        try expectCleanError(["--prune-start", "0...9999999", "--prune-step", "0...0.999999"],
                             mentions: ["10000000000000 schedules", "more than the limit of 10^11", "estimated", "days"])
        try expectCleanError(["--hardware", "nvidia_A100,nvidia_H100", "--frames", "1...1000000", "--prune-start", "0...999999"],
                             mentions: ["2000000000000 schedules (2 hardware targets x 1000000 method configurations x 1000000 frame counts)"])
        try expectCleanError(["--methods", "all", "--fastv-k", "0...9999999", "--fastv-ratio", "0...1:0.000001",
                              "--merge-iterations", "0...62", "--prune-start", "0...9999999", "--prune-step", "0...1:0.0000002"],
                             mentions: ["schedules", "years"])
        // Three runs of the debug binary: well under a second each on an idle machine, 8 s in all was
        // seen under a load of 20; any of these sweeps, begun, would take days, so 30 s still proves
        // the refusal came before the work.
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func analyzePricesTheCompetingMethods() throws {
        let fastv = try CLI.run(["analyze", "--schedule", "fastv", "--fastv-k", "3", "--no-store"])
        #expect(fastv.exitCode == 0)
        #expect(fastv.stdout.contains("fastv: fastv-k 3, fastv-ratio 0.5"))
        let pdrop = try CLI.run(["analyze", "--schedule", "pdrop", "--format", "json", "--no-store"])
        #expect(pdrop.stdout.contains("pdrop-layers 7,14,21"))
        let bad = try CLI.run(["analyze", "--schedule", "vtw", "--vtw-layer=-2", "--no-store"])
        #expect(bad.exitCode != 0 && bad.stderr.contains("--vtw-layer must be 0 or more"))
    }
}

/// `explore` serving sweeps from the command line (issue 22).
struct ServingSweepCommandTests {
    @Test func batchAndGenerationCurvesWithTheLargestBatchThatFits() throws {
        let result = try CLI.run(["explore", "--batch", "1,4,16,32", "--gen-len", "64,512", "--hardware",
                                  "h100-sxm5-80gb,a100-sxm4-40gb", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        for fragment in ["Explore (serving): qwen2-7b on h100-sxm5-80gb, a100-sxm4-40gb", "16 of 16 configurations",
                         "Largest swept batch that fits in device memory", "Latency-throughput frontier", " NO\n"] {
            #expect(result.stdout.contains(fragment), "missing \(fragment)")
        }
        let json = try CLI.run(["explore", "--batch", "1,4,16,32", "--gen-len", "64", "--hardware", "a100-sxm4-40gb",
                                "--format", "json", "--no-store"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let largest = try #require(document["largestFittingBatches"] as? [[String: Any]])
        #expect(largest.count == 1 && largest[0]["batchSize"] as? Int == 4)
        #expect((document["points"] as? [[String: Any]])?.count == 4)
    }

    @Test func servingSweepsAreStoredAndRefuseTheScheduleSweepsOptions() throws {
        let stored = try CLI.run(["explore", "--tokens", "2048", "--tp", "1,2", "--hardware", "h100-sxm5-80gb", "--label", "serving"])
        #expect(stored.exitCode == 0, "\(stored.stderr)")
        #expect(stored.stderr.contains("stored run"))
        let budget = try CLI.run(["explore", "--batch", "1,2", "--budget-tflops", "30", "--no-store"])
        #expect(budget.exitCode != 0 && budget.stderr.contains("--budget-tflops belongs to the schedule sweep"), "\(budget.stderr)")
        let mixed = try CLI.run(["explore", "--tokens", "1024", "--methods", "fastv", "--no-store"])
        #expect(mixed.exitCode != 0 && mixed.stderr.contains("--tokens prices the same count at every layer"), "\(mixed.stderr)")
        let bad = try CLI.run(["explore", "--batch", "0,2", "--no-store"])
        #expect(bad.exitCode != 0 && bad.stderr.contains("--batch"), "\(bad.stderr)")
        // One --batch value keeps the schedule sweep, priced at that batch.
        let single = try CLI.run(["explore", "--batch", "2", "--budget-tflops", "30", "--no-store"])
        #expect(single.exitCode == 0 && single.stdout.contains("Methods at equal cost"), "\(single.stderr)")
    }
}

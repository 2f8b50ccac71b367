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
        #expect(rows.first == "hardware,method,parameters,frames,ops,prefill_seconds,visual_token_layers,memory_bytes")
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

    /// Ctrl-C stops the sweep, prints and stores what was found, exits 130.
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
        #expect(result.stderr.contains("explore ["), "no progress bar: \(result.stderr)")
        #expect(result.stderr.contains("stored run"))
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

import Foundation
import Testing

struct RunsCommandTests {
    static func database() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("aim-runs-\(UUID().uuidString)/nested/runs.sqlite").path
    }

    static func storedID(_ result: CLIResult) -> String {
        String(result.stderr.split(separator: " ")[2])
    }

    @Test func analyzeStoresAndShowPrintsTheSameBytes() throws {
        let db = Self.database()
        let analyzed = try CLI.run(["analyze", "--db", db, "--label", "first", "--tag", "a", "--tag", "b", "--gen-len", "8"])
        #expect(analyzed.exitCode == 0)
        let id = Self.storedID(analyzed)
        let shown = try CLI.run(["runs", "show", id, "--db", db])
        #expect(shown.stdout == analyzed.stdout)
        // Re-rendered from the stored numbers, the table is the same too.
        #expect(try CLI.run(["runs", "show", id, "--db", db, "--format", "table"]).stdout == analyzed.stdout)
        let list = try CLI.run(["runs", "list", "--db", db, "--tag", "b", "--format", "json"])
        let runs = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(runs.count == 1 && runs[0]["id"] as? String == id && runs[0]["label"] as? String == "first")
        let rerun = try CLI.run(["runs", "rerun", id, "--db", db])
        #expect(rerun.stdout.contains("reproduces every stored total"))
    }

    @Test func noStoreAndEnvironmentDatabase() throws {
        let db = Self.database()
        let result = try CLI.run(["analyze", "--no-store"], environment: ["AIM_VIEWER_DB": db])
        #expect(result.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: db))
        let stored = try CLI.run(["analyze", "--tokens", "10"], environment: ["AIM_VIEWER_DB": db])
        #expect(stored.stderr.contains(db))
    }

    @Test func diffExportAndDelete() throws {
        let db = Self.database()
        let a = Self.storedID(try CLI.run(["analyze", "--db", db, "--convention", "llm-viewer"]))
        let b = Self.storedID(try CLI.run(["analyze", "--db", db, "--convention", "llm-viewer", "--frames", "64"]))
        let diff = try CLI.run(["runs", "diff", a, b, "--db", db])
        #expect(diff.exitCode == 0)
        #expect(diff.stdout.contains("prefill TFLOPs") && diff.stdout.contains("B / A"))
        let json = try CLI.run(["runs", "diff", a, b, "--db", db, "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(((document["ratios"] as? [String: Double])?["prefill TFLOPs"] ?? 0) > 1)

        let csv = try CLI.run(["runs", "export", a, b, "--db", db, "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines[0].hasPrefix("run_id,convention,schedule,stage,scope,layer,operator"))
        // Per run: 2 schedules x 2 stages x (28 x 14 + 1) rows.
        #expect(lines.count == 1 + 2 * 2 * 2 * (28 * 14 + 1))
        let exported = try CLI.run(["runs", "export", a, "--db", db, "--format", "json"])
        let runs = try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as! [[String: Any]]
        #expect(runs.count == 1 && runs[0]["id"] as? String == a)

        let delete = try CLI.run(["runs", "delete", a, "--db", db])
        #expect(delete.exitCode == 0)
        let gone = try CLI.run(["runs", "show", a, "--db", db])
        #expect(gone.exitCode != 0 && gone.stderr.contains("no run \(a)"))
    }

    @Test func badDatabasesAreClearErrorsAndStayUntouched() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aim-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let notes = directory.appendingPathComponent("notes.txt")
        let original = Data("not a database\n".utf8)
        try original.write(to: notes)
        let result = try CLI.run(["analyze", "--db", notes.path])
        #expect(result.exitCode != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(notes.path) && result.stderr.contains("not an aim-viewer runs database"))
        #expect(try Data(contentsOf: notes) == original)
        let list = try CLI.run(["runs", "list", "--db", notes.path])
        #expect(list.exitCode != 0)
        let underFile = try CLI.run(["analyze", "--db", notes.path + "/runs.sqlite"])
        #expect(underFile.exitCode != 0 && underFile.stderr.contains("--no-store"))
    }

    @Test func eightProcessesWriteAtOnce() throws {
        let db = Self.database()
        let processes = try (0..<8).map { index in
            try CLI.start(["analyze", "--db", db, "--label", "p\(index)", "--tokens-per-layer",
                           (0..<28).map { _ in String(500 + index) }.joined(separator: ","), "--per-op"])
        }
        let results = processes.map { $0.finish() }
        for result in results {
            #expect(result.exitCode == 0, "\(result.stderr)")
            #expect(!result.stderr.lowercased().contains("locked"))
        }
        let list = try CLI.run(["runs", "list", "--db", db, "--limit", "100", "--format", "json"])
        let runs = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(Set(runs.compactMap { $0["label"] as? String }) == Set((0..<8).map { "p\($0)" }))
    }

    @Test func killedWhileWritingLeavesEverythingElseIntact() throws {
        let db = Self.database()
        let earlier = try (0..<3).map { _ in Self.storedID(try CLI.run(["analyze", "--db", db])) }
        let writer = try CLI.start(["analyze", "--db", db, "--model", "qwen2-72b", "--label", "killed"],
                                   environment: ["AIM_VIEWER_STORE_PAUSE_FOR_TESTS": "30"])
        // Wait until the run's rows are written inside the open transaction, then kill the process.
        let deadline = Date().addingTimeInterval(60)
        var seen = Data()
        while Date() < deadline {
            seen.append(writer.err.fileHandleForReading.availableData)
            if String(decoding: seen, as: UTF8.self).contains("storing run") { break }
        }
        Thread.sleep(forTimeInterval: 0.5)
        kill(writer.process.processIdentifier, SIGKILL)
        writer.process.waitUntilExit()
        #expect(writer.process.terminationReason == .uncaughtSignal)

        let check = try CLI.run(["runs", "check", "--db", db])
        #expect(check.exitCode == 0 && check.stdout.contains(": ok, 3 runs"), "\(check.stdout)\(check.stderr)")
        let list = try CLI.run(["runs", "list", "--db", db, "--format", "json"])
        let runs = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(Set(runs.compactMap { $0["id"] as? String }) == Set(earlier))
        for id in earlier { #expect(try CLI.run(["runs", "show", id, "--db", db]).exitCode == 0) }
    }
}

import Foundation
import Testing

/// Runs are read without being created or changed; only the explicit save writes.
@Suite struct RunRoutesTests {
    @Test func saveThenListShowAndDiff() async throws {
        let server = TestServer()
        let path = server.configuration.databasePath
        try await server.test { client in
            // Reading and pricing write nothing.
            let reply1 = try await client.get("/api/runs")
            #expect(reply1.status == 404)
            let reply2 = try await client.post("/api/analyze", "{}")
            #expect(reply2.status == 200)
            let reply3 = try await client.post("/api/explore", "{}")
            #expect(reply3.status == 200)
            #expect(!FileManager.default.fileExists(atPath: path))

            let first = try await client.post("/api/runs", #"{"label": "default", "tag": ["a100", "paper"]}"#)
            #expect(first.status == 201, "\(first.text)")
            let a = try #require((first.json as? [String: Any])?["id"] as? String)
            let second = try await client.post("/api/runs", #"{"prune-step": 0.1, "tag": "tuned"}"#)
            let b = try #require((second.json as? [String: Any])?["id"] as? String)
            #expect(FileManager.default.fileExists(atPath: path))

            let list = try await client.get("/api/runs")
            let listed = try #require(list.json as? [[String: Any]])
            #expect(listed.map { $0["id"] as? String } == [b, a])
            let labelledList = try await client.get("/api/runs?label=default")
            let labelled = try #require(labelledList.json as? [[String: Any]])
            #expect(labelled.count == 1)
            let reply4 = try await client.get("/api/runs?colour=red")
            #expect(reply4.status == 400)
            let reply5 = try await client.get("/api/runs?limit=0")
            #expect(reply5.status == 400)
            let reply6 = try await client.get("/api/runs?since=yesterday")
            #expect(reply6.errorMessage == "--since 'yesterday' is not a date; use YYYY-MM-DD or 2026-11-24T18:00:00Z")

            // The command line reads the same database and prints the same documents.
            let shown = try await client.get("/api/runs/\(a)")
            #expect(shown.status == 200)
            let cliShow = try Binaries.aimViewer(["runs", "show", a, "--format", "json", "--db", path])
            #expect(shown.text == cliShow.stdout)
            let diff = try await client.get("/api/runs/\(a)/diff/\(b)")
            #expect(diff.status == 200)
            let cliDiff = try Binaries.aimViewer(["runs", "diff", a, b, "--format", "json", "--db", path])
            #expect(diff.text == cliDiff.stdout)
            let cliList = try Binaries.aimViewer(["runs", "list", "--format", "json", "--db", path])
            let reply7 = try await client.get("/api/runs")
            #expect(reply7.text == cliList.stdout)

            let reply8 = try await client.get("/api/runs/\(a)/diff/zzzz9999")
            #expect(reply8.status == 404)
            let reply9 = try await client.get("/api/runs/ab")
            #expect(reply9.status == 400)  // a prefix too short
            let reply10 = try await client.post("/api/runs", #"{"tp": 3}"#)
            #expect(reply10.status == 422)
            let after = try await client.get("/api/runs")
            #expect((after.json as? [[String: Any]])?.count == 2)  // the refused save stored nothing
        }
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The server binary as a user starts it: on loopback, answering within 2 s, stopping on Ctrl-C.
@Suite(.serialized) struct ServerProcessTests {
    final class Launched {
        let process = Process()
        let out = Pipe(), err = Pipe()
        var port = 0

        init(_ executable: URL, _ arguments: [String]) throws {
            process.executableURL = executable
            process.arguments = arguments
            process.standardOutput = out
            process.standardError = err
            try process.run()
        }

        /// Waits for the "listening on http://HOST:PORT/" line; `nil` after `timeout`.
        func waitForListening(timeout: TimeInterval) -> String? {
            let deadline = Date().addingTimeInterval(timeout)
            var text = ""
            let handle = out.fileHandleForReading
            while Date() < deadline {
                let chunk = handle.availableData
                if chunk.isEmpty { Thread.sleep(forTimeInterval: 0.01); continue }
                text += String(decoding: chunk, as: UTF8.self)
                if let range = text.range(of: #"http://[^ ]+:(\d+)/"#, options: .regularExpression) {
                    port = Int(text[range].split(separator: ":").last!.dropLast()) ?? 0
                    return text
                }
            }
            return nil
        }

        func stop() -> (status: Int32, stderr: String) {
            if process.isRunning { process.interrupt() }
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
    }

    static func get(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Launch to first answer. The suite shares the machine with every other test, so a slow
    /// attempt (the cores busy elsewhere) is retried after a pause; one of five must answer within 2 s.
    @Test func startsWithinTwoSecondsAnswersAndStopsOnControlC() async throws {
        var attempts: [Double] = []
        for attempt in 0..<5 {
            if attempt > 0 { try await Task.sleep(for: .seconds(3)) }
            let database = FileManager.default.temporaryDirectory.appendingPathComponent("aim-viewer-serve-\(UUID().uuidString).sqlite").path
            let started = Date()
            let server = try Launched(Binaries.server, ["--port", "0", "--db", database])
            let line = try #require(server.waitForListening(timeout: 30), "the server printed no listening line")
            #expect(line.contains("http://127.0.0.1:"))
            let (status, body) = try await Self.get("http://127.0.0.1:\(server.port)/api/hardware/nvidia_A100")
            attempts.append(Date().timeIntervalSince(started))
            #expect(status == 200)
            #expect(body.contains("\"nvidia_A100\""))
            let stopped = server.stop()
            #expect(stopped.status == 0, "exit \(stopped.status): \(stopped.stderr)")
            #expect(!FileManager.default.fileExists(atPath: database))  // nothing was saved, so nothing was written
            if attempts.last! < 2 { break }
        }
        print("aim-viewer-server: launch to first answer in \(attempts.map { String(format: "%.2f s", $0) }.joined(separator: ", "))")
        #expect(attempts.min()! < 2, "launch to first answer: \(attempts) s")
    }

    /// A client that goes away mid-sweep stops the sweep (the server says so in its log).
    @Test func anExploreStopsWhenItsClientGoesAway() async throws {
        let server = try Launched(Binaries.server, ["--port", "0"])
        _ = try #require(server.waitForListening(timeout: 30))
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/api/explore")!)
        request.httpMethod = "POST"
        // 1000 x 4 x 28 x 46 = 5,152,000 configurations would be over the limit; 1000 x 4 x 28 x 10 is within it.
        request.httpBody = Data(#"{"frames": "1...1000", "merge-keep": "1,0.5,0.25,0.125", "prune-start": "0...27", "prune-step": "0.05...0.5:0.05"}"#.utf8)
        let task = URLSession.shared.dataTask(with: request) { _, _, _ in }
        task.resume()
        try await Task.sleep(for: .milliseconds(800))
        task.cancel()
        let deadline = Date().addingTimeInterval(60)
        // A read of the log blocks until the server writes; past the deadline it is stopped, which ends the read.
        let process = server.process
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { process.interrupt() } }
        var log = ""
        let handle = server.err.fileHandleForReading
        while Date() < deadline, !log.contains("the client went away") {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
        }
        #expect(log.contains("explore: the client went away; stopped after"), "\(log)")
        _ = server.stop()
    }

    @Test func anotherHostWarns() throws {
        let server = try Launched(Binaries.server, ["--host", "0.0.0.0", "--port", "0"])
        _ = server.waitForListening(timeout: 10)
        let stopped = server.stop()
        #expect(stopped.stderr.contains("warning: listening on 0.0.0.0, not loopback"))
    }

    @Test func badOptionsAreUsageErrors() throws {
        let server = try Launched(Binaries.server, ["--port", "http"])
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 64)
        #expect(String(decoding: server.err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("--port must be 0...65535, got 'http'"))
    }

    /// `aim-viewer serve` runs the server binary from beside itself, with its options.
    @Test func serveRunsTheServerBinary() async throws {
        let server = try Launched(Binaries.cli, ["serve", "--port", "0"])
        let line = try #require(server.waitForListening(timeout: 10))
        #expect(line.contains("aim-viewer server listening on http://127.0.0.1:"))
        let (status, _) = try await Self.get("http://127.0.0.1:\(server.port)/")
        #expect(status == 200)
        #expect(server.stop().status == 0)
    }
}

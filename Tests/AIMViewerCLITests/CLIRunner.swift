import Foundation

/// Runs the built `aim-viewer` binary as a user would and captures what it prints.
struct CLIResult {
    var exitCode: Int32
    var stdout: String
    var stderr: String
}

enum CLI {
    static var binary: URL {
        // Another build's binary (e.g. an older commit's, to capture output fixtures from it).
        if let other = ProcessInfo.processInfo.environment["AIM_VIEWER_TEST_BINARY"], !other.isEmpty {
            return URL(fileURLWithPath: other)
        }
        let candidates = [
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().deletingLastPathComponent(),
        ]
        for directory in candidates {
            let url = directory.appendingPathComponent("aim-viewer")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return url
            }
        }
        fatalError("aim-viewer binary not found next to the test bundle (\(candidates.map(\.path)))")
    }

    /// Runs go into a scratch database unless a test names one, never into the user's own.
    static let scratchDatabase = FileManager.default.temporaryDirectory
        .appendingPathComponent("aim-viewer-cli-tests-\(UUID().uuidString)/runs.sqlite").path

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CLIResult {
        let process = try start(arguments, environment: environment)
        return process.finish()
    }

    /// A started process whose output is collected by `finish()`.
    struct Running {
        let process: Process
        let out: Pipe
        let err: Pipe

        func finish() -> CLIResult {
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CLIResult(exitCode: process.terminationStatus,
                             stdout: String(decoding: stdout, as: UTF8.self),
                             stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged["AIM_VIEWER_DB"] = scratchDatabase
        process.environment = merged.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return Running(process: process, out: out, err: err)
    }

    /// A scratch file with `contents`, removed by the caller's `defer`.
    static func temporaryFile(_ contents: String, name: String = "file") throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aim-viewer-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

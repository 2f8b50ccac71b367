import AIMViewerServer
import Foundation
import Hummingbird
import HummingbirdTesting

/// An answer of the API: its status and its body's text.
struct APIAnswer: Sendable {
    var status: Int
    var text: String
    var contentType: String?

    var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }
    var errorMessage: String? { (json as? [String: Any])?["error"] as? String }
}

/// The server's router under HummingbirdTesting, with a scratch runs database of its own.
struct TestServer: Sendable {
    var configuration: ServerConfiguration

    init(configure: (inout ServerConfiguration) -> Void = { _ in }) {
        var configuration = ServerConfiguration()
        configuration.databasePath = FileManager.default.temporaryDirectory
            .appendingPathComponent("aim-viewer-server-tests-\(UUID().uuidString)/runs.sqlite").path
        configure(&configuration)
        self.configuration = configuration
    }

    /// Runs `body` against the router; each call of the client is one request.
    func test(_ body: @escaping @Sendable (APIClient) async throws -> Void) async throws {
        let app = Application(router: AIMServer.router(configuration))
        try await app.test(.router) { client in
            try await body(APIClient(client: client))
        }
    }
}

struct APIClient: Sendable {
    let client: any TestClientProtocol

    func get(_ uri: String) async throws -> APIAnswer {
        try await send(uri, method: .get, body: nil)
    }

    func post(_ uri: String, _ body: String) async throws -> APIAnswer {
        try await send(uri, method: .post, body: body)
    }

    func send(_ uri: String, method: HTTPRequest.Method, body: String?) async throws -> APIAnswer {
        try await client.execute(uri: uri, method: method, headers: [.contentType: "application/json"],
                                 body: body.map { ByteBuffer(string: $0) }) { response in
            APIAnswer(status: Int(response.status.code), text: String(buffer: response.body),
                      contentType: response.headers[.contentType])
        }
    }
}

/// The built binaries, run as a user would: the server beside this test bundle, the command line
/// from the repository's own build (`swift build` at the root; CI's `swift test` there builds it
/// first), or `AIM_VIEWER_CLI`.
enum Binaries {
    static var directory: URL {
        let candidates = [
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().deletingLastPathComponent(),
        ]
        for directory in candidates where FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("aim-viewer-server").path) {
            return directory
        }
        fatalError("aim-viewer-server binary not found next to the test bundle (\(candidates.map(\.path)))")
    }

    static var server: URL { directory.appendingPathComponent("aim-viewer-server") }

    /// The repository root: Server/Tests/AIMViewerServerTests/ is three folders below Server/.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var cli: URL {
        if let named = ProcessInfo.processInfo.environment["AIM_VIEWER_CLI"], !named.isEmpty { return URL(fileURLWithPath: named) }
        let built = repositoryRoot.appendingPathComponent(".build/debug/aim-viewer")
        guard FileManager.default.isExecutableFile(atPath: built.path) else {
            fatalError("the command line is not built at \(built.path): run `swift build` at the repository root first (the server's tests compare its answers with the command line's output), or set AIM_VIEWER_CLI")
        }
        return built
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the command line with `arguments`; a scratch database, never the user's.
    static func aimViewer(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = cli
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["AIM_VIEWER_DB"] = FileManager.default.temporaryDirectory
            .appendingPathComponent("aim-viewer-server-tests-cli-\(UUID().uuidString).sqlite").path
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// What a clock measured (a sweep's elapsed time, the engine's kernel times): the figures that
/// differ between two runs of the same request.
func maskingElapsed(_ text: String) -> String {
    text.replacingOccurrences(of: #""(seconds|measuredSeconds)" : [0-9.e+-]+"#,
                              with: "\"$1\" : <MEASURED>", options: .regularExpression)
}

import AIMStore
import Foundation
import Hummingbird

/// The server's own command line: a few options, read without the argument parser so the server
/// binary stays small and starts fast.
public enum ServerCommandLine {
    public struct Usage: Error, CustomStringConvertible {
        public var description: String
        public var exitCode: Int32
    }

    public static let help = """
        USAGE: aim-viewer-server [--port <port>] [--host <host>] [--db <path>]
               (or `aim-viewer serve` with the same options; build: swift build --package-path Server)

        The local viewer: open http://HOST:PORT/ in a browser; the JSON API is described at /api/openapi.json.

        OPTIONS:
          --port <port>   Port to listen on (default 8321; 0 picks a free one and prints it).
          --host <host>   Address to listen on (default 127.0.0.1, this machine only). Anything else
                          exposes the server to the network, with a warning.
          --db <path>     The runs database (default: $AIM_VIEWER_DB, else
                          $XDG_DATA_HOME/aim-viewer/runs.sqlite). Read by /api/runs; written only by
                          an explicit save (POST /api/runs).
          -h, --help      Show this help.

        Ctrl-C stops it gracefully (requests in flight finish first).
        """

    public static func parse(_ arguments: [String]) throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        var index = 0
        func value(_ option: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw Usage(description: "error: missing value for \(option)\n\n\(help)", exitCode: 64) }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            let (name, inline) = argument.hasPrefix("--") && argument.contains("=")
                ? (String(argument.split(separator: "=", maxSplits: 1)[0]), String(argument.split(separator: "=", maxSplits: 1)[1]))
                : (argument, nil)
            switch name {
            case "--port":
                let text = try inline ?? value(name)
                guard let port = Int(text), (0...65535).contains(port) else {
                    throw Usage(description: "error: --port must be 0...65535, got '\(text)'", exitCode: 64)
                }
                configuration.port = port
            case "--host":
                configuration.host = try inline ?? value(name)
            case "--db":
                configuration.databasePath = try inline ?? value(name)
            case "-h", "--help":
                throw Usage(description: help, exitCode: 0)
            default:
                throw Usage(description: "error: unknown option '\(argument)'\n\n\(help)", exitCode: 64)
            }
            index += 1
        }
        return configuration
    }
}

public enum ServerLauncher {
    /// Runs until SIGINT or SIGTERM, then shuts down gracefully.
    public static func run(_ configuration: ServerConfiguration) async throws {
        if !configuration.isLoopback {
            FileHandle.standardError.write(Data("warning: listening on \(configuration.host), not loopback: anyone who can reach this machine can use the server (it has no authentication); use --host 127.0.0.1 to keep it local\n".utf8))
        }
        let app = AIMServer.application(configuration) { port in
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            print("aim-viewer server listening on http://\(host):\(port)/ (Ctrl-C to stop)")
            fflush(nil)
        }
        try await app.runService()
    }
}

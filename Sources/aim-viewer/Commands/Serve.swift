import ArgumentParser
import Foundation

/// `serve`: the local viewer in a browser. The server is its own executable (`aim-viewer-server`,
/// on Hummingbird) so that `aim-viewer` itself builds without the server stack; this command runs
/// that binary from beside this one, handing over its options (and Ctrl-C, since it replaces
/// this process).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the interactive viewer: a local server for the browser, with a JSON API.",
        discussion: """
            Listens on http://127.0.0.1:8321/ (this machine only) unless --host or --port say otherwise; the \
            page needs no network. The JSON API (the same documents as --format json) is described at \
            /api/openapi.json. The runs database is read by /api/runs and written only by an explicit save. \
            Ctrl-C stops it gracefully.

            The server is the separate binary aim-viewer-server, built on first use of \
            `swift run aim-viewer-server` (or `swift build --product aim-viewer-server`), so that the \
            command line builds without it; `aim-viewer serve` runs it from beside this binary.

            Examples:
              swift run aim-viewer-server
              aim-viewer serve
              aim-viewer serve --port 9000 --db ./runs.sqlite
            """)

    @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 8321
    @Option(help: "Address to listen on; anything but loopback exposes the server to the network (with a warning).")
    var host: String = "127.0.0.1"
    @Option(help: ArgumentHelp("The runs database (default: $AIM_VIEWER_DB, else $XDG_DATA_HOME/aim-viewer/runs.sqlite).", valueName: "path"))
    var db: String?

    static let serverName = "aim-viewer-server"

    func run() throws {
        guard let server = Self.serverBinary() else {
            throw ServerNotBuilt()
        }
        var arguments = [server.path, "--port", String(port), "--host", host]
        if let db { arguments += ["--db", db] }
        fflush(nil)
        let argv = arguments.map { strdup($0) } + [nil]
        execv(server.path, argv)
        throw ServerNotBuilt(detail: "could not start \(server.path): \(String(cString: strerror(errno)))")
    }

    /// The server binary beside this one (the same build folder or install directory).
    static func serverBinary() -> URL? {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [Bundle.main.executableURL?.deletingLastPathComponent(), me.deletingLastPathComponent()].compactMap { $0 }
        for directory in candidates {
            let url = directory.appendingPathComponent(serverName)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }
}

struct ServerNotBuilt: Error, CustomStringConvertible {
    var detail: String?
    var description: String {
        detail ?? "the server is its own binary, aim-viewer-server, and it is not built beside this one; run `swift run aim-viewer-server` (builds it on first use, a few minutes), or `swift build --product aim-viewer-server` once and then `aim-viewer serve` again"
    }
}

import ArgumentParser
import Foundation

/// `serve`: the local viewer in a browser. The server is its own package (`Server/`, on
/// Hummingbird) so that `aim-viewer` itself resolves and builds without the server stack; this
/// command runs that package's binary, handing over its options (and Ctrl-C, since it replaces
/// this process).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the interactive viewer: a local server for the browser, with a JSON API.",
        discussion: """
            Listens on http://127.0.0.1:8321/ (this machine only) unless --host or --port say otherwise; the \
            page needs no network. The JSON API (the same documents as --format json) is described at \
            /api/openapi.json. The runs database is read by /api/runs and written only by an explicit save. \
            Ctrl-C stops it gracefully.

            The server is its own package (Server/, on Hummingbird), so that the command line never \
            resolves or builds it: `swift run --package-path Server aim-viewer-server` builds and starts \
            it; once built, `aim-viewer serve` runs it (from beside this binary, or from Server/.build/).

            Examples:
              swift run --package-path Server aim-viewer-server
              swift run aim-viewer serve
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

    /// The server binary: `AIM_VIEWER_SERVER`, beside this one (an install), or the server package's
    /// build in the same checkout (`Server/.build/`, when this binary is the repository's `.build/` one).
    static func serverBinary() -> URL? {
        let environment = ProcessInfo.processInfo.environment["AIM_VIEWER_SERVER"].map { URL(fileURLWithPath: $0) }
        let me = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        var candidates = [environment, me.deletingLastPathComponent().appendingPathComponent(serverName)].compactMap { $0 }
        // <root>/.build/<triple>/<config>/aim-viewer or <root>/.build/<config>/aim-viewer
        var directory = me.deletingLastPathComponent()
        while directory.path != "/", directory.lastPathComponent != ".build" { directory = directory.deletingLastPathComponent() }
        if directory.lastPathComponent == ".build" {
            let root = directory.deletingLastPathComponent()
            let configuration = me.deletingLastPathComponent().lastPathComponent
            for config in [configuration, "debug", "release"] {
                candidates.append(root.appendingPathComponent("Server/.build/\(config)/\(serverName)"))
            }
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

struct ServerNotBuilt: Error, CustomStringConvertible {
    var detail: String?
    var description: String {
        detail ?? "the server is its own package (Server/, on Hummingbird) and is not built yet: run `swift run --package-path Server aim-viewer-server` from the repository root (the first build takes a few minutes), or `swift build --package-path Server` once and then `aim-viewer serve` again; AIM_VIEWER_SERVER names a binary elsewhere"
    }
}

import AIMViewerServer
import Foundation

// `aim-viewer-server [--port 8321] [--host 127.0.0.1] [--db PATH]`, or `aim-viewer serve` with the
// same options: the local server on its own executable, so the command line builds without it.
do {
    let configuration = try ServerCommandLine.parse(Array(CommandLine.arguments.dropFirst()))
    try await ServerLauncher.run(configuration)
} catch let usage as ServerCommandLine.Usage {
    FileHandle.standardError.write(Data((usage.description + "\n").utf8))
    exit(usage.exitCode)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}

import AIMReport
import AIMStore
import AIMViewerKit
import ArgumentParser
import Foundation

/// Where runs are kept (`--db`, else `AIM_VIEWER_DB`, else the user's data directory).
struct DatabaseOption: ParsableArguments {
    @Option(help: ArgumentHelp("The runs database (default: $AIM_VIEWER_DB, else $XDG_DATA_HOME/aim-viewer/runs.sqlite).",
                               valueName: "path"), completion: .file(extensions: ["sqlite"]))
    var db: String?

    var path: String { db ?? RunStore.defaultPath() }

    /// For commands that store or delete runs: creates and migrates the file when needed.
    func open() throws -> RunStore { try RunStore(path: path) }

    /// For commands that only read: nothing is created, migrated or written; a missing file is an error.
    func openForReading() throws -> RunStore { try RunStore(readingAt: path) }

    /// As `openForReading()`, for a command that names runs: a missing file is reported against them.
    func openForReading(lookingFor runs: [String]) throws -> RunStore {
        do { return try RunStore(readingAt: path) } catch StoreError.noDatabase(let path, _) {
            throw StoreError.noDatabase(path: path, runs: runs)
        }
    }
}

/// How a command that prices something stores its run.
struct StoreOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOption

    @Flag(help: "Do not store this run.")
    var noStore = false

    @Option(help: "A label for this run (see `aim-viewer runs list --label`).")
    var label: String?

    @Option(help: "A tag for this run; repeat for more.")
    var tag: [String] = []

    /// Who asked for the run and what it printed (without the terminal's colour codes, so `runs show`
    /// prints it plainly anywhere).
    func provenance(_ format: OutputFormat, _ text: String) -> RunProvenance {
        RunProvenance(commandLine: Array(CommandLine.arguments.dropFirst()), label: label, tags: tag,
                      outputFormat: format.rawValue, outputText: TerminalStyle.removingColor(text))
    }

    /// Stores a run and says where on stderr (stdout stays the result).
    func store(_ content: RunContent, in runStore: RunStore) throws {
        let id = try runStore.store(content)
        printToStandardError("stored run \(id) in \(runStore.path)")
    }

    /// The store, opened before any work so a bad database fails before anything is printed.
    func openIfStoring() throws -> RunStore? {
        noStore ? nil : try database.open()
    }
}

/// Writes a line to stderr (stdout stays the result).
func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

import AIMReport
import AIMStore
import AIMViewerCore
import AIMViewerKit
import ArgumentParser
import Foundation

struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show, compare, export, delete and re-run stored runs.",
        discussion: """
            Every `analyze` is stored (unless --no-store) in a SQLite database: --db PATH, else \
            $AIM_VIEWER_DB, else $XDG_DATA_HOME/aim-viewer/runs.sqlite (~/.local/share/...). The schema \
            is in docs/runs-database.md. Run ids may be shortened to any unique prefix of 4 or more. \
            Only `runs delete` writes; the other commands open the file read-only and change nothing.

            Examples:
              aim-viewer analyze --label sweep-1 --tag a100
              aim-viewer runs list --tag a100 --limit 5
              aim-viewer runs show 3k9x2a7b
              aim-viewer runs diff 3k9x2a7b 7hq0c1mz
              aim-viewer runs export 3k9x2a7b --format csv > run.csv
              aim-viewer runs rerun 3k9x2a7b
              aim-viewer runs delete 3k9x2a7b
              aim-viewer runs check
            """,
        subcommands: [List.self, Show.self, Diff.self, Export.self, Delete.self, Rerun.self, Check.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stored runs, newest first.")
        @OptionGroup var database: DatabaseOption
        @Option(help: "Only runs of this model.") var model: String?
        @Option(help: "Only runs on this hardware profile.") var hardware: String?
        @Option(help: "Only runs with this label.") var label: String?
        @Option(help: "Only runs with this tag.") var tag: String?
        @Option(help: "Only runs made at or after this time (YYYY-MM-DD or ISO 8601).") var since: String?
        @Option(help: "Only runs made before this time (YYYY-MM-DD or ISO 8601).") var until: String?
        @Option(help: "At most this many runs.") var limit: Int = 20
        @OptionGroup(title: "Output") var output: FormatOption

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            let filter = RunFilter(model: model, hardware: hardware, label: label, tag: tag,
                                   since: try since.map { try Self.date($0, flag: "--since") },
                                   until: try until.map { try Self.date($0, flag: "--until") }, limit: limit)
            let runs = try database.openForReading().list(filter)
            let header = ["id", "created (UTC)", "command", "model", "hardware", "convention", "label", "tags",
                          "prefill TFLOPs", "prefill ms"]
            let rows = runs.map { run in
                [run.id, Self.formatted(run.createdAt), run.command, run.modelName, run.hardwareName, run.convention,
                 run.label ?? "", run.tags.joined(separator: ","),
                 run.prefillOps.map { String(format: "%.2f", $0 / 1e12) } ?? "",
                 run.prefillSeconds.map { String(format: "%.2f", $0 * 1e3) } ?? ""]
            }
            print(try output.render(Listing(header: header, rows: rows, document: runs)), terminator: "")
        }

        static func date(_ text: String, flag: String) throws -> Date {
            let full = ISO8601DateFormatter()
            if let date = full.date(from: text) { return date }
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            if let date = day.date(from: text) { return date }
            throw ValidationError("\(flag) '\(text)' is not a date; use YYYY-MM-DD or 2026-11-24T18:00:00Z")
        }

        static func formatted(_ date: Date) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
            return formatter.string(from: date)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a stored run: exactly what it printed, or re-rendered from its stored numbers with --format.")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "Run id (or a unique prefix).") var id: String
        @Option(help: ArgumentHelp("Re-render from the stored numbers. " + OutputFormat.helpText)) var format: OutputFormat?
        @Flag(help: "With --format: show every layer.") var perLayer = false
        @Flag(help: "With --format: show every operator.") var perOp = false

        func run() throws {
            let run = try database.openForReading(lookingFor: [id]).load(id)
            guard let format else {
                print(run.content.outputText, terminator: "")
                return
            }
            let detail = DetailLevel(perLayer: perLayer, perOperator: perOp)
            print(try AnalysisOutput(StoredSchedules.reports(run)).render(format, RenderSettings(detail: detail)), terminator: "")
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Two runs side by side with B / A ratios: FLOPs, bytes, time, footprint, and per layer.")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "Run A.") var a: String
        @Argument(help: "Run B.") var b: String
        @OptionGroup(title: "Output") var output: FormatOption

        func run() throws {
            let store = try database.openForReading(lookingFor: [a, b])
            let left = StoredSchedules.document(try store.load(a)), right = StoredSchedules.document(try store.load(b))
            print(try output.render(RunDiffOutput(left, right)), terminator: "")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export runs: CSV with one row per layer-operator, or JSON with the full reports.")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "Run ids (or unique prefixes).") var ids: [String]
        @Option(help: ArgumentHelp(OutputFormat.helpText + " Export writes csv (the default) or json.")) var format: OutputFormat = .csv

        func validate() throws {
            guard !ids.isEmpty else { throw ValidationError("give at least one run id") }
            guard format == .csv || format == .json else { throw ValidationError("export writes csv or json") }
        }

        func run() throws {
            let store = try database.openForReading(lookingFor: ids)
            let documents = try ids.map { StoredSchedules.document(try store.load($0)) }
            print(try RunExportOutput(documents).render(format), terminator: "")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete runs (all or none: every id must exist; an id given twice is deleted once).")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "Run ids (or unique prefixes).") var ids: [String]
        @OptionGroup(title: "Output") var output: FormatOption

        func validate() throws {
            guard !ids.isEmpty else { throw ValidationError("give at least one run id") }
        }

        func run() throws {
            let deleted = try database.open().delete(ids)
            let sentence = "deleted \(deleted.count) run\(deleted.count == 1 ? "" : "s"): \(deleted.joined(separator: ", "))"
            print(try output.render(Listing(header: ["deleted"], rows: deleted.map { [$0] }, document: ["deleted": deleted],
                                            sentence: sentence)), terminator: "")
        }
    }

    struct Rerun: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute a stored run with the current code and show every total that changed.")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "Run id (or a unique prefix).") var id: String
        @OptionGroup(title: "Output") var output: FormatOption

        func run() throws {
            let stored = try database.openForReading(lookingFor: [id]).load(id)
            print(try output.render(RerunComparison.rerun(stored)), terminator: "")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the database file (SQLite integrity check) and count its runs.")
        @OptionGroup var database: DatabaseOption

        func run() throws {
            let store = try database.openForReading()
            let problems = try store.integrityCheck()
            guard problems == ["ok"] else { throw StoreError.integrityFailed(path: store.path, problems: problems) }
            print("\(store.path): ok, \(try store.count()) runs")
        }
    }
}

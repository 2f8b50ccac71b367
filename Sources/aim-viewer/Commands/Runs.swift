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
        @OptionGroup var database: DatabaseOption
        @Option(help: "Only runs of this model.") var model: String?
        @Option(help: "Only runs on this hardware profile.") var hardware: String?
        @Option(help: "Only runs with this label.") var label: String?
        @Option(help: "Only runs with this tag.") var tag: String?
        @Option(help: "Only runs made at or after this time (YYYY-MM-DD or ISO 8601).") var since: String?
        @Option(help: "Only runs made before this time (YYYY-MM-DD or ISO 8601).") var until: String?
        @Option(help: "Only runs priced with this batch size.") var batch: Int?
        @Option(name: .customLong("tp"), help: "Only runs priced with this tensor-parallel degree.") var tensorParallel: Int?
        @Option(help: ArgumentHelp("Only runs priced at these bits, as the headline writes them (W8A8KV8).", valueName: "WxAyKVz"))
        var bits: String?
        @Flag(inversion: .prefixedNo, help: "Only runs with (or, with --no-flash-attention, without) flash attention.")
        var flashAttention: Bool?
        @Option(help: "Only runs whose head was priced for this many positions: last or all.") var logits: LogitsPositions?
        @Option(name: .customLong("gen-len"), help: "Only runs with this generation length (0: none).") var generationLength: Int?
        @Option(help: "At most this many runs.") var limit: Int = 20
        @OptionGroup(title: "Output") var output: FormatOption

        static let configuration = CommandConfiguration(
            abstract: "Stored runs, newest first.",
            discussion: """
                Beneath each run, what differs from the defaults: the convention when not exact, the \
                options (b4 tp2 W8A8KV8 flash logits-all gen512), label and #tags; the filters select on \
                the same options. --format csv has one column per option.

                Examples:
                  aim-viewer runs list
                  aim-viewer runs list --model qwen2-7b --hardware nvidia_A100 --limit 5
                  aim-viewer runs list --tag sweep --since 2026-11-24
                  aim-viewer runs list --flash-attention --gen-len 512 --tp 2
                  aim-viewer runs list --bits W8A8KV8 --format csv
                """)

        enum LogitsPositions: String, ExpressibleByArgument { case last, all }

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
            if let bits, Self.bits(bits) == nil {
                throw ValidationError("--bits '\(bits)' is not W<bits>A<bits>KV<bits>; write it as the headline does, e.g. W16A16KV16 or W8A8KV8")
            }
        }

        /// `W8A8KV8` → (8, 8, 8).
        static func bits(_ text: String) -> (weight: Int, activation: Int, kv: Int)? {
            let upper = text.uppercased()
            guard upper.hasPrefix("W"), let a = upper.firstIndex(of: "A"), let kv = upper.range(of: "KV"), a < kv.lowerBound,
                  let w = Int(upper[upper.index(after: upper.startIndex)..<a]),
                  let act = Int(upper[upper.index(after: a)..<kv.lowerBound]), let k = Int(upper[kv.upperBound...])
            else { return nil }
            return (w, act, k)
        }

        func run() throws {
            var filter = RunFilter(model: model, hardware: hardware, label: label, tag: tag,
                                   since: try since.map { try Self.date($0, flag: "--since") },
                                   until: try until.map { try Self.date($0, flag: "--until") }, limit: limit)
            filter.batchSize = batch
            filter.tensorParallel = tensorParallel
            filter.flashAttention = flashAttention
            filter.logitsForAllPositions = logits.map { $0 == .all }
            filter.generationLength = generationLength
            if let bits = bits.flatMap(Self.bits) {
                (filter.weightBits, filter.activationBits, filter.kvBits) = (bits.weight, bits.activation, bits.kv)
            }
            let runs = try database.openForReading().list(filter)
            let header = ["id", "created UTC", "command", "model", "hardware", "TFLOPs", "prefill"]
            // What tells runs apart (options, label, tags) on an indented line beneath the run's, so
            // the table fits 100 columns however long they are.
            let rows = runs.flatMap { run -> [[String]] in
                let main = [run.id, Self.formatted(run.createdAt, seconds: false), run.command, run.modelName, run.hardwareName,
                            run.prefillOps.map { String(format: "%.2f", $0 / 1e12) } ?? "",
                            run.prefillSeconds.map { Self.milliseconds($0) } ?? ""]
                let options = RunOptionsSummary.text(run.options, generationLength: run.generationLength)
                let notes = [run.convention == Convention.exact.rawValue ? "" : "convention " + run.convention,
                             options.isEmpty ? "" : "options " + options, run.label.map { "label " + $0 } ?? "",
                             run.tags.map { "#" + $0 }.joined(separator: " ")].filter { !$0.isEmpty }
                return notes.isEmpty ? [main] : [main, ["    " + notes.joined(separator: " · ")]]
            }
            let csv = CSVTable(
                header: ["id", "created_at", "command", "model", "hardware", "convention", "batch_size", "tensor_parallel",
                         "weight_bits", "activation_bits", "kv_bits", "flash_attention", "logits_all_positions",
                         "generation_length", "label", "tags", "prefill_ops", "prefill_seconds"],
                rows: runs.map { run in
                    let o = run.options
                    return [run.id, ISO8601DateFormatter().string(from: run.createdAt), run.command, run.modelName,
                            run.hardwareName, run.convention, o.map { "\($0.batchSize)" } ?? "", o.map { "\($0.tensorParallel)" } ?? "",
                            o.map { "\($0.weightBits)" } ?? "", o.map { "\($0.activationBits)" } ?? "", o.map { "\($0.kvBits)" } ?? "",
                            o.map { "\($0.flashAttention)" } ?? "", o.map { "\($0.logitsForAllPositions)" } ?? "",
                            run.generationLength.map(String.init) ?? "", run.label ?? "", run.tags.joined(separator: ";"),
                            CSVTable.number(run.prefillOps), CSVTable.number(run.prefillSeconds)]
                })
            print(try output.render(Listing(header: header, rows: rows, document: runs, csv: csv)), terminator: "")
        }

        static func milliseconds(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1e3) }

        static func date(_ text: String, flag: String) throws -> Date {
            let full = ISO8601DateFormatter()
            if let date = full.date(from: text) { return date }
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            if let date = day.date(from: text) { return date }
            throw ValidationError("\(flag) '\(text)' is not a date; use YYYY-MM-DD or 2026-11-24T18:00:00Z")
        }

        /// `2026-12-03 06:35` (or with seconds) in UTC.
        static func formatted(_ date: Date, seconds: Bool = true) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
            let text = formatter.string(from: date)
            return seconds ? text : String(text.dropLast(3))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a stored run: exactly what it printed, or re-rendered from its stored numbers with --format.",
            discussion: """
                Examples:
                  aim-viewer runs show 3k9x2a7b
                  aim-viewer runs show 3k9x --format json
                  aim-viewer runs show 3k9x2a7b --format table --per-layer
                """)
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
            abstract: "Two runs side by side with B / A ratios: FLOPs, bytes, time, footprint, and per layer.",
            discussion: """
                Examples:
                  aim-viewer runs diff 3k9x2a7b 7hq0c1mz
                  aim-viewer runs diff 3k9x 7hq0 --format json
                """)
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
            abstract: "Export runs: CSV with one row per layer-operator, or JSON with the full reports.",
            discussion: """
                Examples:
                  aim-viewer runs export 3k9x2a7b > run.csv
                  aim-viewer runs export 3k9x2a7b 7hq0c1mz --format json
                """)
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
            abstract: "Delete runs (all or none: every id must exist; an id given twice is deleted once).",
            discussion: """
                Examples:
                  aim-viewer runs delete 3k9x2a7b
                  aim-viewer runs delete 3k9x 7hq0 --db ./runs.sqlite
                """)
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
            abstract: "Recompute a stored run with the current code and show every total that changed.",
            discussion: """
                Examples:
                  aim-viewer runs rerun 3k9x2a7b
                  aim-viewer runs rerun 3k9x --format json
                """)
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
            abstract: "Check the database file (SQLite integrity check) and count its runs.",
            discussion: """
                Examples:
                  aim-viewer runs check
                  aim-viewer runs check --db ./runs.sqlite
                """)
        @OptionGroup var database: DatabaseOption

        func run() throws {
            let store = try database.openForReading()
            let problems = try store.integrityCheck()
            guard problems == ["ok"] else { throw StoreError.integrityFailed(path: store.path, problems: problems) }
            print("\(store.path): ok, \(try store.count()) runs")
        }
    }
}

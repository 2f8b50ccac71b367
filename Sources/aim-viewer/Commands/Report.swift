import AIMCatalog
import AIMReport
import AIMStore
import AIMViewerCore
import AIMViewerKit
import ArgumentParser
import Foundation

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a stored run again: as text, or as a self-contained HTML report.",
        discussion: """
            The HTML file has inline CSS and SVG only (no network, no JavaScript): a roofline chart, \
            per-layer time stacked by operator (baseline beside the method), the token schedule, the \
            targets side by side for a compare run, and the numbers as tables under the charts.

            Examples:
              aim-viewer report 3f2a --html report.html
              aim-viewer report 3f2a
            """)

    @Argument(help: "Run id (or a unique prefix; see `aim-viewer runs list`).") var runID: String
    @Option(help: ArgumentHelp("Write the HTML report to this file.", valueName: "path"), completion: .file(extensions: ["html"])) var html: String?
    @Option(help: ArgumentHelp("Re-render from the stored numbers. " + OutputFormat.helpText)) var format: OutputFormat?
    @OptionGroup var database: DatabaseOption

    func run() throws {
        if let html { try HTMLOutput.requireWritable(html) }
        let run = try database.openForReading(lookingFor: [runID]).load(runID)
        guard html != nil || format != nil else {
            print(run.content.outputText, terminator: "")
            return
        }
        let reports = StoredSchedules.reports(run)
        guard let first = reports.first else { throw ReportError.noSchedule(run: run.id) }
        if let format { print(try AnalysisOutput(reports).render(format), terminator: "") }
        if let html {
            let comparison = run.content.attachments.comparison.map {
                CompareReport(model: run.content.model, options: run.content.options, workload: run.content.workload, comparison: $0)
            }
            try HTMLOutput.write(HTMLReport.render(first, comparison: comparison), to: html)
        }
    }
}

/// A stored run with nothing to report: an `explore` that found no schedule stores none.
enum ReportError: Error, CustomStringConvertible {
    case noSchedule(run: String)

    var description: String {
        switch self {
        case let .noSchedule(run): return "run \(run) holds no priced schedule, so there is no report; `aim-viewer runs show \(run)` prints what it printed"
        }
    }
}

/// Writes an HTML report, saying where; an unwritable path is a clear error.
enum HTMLOutput {
    static let what = "the HTML report"

    /// Called before any work, so an unwritable path fails before anything is computed or printed.
    static func requireWritable(_ path: String) throws { try CatalogFiles.requireWritable(path, what: what) }

    static func write(_ html: String, to path: String) throws {
        try CatalogFiles.write(Data(html.utf8), to: path, what: what)
        printToStandardError("wrote HTML report to \(path)")
    }
}

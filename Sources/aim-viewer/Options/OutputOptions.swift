import AIMReport
import ArgumentParser

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, markdown
}

/// How results are printed.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, json, csv or markdown.")
    var format: OutputFormat = .table

    @Flag(help: "Show every layer.")
    var perLayer = false

    @Flag(help: "Show every operator of every layer.")
    var perOp = false

    func render(_ report: AnalysisReport) throws -> String {
        switch format {
        case .table: return TextRenderer.render(report, detail: DetailLevel(perLayer: perLayer, perOperator: perOp))
        case .markdown:
            return TextRenderer.render(report, detail: DetailLevel(perLayer: perLayer, perOperator: perOp), markdown: true)
        case .json: return try JSONRenderer.render(report)
        case .csv: return CSVRenderer.render(report)
        }
    }

    /// One report, or the two conventions' side by side.
    func render(_ reports: [AnalysisReport]) throws -> String {
        reports.count == 2 ? try renderDifference(exact: reports[0], llmViewer: reports[1]) : try render(reports[0])
    }

    /// `--convention both`.
    func renderDifference(exact: AnalysisReport, llmViewer: AnalysisReport) throws -> String {
        switch format {
        case .table: return ConventionDifference.render(exact: exact, llmViewer: llmViewer)
        case .markdown: return ConventionDifference.render(exact: exact, llmViewer: llmViewer, markdown: true)
        case .json: return try JSONRenderer.render(exact: exact, llmViewer: llmViewer)
        case .csv: return CSVRenderer.render(llmViewer) + CSVRenderer.render(exact).split(separator: "\n", maxSplits: 1)[1]
        }
    }
}

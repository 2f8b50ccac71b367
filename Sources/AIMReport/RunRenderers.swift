import AIMViewerCore
import Foundation

/// `runs export` and `runs diff`.
public enum RunRenderers {
    /// One row per run, convention, schedule, stage, layer and operator: `run_id` then the analyze CSV columns.
    public static func exportCSV(_ runs: [RunDocument]) -> String {
        var lines = ["run_id," + CSVRenderer.columns.joined(separator: ",")]
        for run in runs {
            for report in run.reports {
                for line in CSVRenderer.render(report).split(separator: "\n").dropFirst() {
                    lines.append(run.id + "," + line)
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    struct ExportedRun: Encodable {
        var id: String
        var createdAt: Date
        var label: String?
        var tags: [String]
        var commandLine: [String]
        var reports: [ReportDocument]
    }

    /// A JSON array of runs, each with its reports in the `analyze --format json` shape.
    public static func exportJSON(_ runs: [RunDocument]) throws -> String {
        try JSONRenderer.encode(runs.map { run in
            ExportedRun(id: run.id, createdAt: run.createdAt, label: run.label, tags: run.tags,
                        commandLine: run.commandLine, reports: run.reports.map(ReportDocument.init))
        })
    }

    /// Two runs' reported schedules side by side with `B / A` ratios, totals then layers.
    public static func diff(_ a: RunDocument, _ b: RunDocument, markdown: Bool = false) -> String {
        let (labelA, left) = a.reportedAnalysis, (labelB, right) = b.reportedAnalysis
        var totals = PlainTable(header: ["", "A: \(a.id) (\(labelA))", "B: \(b.id) (\(labelB))", "B / A"])
        for quantity in SummaryTable.quantities {
            let x = quantity.value(left), y = quantity.value(right)
            totals.append([quantity.name, Format.fixed(x, quantity.decimals), Format.fixed(y, quantity.decimals),
                           x == 0 ? "-" : Format.ratio(y / x)])
        }
        var layers = PlainTable(header: ["layer", "tokens A", "tokens B", "prefill ms A", "prefill ms B", "B / A",
                                         "prefill GB A", "prefill GB B"])
        for index in 0..<max(left.prefill.layers.count, right.prefill.layers.count) {
            let x = index < left.prefill.layers.count ? left.prefill.layers[index] : nil
            let y = index < right.prefill.layers.count ? right.prefill.layers[index] : nil
            let ratio = (x?.totals.seconds).flatMap { xs in (y?.totals.seconds).map { xs == 0 ? "-" : Format.ratio($0 / xs) } } ?? "-"
            layers.append([
                "\(index)", x.map { "\($0.queryTokens)" } ?? "-", y.map { "\($0.queryTokens)" } ?? "-",
                x.map { Format.fixed($0.totals.seconds * 1e3, 3) } ?? "-", y.map { Format.fixed($0.totals.seconds * 1e3, 3) } ?? "-",
                ratio, x.map { Format.fixed($0.totals.cost.bytes / 1e9, 3) } ?? "-",
                y.map { Format.fixed($0.totals.cost.bytes / 1e9, 3) } ?? "-",
            ])
        }
        let heading = Format.wrap("A: \(a.reports[0].headline)") + "\n" + Format.wrap("B: \(b.reports[0].headline)")
        if markdown { return heading + "\n\n" + totals.markdown + "\n\n" + layers.markdown + "\n" }
        return heading + "\n\n" + totals.text + "\n\n" + layers.text + "\n"
    }

    struct DiffDocument: Encodable {
        struct Side: Encodable { var id: String; var label: String; var report: ReportDocument }
        var a: Side
        var b: Side
        var ratios: [String: Double]
    }

    /// `runs diff --format json`: both reports and the `B / A` ratio of every summary quantity.
    public static func diffJSON(_ a: RunDocument, _ b: RunDocument) throws -> String {
        let left = a.reportedAnalysis.analysis, right = b.reportedAnalysis.analysis
        var ratios: [String: Double] = [:]
        for quantity in SummaryTable.quantities where quantity.value(left) != 0 {
            ratios[quantity.name] = quantity.value(right) / quantity.value(left)
        }
        return try JSONRenderer.encode(DiffDocument(
            a: .init(id: a.id, label: a.reportedAnalysis.label, report: ReportDocument(a.reports[0])),
            b: .init(id: b.id, label: b.reportedAnalysis.label, report: ReportDocument(b.reports[0])),
            ratios: ratios))
    }
}

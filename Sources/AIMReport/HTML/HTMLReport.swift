import AIMViewerCore
import Foundation

/// One self-contained HTML file (inline CSS and SVG, no network, no JavaScript): the charts a
/// reader looks at first, and under each the numbers as tables.
public enum HTMLReport {
    /// An analysis: roofline, per-layer time stacked by operator (baseline beside the method), the
    /// token schedule, the vision side when priced; `comparison` adds the targets side by side.
    public static func render(_ report: AnalysisReport, comparison: CompareReport? = nil) -> String {
        var body = "<h1>\(HTML.escape(report.headline))</h1>\n<ul class=\"facts\">"
        body += ([report.architectureLine] + report.workload).map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>\n"
        if let comparison { body += compareSection(comparison) }
        body += section("summary", "Summary", Charts.totals(report.labelledAnalyses) + HTML.table(SummaryTable.table(for: report)))
        let method = report.labelledAnalyses.last!
        body += section("roofline", "Roofline: \(method.label) prefill on \(report.hardware.name)",
                        Charts.roofline(method.analysis, hardware: report.hardware, label: method.label)
                        + "<p class=\"note\">Each point is one operator summed over all layers of the prefill (filled) or of one "
                        + "decode step (ring); its area is its share of the stage's time, its colour the roof that bounds it.</p>"
                        + HTML.table(Charts.operatorTable(method.analysis)))
        body += section("per-layer", "Time per layer, stacked by operator",
                        Charts.perLayer(report.labelledAnalyses) + HTML.table(TextRenderer.layerTable(method.analysis)))
        body += section("schedule", "Token schedule", Charts.schedule(report.labelledAnalyses)
                        + HTML.table(Charts.scheduleTable(report.labelledAnalyses)))
        body += section("memory", "Memory footprint against capacity", Charts.memory(report.labelledAnalyses, hardware: report.hardware))
        let request = Charts.request(report.labelledAnalyses, generations: report.generations)
        if !request.isEmpty { body += section("request", "Time to first token and decode", request) }
        if let vision = SummaryTable.visionTable(for: report), let ttft = SummaryTable.timeToFirstTokenTable(for: report) {
            let layers = SummaryTable.visionLayerTable(for: report).map { HTML.table($0.table, caption: $0.title) } ?? ""
            body += section("vision", "Vision side", HTML.table(vision.table, caption: vision.title)
                            + HTML.table(ttft.table, caption: ttft.title) + layers)
        }
        return document(title: report.headline, body: body)
    }

    /// An explore sweep: the Pareto frontier of the first target with the budget line, each
    /// method's best within the budget side by side, and the frontier's points as a table.
    public static func render(explore report: ExploreReport) -> String {
        let title = "Explore: \(report.model.name) on \(report.hardwareNames.joined(separator: ", ")), \(report.convention.rawValue) convention"
        let r = report.result
        var body = "<h1>\(HTML.escape(title))</h1>\n<ul class=\"facts\">"
        body += (["budget: \(report.budgetText): \(r.fits) of \(r.swept) schedules fit",
                 "swept \(r.swept) of \(r.total) schedules\(r.interrupted ? " (interrupted: results so far)" : "")"] + report.notes)
            .map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>\n"
        body += section("frontier", "Pareto frontier: cost against visual information", Charts.frontier(report)
                        + "<p class=\"note\">Each point is a schedule no other beats on both axes (within the budget); hover for its method and parameters.</p>"
                        + HTML.table(frontierTable(report)))
        body += section("methods", "Methods side by side at equal cost", Charts.methods(report))
        return document(title: title, body: body)
    }

    static func frontierTable(_ report: ExploreReport) -> PlainTable {
        var table = PlainTable(header: ExploreRenderer.pointColumns(report))
        for point in report.result.frontiers.first ?? [] {
            table.append(ExploreRenderer.row(report, point, hardware: false))
        }
        return table
    }

    static func compareSection(_ compare: CompareReport) -> String {
        let errors = compare.comparison.targets.compactMap { target in
            target.error.map { "<p class=\"note\">\(HTML.escape(target.hardware)) cannot be priced: \(HTML.escape($0))</p>" }
        }
        return section("compare", "Hardware targets side by side", Charts.compare(compare.comparison)
                       + HTML.table(Charts.compareTable(compare.comparison)) + errors.joined()
                       + "<p class=\"note\">Energy is request time x TDP: an upper bound. Sorted by the method's prefill time; speedup against \(HTML.escape(compare.comparison.referenceName)), the first target named.</p>")
    }

    static func section(_ id: String, _ title: String, _ content: String) -> String {
        "<section id=\"\(id)-section\"><h2>\(HTML.escape(title))</h2>\n\(content)\n</section>\n"
    }

    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="generator" content="aim-viewer"/>
        <title>\(HTML.escape(title))</title>
        <style>
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1000px; color: #222; padding: 0 16px; }
        h1 { font-size: 20px; } h2 { font-size: 17px; margin-top: 32px; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; margin: 12px 0; font-variant-numeric: tabular-nums; }
        th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: right; }
        th[scope=row], thead th:first-child { text-align: left; font-weight: normal; white-space: nowrap; }
        thead th { border-bottom: 2px solid #bbb; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        svg { display: block; margin: 8px 0; max-width: 100%; height: auto; }
        svg .plot { fill: #fcfcfc; stroke: #999; } svg .grid { stroke: #e6e6e6; }
        svg text { font: 11px system-ui, sans-serif; fill: #333; } svg .axis { font-size: 12px; }
        svg .roof { fill: none; stroke: #222; stroke-width: 2; } svg .ridge { stroke: #888; stroke-dasharray: 4 3; }
        .note, .facts { color: #555; } .charts { display: flex; flex-wrap: wrap; gap: 8px; }
        </style>
        </head>
        <body>
        \(body)
        <p class="note">Made by aim-viewer. Times are roofline estimates: each operator takes the longer of its compute and its memory time on the profile's peaks.</p>
        </body>
        </html>

        """
    }
}

import AIMReport
import AIMViewerCore
import AIMViewerKit
import Foundation
import Hummingbird

/// What the page asks for: the API's document together with its charts, drawn by the same chart
/// code as `--html`, in one answer so a slider's move costs one round trip.
/// `{"document": <the --format json document>, "charts": {"name": "<svg ...>"}}`.
enum ViewRoutes {
    static func add(to router: Router<BasicRequestContext>, limits: ServerLimits) {
        router.post("/api/view/analyze") { request, _ in
            let fields = try await Body.fields(request, limit: limits.maximumBodyBytes, table: FieldTables.analyze)
            let analyze = try RequestBuilders.analyze(fields)
            return APIResponse.json(try await Offload.run {
                switch analyze {
                case .analysis(let analysis):
                    let outcome = try AnalysisService.analyze(analysis)
                    return try view(document: AnalysisOutput(outcome.reports).render(.json), charts: ReportCharts.analysis(outcome.reports[0]))
                case .paper(let paper):
                    // A formula counts operations only: no time, bytes or memory to draw; the token
                    // schedule it counted is the one chart that holds.
                    let outcome = try PaperService.analyze(paper)
                    return try view(document: outcome.report.render(.json), charts: ReportCharts.paper(outcome.exact))
                }
            })
        }
        router.post("/api/view/compare") { request, _ in
            let fields = try await Body.fields(request, limit: limits.maximumBodyBytes, table: FieldTables.compare)
            let compare = try RequestBuilders.compare(fields)
            return APIResponse.json(try await Offload.run {
                let report = try CompareService.compare(compare).report
                return try view(document: report.json(), charts: ReportCharts.compare(report))
            })
        }
        router.post("/api/view/explore") { request, context in
            try await AnalysisRoutes.explore(request, context: context, limits: limits) { outcome in
                try view(document: outcome.report.json(), charts: ReportCharts.explore(outcome.report))
            }
        }
    }

    /// The document is spliced in as printed, so it is byte for byte the API's (and the CLI's).
    static func view(document: String, charts: [String: String]) throws -> String {
        "{\"document\": " + document.trimmingCharacters(in: .whitespacesAndNewlines)
            + ", \"charts\": " + (try JSONRenderer.encode(charts)).trimmingCharacters(in: .whitespacesAndNewlines) + "}\n"
    }
}

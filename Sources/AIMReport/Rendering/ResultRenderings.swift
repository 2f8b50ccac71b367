import AIMViewerCore

/// `analyze` (and a stored run re-rendered): one report, or `--convention both`'s two side by side.
public struct AnalysisOutput: RenderableResult {
    public var reports: [AnalysisReport]

    public init(_ reports: [AnalysisReport]) {
        self.reports = reports
    }

    var pair: (exact: AnalysisReport, llmViewer: AnalysisReport)? {
        reports.count == 2 ? (reports[0], reports[1]) : nil
    }

    public func table(_ settings: RenderSettings) throws -> String {
        if let pair { return ConventionDifference.render(exact: pair.exact, llmViewer: pair.llmViewer) }
        return TextRenderer.render(reports[0], detail: settings.detail, style: settings.style)
    }

    public func markdown(_ settings: RenderSettings) throws -> String {
        if let pair { return ConventionDifference.render(exact: pair.exact, llmViewer: pair.llmViewer, markdown: true) }
        return TextRenderer.render(reports[0], detail: settings.detail, markdown: true)
    }

    public func json() throws -> String {
        if let pair { return try JSONRenderer.render(exact: pair.exact, llmViewer: pair.llmViewer) }
        return try JSONRenderer.render(reports[0])
    }

    /// Both conventions share one header: llm-viewer's rows, then exact's.
    public func csv(_ settings: RenderSettings) throws -> String {
        if let pair { return CSVRenderer.render(pair.llmViewer) + CSVRenderer.render(pair.exact).split(separator: "\n", maxSplits: 1)[1] }
        return CSVRenderer.render(reports[0])
    }
}

extension CompareReport: RenderableResult {
    public func table(_ settings: RenderSettings) throws -> String { CompareRenderer.table(self, style: settings.style) }
    public func markdown(_ settings: RenderSettings) throws -> String { CompareRenderer.table(self, markdown: true) }
    public func json() throws -> String { try CompareRenderer.json(self) }
    public func csv(_ settings: RenderSettings) throws -> String { CompareRenderer.csv(self) }
}

extension ExploreReport: RenderableResult {
    public func table(_ settings: RenderSettings) throws -> String { ExploreRenderer.text(self) }
    public func markdown(_ settings: RenderSettings) throws -> String { ExploreRenderer.text(self, markdown: true) }
    public func json() throws -> String { try ExploreRenderer.json(self) }
    /// The frontier, one point per row.
    public func csv(_ settings: RenderSettings) throws -> String { ExploreRenderer.csv(self) }
}

/// `crosscheck`: per layer, and per operator with `settings.detail.perOperator`.
public struct CrosscheckOutput: RenderableResult {
    public var result: CrosscheckResult

    public init(_ result: CrosscheckResult) {
        self.result = result
    }

    public func table(_ settings: RenderSettings) throws -> String {
        CrosscheckRenderer.text(result, perOperator: settings.detail.perOperator)
    }

    public func markdown(_ settings: RenderSettings) throws -> String {
        CrosscheckRenderer.text(result, perOperator: settings.detail.perOperator, markdown: true)
    }

    public func json() throws -> String { try CrosscheckRenderer.json(result) }
    public func csv(_ settings: RenderSettings) throws -> String { CrosscheckRenderer.csv(result) }
}

/// `runs diff`: two runs with B / A ratios.
public struct RunDiffOutput: RenderableResult {
    public var a: RunDocument
    public var b: RunDocument

    public init(_ a: RunDocument, _ b: RunDocument) {
        self.a = a
        self.b = b
    }

    public func table(_ settings: RenderSettings) throws -> String { RunRenderers.diff(a, b) }
    public func markdown(_ settings: RenderSettings) throws -> String { RunRenderers.diff(a, b, markdown: true) }
    public func json() throws -> String { try RunRenderers.diffJSON(a, b) }

    public func csv(_ settings: RenderSettings) throws -> String {
        throw FormatNotApplicable("runs diff", .csv, instead: "use --format json for the ratios, or `runs export A B --format csv` for both runs' rows")
    }
}

/// `runs export`: every run's rows (CSV) or full reports (JSON).
public struct RunExportOutput: RenderableResult {
    public var runs: [RunDocument]

    public init(_ runs: [RunDocument]) {
        self.runs = runs
    }

    public func table(_ settings: RenderSettings) throws -> String {
        throw FormatNotApplicable("runs export", .table, instead: "export writes csv or json; `runs show ID` prints a run as a table")
    }

    public func markdown(_ settings: RenderSettings) throws -> String {
        throw FormatNotApplicable("runs export", .markdown, instead: "export writes csv or json; `runs show ID --format markdown` prints a run in Markdown")
    }

    public func json() throws -> String { try RunRenderers.exportJSON(runs) }
    public func csv(_ settings: RenderSettings) throws -> String { RunRenderers.exportCSV(runs) }
}

/// `runs rerun`: every stored total the current code no longer reproduces.
extension RerunReport: RenderableResult {
    var changesTable: PlainTable {
        var table = PlainTable(header: ["convention", "schedule", "stage", "quantity", "stored", "now", "relative change"])
        for change in changes {
            table.append([change.convention, change.schedule, change.stage, change.quantity, "\(change.stored)",
                          "\(change.now)", change.relative.map { String(format: "%+.3e", $0) } ?? "from 0"])
        }
        return table
    }

    public func table(_ settings: RenderSettings) throws -> String {
        if changes.isEmpty {
            return "run \(id): the current code reproduces every stored total (\(scheduleCount) schedules, prefill and decode)\n"
        }
        return "run \(id): \(changes.count) totals differ under the current code\n\n" + changesTable.text + "\n"
    }

    public func markdown(_ settings: RenderSettings) throws -> String {
        if changes.isEmpty { return try table(settings) }
        return "run \(id): \(changes.count) totals differ under the current code\n\n" + changesTable.markdown + "\n"
    }

    public func json() throws -> String { try JSONRenderer.encode(self) }

    public func csv(_ settings: RenderSettings) throws -> String {
        ([changesTable.header] + changesTable.rows).map { $0.map(CSVRenderer.escape).joined(separator: ",") }
            .joined(separator: "\n") + "\n"
    }
}

/// A small table (models, hardware, runs, deletions), with its JSON document beside it.
public struct Listing<Document: Encodable>: RenderableResult {
    public var header: [String]
    public var rows: [[String]]
    public var document: Document
    /// The table and Markdown forms, when a sentence says it better than a table.
    public var sentence: String?
    /// The CSV form for programs when it differs from the terminal table's (snake_case headers with
    /// units, raw numbers, empty for missing); `nil`: the table's cells are already that.
    public var csvTable: CSVTable?

    public init(header: [String], rows: [[String]], document: Document, sentence: String? = nil, csv: CSVTable? = nil) {
        self.header = header
        self.rows = rows
        self.document = document
        self.sentence = sentence
        self.csvTable = csv
    }

    public func table(_ settings: RenderSettings) throws -> String {
        sentence.map { $0 + "\n" } ?? PlainTable(header: header, rows: rows).text + "\n"
    }

    public func markdown(_ settings: RenderSettings) throws -> String {
        sentence.map { $0 + "\n" } ?? PlainTable(header: header, rows: rows).markdown + "\n"
    }

    public func json() throws -> String { try JSONRenderer.encode(document) }

    public func csv(_ settings: RenderSettings) throws -> String {
        (csvTable ?? CSVTable(header: header, rows: rows)).text
    }
}

/// A CSV document: a header of snake_case names with units, rows of raw values (`""` when missing).
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    public var text: String {
        ([header] + rows).map { $0.map(CSVRenderer.escape).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// A number in the shortest form that reads back exactly; empty when missing.
    public static func number(_ value: Double?) -> String { value.map(Format.exact) ?? "" }
}

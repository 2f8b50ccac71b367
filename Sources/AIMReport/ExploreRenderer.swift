import AIMViewerCore
import Foundation

extension ExploreReport {
    /// The budget as the reports state it: `<= 15 TFLOPs, <= 60 ms prefill` (end to end: time to
    /// first token, the vision side included).
    public var budgetText: String {
        var parts: [String] = []
        if let t = budget.tflops { parts.append("<= \(Format.number(t)) TFLOPs") }
        if let ms = budget.milliseconds { parts.append("<= \(Format.number(ms)) ms \(endToEnd ? "time to first token" : "prefill")") }
        if let gb = budget.memoryGB { parts.append("<= \(Format.number(gb)) GB memory") }
        return parts.isEmpty ? "no budget" : parts.joined(separator: ", ")
    }
}

/// `aim-viewer explore` output: the answers first (most frames, best per method), then the frontier.
public enum ExploreRenderer {
    static let pointHeader = ["method", "parameters", "frames", "TFLOPs", "prefill ms", "token-layers"]

    /// The point columns; end to end the time column is the time to first token.
    static func pointColumns(_ report: ExploreReport) -> [String] {
        var header = pointHeader
        if report.endToEnd { header[4] = "TTFT ms" }
        return header
    }

    /// The parameters without the method's prefix (`keep 0.25; start 14; step 0.125; analyzer`), so
    /// the tables fit 100 columns; CSV and JSON keep the command line's full names.
    static func compactParameters(_ preset: MethodPreset) -> String {
        let prefixes: Set<String> = ["merge", "prune", "fastv", "pdrop", "vtw", "fixed"]
        let parts = preset.parameters.map { name, value -> String in
            if name == "alignment" { return value }
            let words = name.split(separator: "-")
            let short = words.count > 1 && prefixes.contains(String(words[0])) ? words.dropFirst().joined(separator: "-") : name
            return "\(short) \(value)"
        }
        return parts.isEmpty ? "-" : parts.joined(separator: "; ")
    }

    static func row(_ report: ExploreReport, _ point: ExplorePoint, hardware: Bool) -> [String] {
        let preset = report.preset(point)
        var cells = [preset.methodName, compactParameters(preset), "\(point.frames)",
                     Format.fixed(point.ops / 1e12), Format.fixed(point.seconds * 1e3), "\(point.visualTokenLayers)"]
        if let memory = point.memoryBytes { cells.append(Format.fixed(memory / 1e9)) }
        if hardware { cells.insert(report.hardwareNames[point.hardwareIndex], at: 0) }
        return cells
    }

    static func table(_ report: ExploreReport, _ points: [ExplorePoint], markdown: Bool) -> String {
        let many = report.hardwareNames.count > 1
        var header = pointColumns(report)
        if report.budget.memoryGB != nil { header.append("memory GB") }
        if many { header.insert("hardware", at: 0) }
        var table = PlainTable(header: header)
        for point in points { table.append(row(report, point, hardware: many)) }
        return markdown ? table.markdown : table.text
    }

    public static func text(_ report: ExploreReport, markdown: Bool = false) -> String {
        let r = report.result
        let space = report.space
        var lines = [
            "Explore: \(report.model.name) on \(report.hardwareNames.joined(separator: ", ")), \(report.convention.rawValue) convention",
            "prompt: frames \(Self.describe(space.frames)) x \(space.tokensPerFrame) visual tokens + \(space.textTokens) text tokens; methods: \(space.presets.methodNames.sorted().joined(separator: ", "))",
            "swept \(r.swept) of \(r.total) schedules in \(Format.fixed(r.seconds, 2)) s (\(Format.fixed(Double(r.swept) / max(r.seconds, 1e-9), 0)) per second)\(r.interrupted ? " - INTERRUPTED, results so far" : "")",
            "budget: \(report.budgetText): \(r.fits) of \(r.swept) fit",
        ].map { markdown ? $0 : Format.wrap($0) }
        lines.insert(contentsOf: report.notes.map { markdown ? $0 : Format.wrap($0) }, at: 2)
        if let engine = report.engine {
            let targets = report.engineTargets.enumerated().map { index, target in
                "\(report.hardwareNames[index]) \(target.transferred == true ? "transferred" : target.fittedDevice.map { $0 == report.hardwareNames[index] ? "fitted" : "fitted (\($0))" } ?? "fitted")"
            }
            let text = "time: the prefill as the \(engine.name) regime runs it (fitted on \(engine.fittedOn.joined(separator: ", "))): \(targets.joined(separator: ", ")); the budget in ms and the time axis use it"
            lines.insert(markdown ? text : Format.wrap(text), at: 2)
        }
        if r.fits == 0 {
            lines.append("")
            lines.append("Nothing fits the budget. The cheapest schedule swept:")
            lines.append(table(report, r.cheapest.compactMap { $0 }, markdown: markdown))
            return lines.joined(separator: "\n") + "\n"
        }
        for (h, name) in report.hardwareNames.enumerated() {
            let suffix = report.hardwareNames.count > 1 ? " on \(name)" : ""
            if report.maximizeFrames {
                lines += ["", "Most frames within the budget, per method\(suffix):",
                          table(report, sorted(r.mostFramesPerMethod[h]), markdown: markdown)]
            }
            if !report.budget.isEmpty {
                lines += ["", "Methods at equal cost: each method's configuration with the most \(report.informationAxis.rawValue) within the budget\(suffix):",
                          table(report, sorted(r.bestPerMethod[h]).sorted { $0.information(report.informationAxis) > $1.information(report.informationAxis) }, markdown: markdown)]
            }
            let frontier = r.frontiers[h]
            lines += ["", "Pareto frontier\(suffix): \(report.costAxis == .flops ? "TFLOPs" : report.endToEnd ? "time to first token" : "prefill time") vs \(report.informationAxis.rawValue), \(frontier.count) point\(frontier.count == 1 ? "" : "s")\(frontier.count > 40 ? " (40 shown evenly; all in --format json/csv)" : ""):",
                      table(report, thinned(frontier, to: 40), markdown: markdown)]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func sorted(_ byMethod: [String: ExplorePoint]) -> [ExplorePoint] {
        byMethod.keys.sorted().compactMap { byMethod[$0] }
    }

    static func thinned(_ points: [ExplorePoint], to limit: Int) -> [ExplorePoint] {
        guard points.count > limit else { return points }
        return (0..<limit).map { points[$0 * (points.count - 1) / (limit - 1)] }
    }

    static func describe(_ frames: [Int]) -> String {
        frames.count == 1 ? "\(frames[0])" : "\(frames.min()!)...\(frames.max()!) (\(frames.count) values)"
    }

    /// The frontier (every point) as CSV, ready to plot. The prefill footprint is computed only
    /// under a memory budget (a full analysis per point), so its column is there only then.
    public static func csv(_ report: ExploreReport) -> String {
        let memory = report.budget.memoryGB != nil
        var header = ["hardware", "method", "parameters", "frames", "prefill_ops", "prefill_seconds", "visual_token_layers"]
        if memory { header.append("prefill_memory_bytes") }
        let engine = report.engine != nil
        if engine { header.append("roofline_prefill_seconds") }
        var rows: [[String]] = []
        for frontier in report.result.frontiers {
            for point in frontier {
                let preset = report.preset(point)
                var row = [report.hardwareNames[point.hardwareIndex], preset.methodName, preset.parameterSummary,
                           "\(point.frames)", Format.exact(point.ops), "\(point.seconds)", "\(point.visualTokenLayers)"]
                if memory { row.append(point.memoryBytes.map(Format.exact) ?? "") }
                if engine { row.append(point.rooflineSeconds.map { "\($0)" } ?? "") }
                rows.append(row)
            }
        }
        return CSVTable(header: header, rows: rows).text
    }

    public static func json(_ report: ExploreReport) throws -> String {
        try JSONRenderer.encode(ExploreDocument(report))
    }
}

struct ExploreDocument: Encodable {
    struct Point: Encodable {
        var hardware: String
        var method: String
        var parameters: [String: String]
        var frames: Int
        var ops: Double
        var prefillSeconds: Double
        /// Under an engine regime (`prefillSeconds` is then the regime's).
        var rooflinePrefillSeconds: Double?
        var visualTokenLayers: Int
        var memoryBytes: Double?
    }
    var model: String
    var hardware: [String]
    var convention: String
    var budget: ExploreBudget
    var cost: String
    var information: String
    var total: Int
    var swept: Int
    var interrupted: Bool
    var seconds: Double
    var fits: Int
    var mostFramesPerMethod: [Point]?
    var bestPerMethod: [Point]
    var frontier: [Point]
    var topHits: [Point]
    var cheapest: [Point]
    /// A multimodal model's tokens per frame and whether times include its vision side.
    var notes: [String]?
    /// Under `--engine`: the regime the times are priced with, and per target fitted or transferred.
    var engine: EngineRegimeSummary?
    var engineTargets: [EngineTarget]?
    /// `true` when every point's time includes the vision side (`--end-to-end`: time to first
    /// token); absent otherwise.
    var endToEnd: Bool?

    init(_ report: ExploreReport) {
        notes = report.notes.isEmpty ? nil : report.notes
        engine = report.engine
        engineTargets = report.engine == nil ? nil : report.engineTargets
        endToEnd = report.endToEnd ? true : nil
        func point(_ p: ExplorePoint) -> Point {
            let preset = report.preset(p)
            return Point(hardware: report.hardwareNames[p.hardwareIndex], method: preset.methodName,
                         parameters: Dictionary(preset.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
                         frames: p.frames, ops: p.ops, prefillSeconds: p.seconds, rooflinePrefillSeconds: p.rooflineSeconds,
                         visualTokenLayers: p.visualTokenLayers,
                         memoryBytes: p.memoryBytes)
        }
        let r = report.result
        model = report.model.name
        hardware = report.hardwareNames
        convention = report.convention.rawValue
        budget = report.budget
        cost = report.costAxis.rawValue
        information = report.informationAxis.rawValue
        total = r.total
        swept = r.swept
        interrupted = r.interrupted
        seconds = r.seconds
        fits = r.fits
        mostFramesPerMethod = report.maximizeFrames ? r.mostFramesPerMethod.flatMap { ExploreRenderer.sorted($0).map(point) } : nil
        bestPerMethod = r.bestPerMethod.flatMap { ExploreRenderer.sorted($0).map(point) }
        frontier = r.frontiers.flatMap { $0.map(point) }
        topHits = r.topHits.map(point)
        cheapest = r.cheapest.compactMap { $0 }.map(point)
    }
}

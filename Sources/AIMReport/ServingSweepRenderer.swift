import AIMViewerCore

/// `explore` serving sweeps in every format: every configuration (terminal: grouped by device),
/// the largest batch that fits, and the latency-throughput frontier. CSV has one row per
/// configuration in base units.
extension ServingSweepReport: RenderableResult {
    public func table(_ settings: RenderSettings) throws -> String { ServingSweepRenderer.text(self) }
    public func markdown(_ settings: RenderSettings) throws -> String { ServingSweepRenderer.text(self, markdown: true) }
    public func json() throws -> String { try JSONRenderer.encode(ServingSweepDocument(self)) }
    public func csv(_ settings: RenderSettings) throws -> String { ServingSweepRenderer.csv(self) }
}

enum ServingSweepRenderer {
    /// The terminal lists every configuration up to this many; beyond, the answers only.
    static let listedPoints = 120

    static func prompt(_ report: ServingSweepReport, _ index: Int) -> String {
        report.promptLabels.count > 1 ? "p\(index + 1)" : ""
    }

    static func memory(_ point: ServingPoint) -> String {
        guard let capacity = point.memoryCapacityBytes else { return Format.si(point.peakFootprintBytes, "B") + " / ?" }
        let text = "\(Format.number(point.peakFootprintBytes / 1e9))/\(Format.number(capacity / 1e9)) GB"
        return point.peakFootprintBytes <= capacity ? text : text + " NO"
    }

    static func describe(_ values: [Int]) -> String {
        values.count <= 8 ? values.map(String.init).joined(separator: ",") : "\(values.first!)...\(values.last!) (\(values.count) values)"
    }

    static func text(_ report: ServingSweepReport, markdown: Bool = false) -> String {
        let r = report.result
        let many = report.promptLabels.count > 1
        let o = report.options
        var lines = [
            "Explore (serving): \(report.model.name) on \(report.hardwareNames.joined(separator: ", ")) · convention \(o.convention.rawValue) · W\(o.weightBits)A\(o.activationBits)KV\(o.kvBits)\(o.flashAttention ? " · flash attention" : "")",
            "prompts: \(report.promptText)",
            "batch \(describe(report.batchSizes)) · tp \(describe(report.tensorParallel)) · gen-len \(describe(report.generationLengths)): \(r.points.count) of \(r.total) configurations priced in \(Format.fixed(report.seconds, 2)) s\(r.interrupted ? " - INTERRUPTED, results so far" : "")",
        ]
        if let engine = report.engine {
            let transferred = Set(r.points.filter { $0.engineTransferred == true }.map { report.hardwareNames[$0.hardwareIndex] })
            lines.append("times and throughputs: the request as the \(engine.name) regime runs it (fitted on \(engine.fittedOn.joined(separator: ", "))"
                         + (transferred.isEmpty ? ")" : "; transferred to \(transferred.sorted().joined(separator: ", ")))"))
        }
        if many {
            lines.append("prompt " + report.promptLabels.enumerated().map { "p\($0.offset + 1) = \($0.element)" }.joined(separator: "; "))
        }
        lines = lines.map { markdown ? $0 : Format.wrap($0) }
        func render(_ table: PlainTable) -> String { markdown ? table.markdown : table.text }

        if r.points.count <= listedPoints {
            var table = PlainTable(header: ["tp", "batch", "gen-len"] + (many ? ["prompt"] : [])
                                   + ["TTFT", "per token", "e2e tok/s", "dec tok/s", "memory"])
            for (h, name) in report.hardwareNames.enumerated() {
                let points = r.points.filter { $0.hardwareIndex == h }
                guard !points.isEmpty else { continue }
                table.append([name])
                for p in points {
                    var cells = ["\(p.tensorParallel)", "\(p.batchSize)", "\(p.generationLength)"] + (many ? [prompt(report, p.promptIndex)] : [])
                    if p.error != nil {
                        cells += ["n/a", "", "", "", "see below"]
                    } else {
                        cells += [Format.si(p.timeToFirstTokenSeconds, "s"), Format.si(p.timePerOutputTokenSeconds, "s"),
                                  Format.number(p.outputTokensPerSecond), Format.number(p.decodeTokensPerSecond), memory(p)]
                    }
                    table.append(cells)
                }
            }
            lines += ["", "Every configuration (TTFT: prefill; per token: mean decode step; e2e tok/s: generated tokens over the whole request; dec tok/s: decoding alone):"]
                .map { markdown ? $0 : Format.wrap($0) }
            lines.append(render(table))
        } else {
            lines += ["", "\(r.points.count) configurations: every one in --format csv or json; the answers follow."]
        }

        var largest = PlainTable(header: ["tp", "gen-len"] + (many ? ["prompt"] : []) + ["largest batch", "e2e tok/s", "per token", "memory"])
        for (h, name) in report.hardwareNames.enumerated() {
            let rows = r.largestFittingBatches.filter { $0.hardwareIndex == h }
            guard !rows.isEmpty else { continue }
            largest.append([name])
            for row in rows {
                var cells = ["\(row.tensorParallel)", "\(row.generationLength)"] + (many ? [prompt(report, row.promptIndex)] : [])
                if let point = row.point {
                    cells += ["\(point.batchSize)", Format.number(point.outputTokensPerSecond),
                              Format.si(point.timePerOutputTokenSeconds, "s"), memory(point)]
                } else {
                    cells += ["none fits", "", "", ""]
                }
                largest.append(cells)
            }
        }
        lines += ["", Format.wrap("Largest swept batch that fits in device memory (per device, --tp, generation length\(many ? " and prompt" : "")):"), render(largest)]

        let frontier = r.latencyThroughputFrontier
        var table = PlainTable(header: ["hardware", "tp", "batch", "gen-len"] + (many ? ["prompt"] : []) + ["per token", "e2e tok/s", "TTFT"])
        for p in frontier {
            table.append([report.hardwareNames[p.hardwareIndex], "\(p.tensorParallel)", "\(p.batchSize)", "\(p.generationLength)"]
                         + (many ? [prompt(report, p.promptIndex)] : [])
                         + [Format.si(p.timePerOutputTokenSeconds, "s"), Format.number(p.outputTokensPerSecond),
                            Format.si(p.timeToFirstTokenSeconds, "s")])
        }
        lines += ["", Format.wrap("Latency-throughput frontier: the configurations that fit which no other beats on both time per output token and e2e tok/s, \(frontier.count) point\(frontier.count == 1 ? "" : "s"):"),
                  render(table)]
        let errors = r.points.compactMap { p in p.error.map { "\(report.hardwareNames[p.hardwareIndex]) at tp \(p.tensorParallel): \($0)" } }
        for error in Array(Set(errors)).sorted().prefix(10) { lines += ["", Format.wrap("not priced: " + error)] }
        lines += ["", Format.wrap("memory: peak footprint per device over the request / capacity (NO: does not fit). "
                                  + (report.engine.map { "Times are the \($0.name) regime's (the roofline's in --format json and csv)." } ?? "Times are the pure roofline (a lower bound)."))]
        return lines.joined(separator: "\n") + "\n"
    }

    static let csvHeader = [
        "hardware", "prompt", "prompt_tokens", "tensor_parallel", "batch_size", "generation_length",
        "time_to_first_token_seconds", "time_per_output_token_seconds", "request_seconds", "output_tokens_per_second",
        "decode_tokens_per_second", "peak_footprint_bytes", "memory_capacity_bytes", "fits", "largest_fitting_batch",
        "on_frontier", "error",
    ]

    static let engineCSVHeader = ["roofline_time_to_first_token_seconds", "roofline_time_per_output_token_seconds",
                                  "roofline_output_tokens_per_second", "engine_transferred"]

    static func csv(_ report: ServingSweepReport) -> String {
        let r = report.result
        let engine = report.engine != nil
        var largest: [[Int]: Int] = [:]
        for row in r.largestFittingBatches {
            if let batch = row.batchSize { largest[[row.hardwareIndex, row.tensorParallel, row.promptIndex, row.generationLength]] = batch }
        }
        let frontier = Set(r.latencyThroughputFrontier.map { [$0.hardwareIndex, $0.tensorParallel, $0.batchSize, $0.promptIndex, $0.generationLength] })
        var rows: [[String]] = []
        for p in r.points {
            let priced = p.error == nil
            func value(_ x: Double) -> String { priced ? Format.exact(x) : "" }
            rows.append([report.hardwareNames[p.hardwareIndex], report.promptLabels[p.promptIndex],
                         "\(report.promptTokens[p.promptIndex])", "\(p.tensorParallel)", "\(p.batchSize)", "\(p.generationLength)",
                         value(p.timeToFirstTokenSeconds), value(p.timePerOutputTokenSeconds), value(p.requestSeconds),
                         value(p.outputTokensPerSecond), value(p.decodeTokensPerSecond), value(p.peakFootprintBytes),
                         p.memoryCapacityBytes.map(Format.exact) ?? "", p.fits.map { "\($0)" } ?? "",
                         largest[[p.hardwareIndex, p.tensorParallel, p.promptIndex, p.generationLength]].map(String.init) ?? "",
                         priced ? "\(frontier.contains([p.hardwareIndex, p.tensorParallel, p.batchSize, p.promptIndex, p.generationLength]))" : "",
                         p.error ?? ""]
                         + (engine ? [p.rooflineTimeToFirstTokenSeconds.map(Format.exact) ?? "", p.rooflineTimePerOutputTokenSeconds.map(Format.exact) ?? "",
                                      p.rooflineOutputTokensPerSecond.map(Format.exact) ?? "", p.engineTransferred.map { "\($0)" } ?? ""] : []))
        }
        return CSVTable(header: csvHeader + (engine ? engineCSVHeader : []), rows: rows).text
    }
}

/// `explore --format json` of a serving sweep.
struct ServingSweepDocument: Encodable {
    var model: String
    var hardware: [String]
    var options: AnalysisOptions
    var prompts: [String]
    var promptTokens: [Int]
    var batchSizes: [Int]
    var tensorParallel: [Int]
    var generationLengths: [Int]
    var total: Int
    var interrupted: Bool
    var seconds: Double
    var points: [ServingPoint]
    var largestFittingBatches: [ServingSweepResult.LargestBatch]
    var frontier: [ServingPoint]
    var engine: EngineRegimeSummary?

    init(_ report: ServingSweepReport) {
        engine = report.engine
        model = report.model.name
        hardware = report.hardwareNames
        options = report.options
        prompts = report.promptLabels
        promptTokens = report.promptTokens
        batchSizes = report.batchSizes
        tensorParallel = report.tensorParallel
        generationLengths = report.generationLengths
        total = report.result.total
        interrupted = report.result.interrupted
        seconds = report.seconds
        points = report.result.points
        largestFittingBatches = report.result.largestFittingBatches
        frontier = report.result.latencyThroughputFrontier
    }
}

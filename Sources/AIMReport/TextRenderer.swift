import AIMViewerCore

/// What the detail sections show besides the summary.
public struct DetailLevel: Sendable, Equatable {
    public var perLayer: Bool
    public var perOperator: Bool

    public init(perLayer: Bool = false, perOperator: Bool = false) {
        self.perLayer = perLayer
        self.perOperator = perOperator
    }
}

/// The terminal report (`--format table`) and its Markdown twin (`--format markdown`).
public enum TextRenderer {
    public static func render(_ report: AnalysisReport, detail: DetailLevel = DetailLevel(), markdown: Bool = false,
                              style: TerminalStyle = .plain) -> String {
        var sections: [String] = []
        let heading = markdown ? "## " : ""
        sections.append(markdown ? "# " + report.headline : style.bold(Format.wrap(report.headline)))
        let facts = [report.architectureLine] + report.workload
        sections.append(facts.map { markdown ? "- " + $0 : Format.wrap($0) }.joined(separator: "\n"))
        let summary = SummaryTable.table(for: report)
        sections.append(markdown ? summary.markdown : summary.text)
        if let warning = memoryWarning(report) {
            let flag = "DOES NOT FIT"
            sections.append(markdown ? "**" + warning + "**" : style.red(flag) + Format.wrap(warning).dropFirst(flag.count))
        }
        for extra in [SummaryTable.visionTable(for: report), SummaryTable.timeToFirstTokenTable(for: report),
                      SummaryTable.generationTable(for: report), SummaryTable.calibratedTable(for: report),
                      SummaryTable.engineTable(for: report),
                      SummaryTable.overheadTable(for: report),
                      SummaryTable.llmViewerReferenceTable(for: report)].compactMap({ $0 }) {
            sections.append((markdown ? "\(heading)\(extra.title)\n\n" + extra.table.markdown : extra.title + "\n" + extra.table.text))
        }
        if detail.perLayer, let vision = SummaryTable.visionLayerTable(for: report) {
            sections.append(markdown ? "\(heading)\(vision.title)\n\n" + vision.table.markdown : vision.title + "\n" + vision.table.text)
        }
        for (label, analysis) in report.labelledAnalyses {
            let estimate = report.labelledAnalyses.firstIndex { $0.label == label }.flatMap { index in
                index < report.engine.count ? report.engine[index] : nil
            }
            if detail.perLayer {
                let table = layerTable(analysis, engine: estimate)
                let engineNote = estimate.map { e in
                    "; \(e.engine) ms and us: each layer's kernels under the regime"
                        + (e.decodeContextTokens == analysis.decode.layers.first?.contextTokens ? "" : " (prefill only: the decode step was priced at --context \(e.decodeContextTokens))")
                } ?? ""
                let title = "\(label): per layer (prefill; decode is one step at the same context\(engineNote))"
                sections.append("\(heading)\(markdown || estimate == nil ? title : Format.wrap(title))\n"
                    + (markdown ? "\n" + table.markdown : table.text))
            }
            if detail.perOperator {
                for stage in Stage.allCases {
                    let engineStage = estimate.flatMap { e -> (name: String, stage: EngineEstimate.Stage)? in
                        switch stage {
                        case .prefill: return (e.engine, e.prefill)
                        case .decode: return e.decodeContextTokens == analysis.decode.layers.first?.contextTokens ? (e.engine, e.decode) : nil
                        }
                    }
                    let table = operatorTable(analysis.stage(stage), engine: engineStage)
                    let title = "\(label): per operator, \(stage.rawValue) (bytes loaded and stored in MB; bound link: the interconnect)"
                    sections.append(markdown ? "\(heading)\(title)\n\n" + table.markdown : Format.wrap(title) + "\n" + table.text)
                }
            }
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// Said when the largest footprint exceeds the device's memory, as `compare` marks it.
    static func memoryWarning(_ report: AnalysisReport) -> String? {
        guard let fit = report.memoryFit, !fit.fits else { return nil }
        let remedy = fit.smallestFittingTensorParallel.map { "it fits with --tp \($0) (\($0) devices)" }
            ?? "no --tp up to \(HardwareComparer.largestTensorParallel) fits"
        return "DOES NOT FIT in device memory: the peak footprint \(Format.si(fit.peakFootprintBytes, "B")) exceeds "
            + "\(report.hardware.name)'s \(Format.si(fit.capacityBytes, "B")); \(remedy)."
    }

    /// `engine`: with `--engine`, each layer's time under that regime beside the roofline's (the
    /// decode step only when the regime priced it at the analysis's own context).
    static func layerTable(_ analysis: PassAnalysis, engine: EngineEstimate? = nil) -> PlainTable {
        let decodeEngine = engine.flatMap { $0.decodeContextTokens == analysis.decode.layers.first?.contextTokens ? $0.decode : nil }
        var header = [
            "layer", "tokens", "prefill GFLOPs", "prefill ms", "prefill GB moved", "decode MFLOPs", "decode us",
        ]
        if let engine {
            header.insert("\(engine.engine) ms", at: 4)
            if decodeEngine != nil { header.append("\(engine.engine) us") }
        }
        var table = PlainTable(header: header)
        func at(_ values: [Double]?, _ index: Int) -> Double? {
            guard let values, index < values.count else { return nil }
            return values[index]
        }
        for (position, (prefill, decode)) in zip(analysis.prefill.layers, analysis.decode.layers).enumerated() {
            var row = [
                "\(prefill.index)", "\(prefill.queryTokens)",
                Format.fixed(prefill.totals.cost.ops / 1e9), Format.fixed(prefill.totals.seconds * 1e3, 3),
                Format.fixed(prefill.totals.cost.bytes / 1e9, 3),
                Format.fixed(decode.totals.cost.ops / 1e6), Format.fixed(decode.totals.seconds * 1e6, 2),
            ]
            if let engine {
                row.insert(at(engine.prefill.layerSeconds, position).map { Format.fixed($0 * 1e3, 3) } ?? "-", at: 4)
                if let decodeEngine { row.append(at(decodeEngine.layerSeconds, position).map { Format.fixed($0 * 1e6, 2) } ?? "-") }
            }
            table.append(row)
        }
        for (position, op) in analysis.prefill.modelOperators.enumerated() {
            let decodeIndex = analysis.decode.modelOperators.firstIndex { $0.name == op.name }
            let decode = decodeIndex.map { analysis.decode.modelOperators[$0] }
            var row = [
                op.name.rawValue, "", Format.fixed(op.cost.ops / 1e9), Format.fixed(op.seconds * 1e3, 3),
                Format.fixed(op.cost.bytes / 1e9, 3), decode.map { Format.fixed($0.cost.ops / 1e6) } ?? "-",
                decode.map { Format.fixed($0.seconds * 1e6, 2) } ?? "-",
            ]
            if let engine {
                row.insert(at(engine.prefill.modelOperatorShares, position).map { Format.fixed($0 * 1e3, 3) } ?? "-", at: 4)
                if let decodeEngine {
                    row.append(decodeIndex.flatMap { at(decodeEngine.modelOperatorShares, $0) }.map { Format.fixed($0 * 1e6, 2) } ?? "-")
                }
            }
            table.append(row)
        }
        if let engine {
            // The regime's fixed cost per forward step belongs to no layer.
            var row = ["step overhead", "", "", "", Format.fixed(engine.stepOverheadSeconds * 1e3, 3), "", "", ""]
            if decodeEngine != nil { row.append(Format.fixed(engine.stepOverheadSeconds * 1e6, 2)) }
            table.append(row)
        }
        return table
    }

    /// `engine`: with `--engine`, each operator's share of its kernel's time under that regime, in a
    /// column after the roofline's (the decode step only when it is at the analysis's own context).
    static func operatorTable(_ stage: StageAnalysis, engine: (name: String, stage: EngineEstimate.Stage)? = nil) -> PlainTable {
        var header = [
            "layer", "operator", "GOPs", "weights", "act in", "act out", "KV in", "KV out", "ops/B", "bound", "us",
        ]
        if let engine { header.append("\(engine.name) us") }
        var table = PlainTable(header: header)
        func row(_ layer: String, _ op: PricedOperator, _ share: Double?) -> [String] {
            let c = op.cost
            return [
                layer, op.name.rawValue, Format.fixed(c.ops / 1e9, c.ops >= 1e12 ? 1 : 3),
                Format.fixed(c.loadWeightBytes / 1e6), Format.fixed(c.loadActivationBytes / 1e6),
                Format.fixed(c.storeActivationBytes / 1e6), Format.fixed(c.loadKVBytes / 1e6),
                Format.fixed(c.storeKVBytes / 1e6),
                op.intensityOpsPerByte.map { Format.fixed($0, 1) } ?? "-", op.bound == .interconnect ? "link" : op.bound.rawValue,
                Format.fixed(op.seconds * 1e6, 1),
            ] + (engine == nil ? [] : [share.map { Format.fixed($0 * 1e6, 1) } ?? "-"])
        }
        for (index, layer) in stage.layers.enumerated() {
            let shares = engine.flatMap { index < $0.stage.operatorSeconds.count ? $0.stage.operatorSeconds[index] : nil }
            for (position, op) in layer.operators.enumerated() {
                table.append(row("\(layer.index)", op, shares.flatMap { position < $0.count ? $0[position] : nil }))
            }
        }
        for (position, op) in stage.modelOperators.enumerated() {
            let share = engine.flatMap { position < $0.stage.modelOperatorShares.count ? $0.stage.modelOperatorShares[position] : nil }
            table.append(row("model", op, share))
        }
        return table
    }
}

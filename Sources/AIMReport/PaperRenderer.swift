import AIMViewerCore

/// `analyze --convention fastv-paper|pdrop-paper` in every format: the formula's count of each
/// schedule, the exact count beside it, their ratio, and the method's share of its baseline.
extension PaperReport: RenderableResult {
    public func table(_ settings: RenderSettings) throws -> String { PaperRenderer.text(self, detail: settings.detail) }

    public func markdown(_ settings: RenderSettings) throws -> String {
        PaperRenderer.text(self, detail: settings.detail, markdown: true)
    }

    public func json() throws -> String { try JSONRenderer.encode(PaperDocument(self)) }

    /// One row per schedule, stage and layer (`total` for the sums), in SI units.
    public func csv(_ settings: RenderSettings) throws -> String { PaperRenderer.csv(self) }
}

enum PaperRenderer {
    /// A count with an SI prefix and 3 decimals (`3.200 TMACs`, `8.343 TFLOPs`): one more digit than
    /// `Format.si`, since readers compare these with figures printed in papers.
    static func count(_ value: Double, _ unit: String) -> String {
        guard value.isFinite else { return "n/a" }
        guard value != 0 else { return "0 \(unit)" }
        let prefixes: [(Double, String)] = [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        guard let (scale, prefix) = prefixes.first(where: { abs(value) >= $0.0 * 0.9999995 }) else {
            return Format.number(value) + " \(unit)"
        }
        return Format.fixed(value / scale, 3) + " \(prefix)\(unit)"
    }

    static func text(_ report: PaperReport, detail: DetailLevel, markdown: Bool = false) -> String {
        var sections: [String] = []
        sections.append((markdown ? "# " : "") + "\(report.model.name), convention \(report.formula.rawValue): \(report.formula.source)")
        sections.append(facts(report).map { markdown ? "- " + $0 : Format.wrap($0) }.joined(separator: "\n"))
        let summary = summaryTable(report)
        sections.append(markdown ? summary.markdown : summary.text)
        if detail.perLayer {
            for entry in report.entries {
                let table = layerTable(entry, unit: report.unit)
                let title = "\(entry.label): per layer (exact: the decoder layer alone, without the head and embedding)"
                sections.append(markdown ? "## \(title)\n\n" + table.markdown : title + "\n" + table.text)
            }
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// What the formula is, the unit, the workload, the `n` it saw, and how the exact count was taken.
    static func facts(_ report: PaperReport) -> [String] {
        let d = report.model.hiddenSize, m = report.model.intermediateSize
        var lines = ["formula per layer: \(report.formula.prefillExpression) with d = \(d) (hidden size), m = \(m) (intermediate size), \(report.model.layerCount) layers"]
        if let steps = report.generationLength {
            lines.append("decode term per layer and generated token (\(steps) tokens): \(report.formula.decodeExpression), c = the layer's prefill tokens + the tokens generated so far, itself included")
        }
        lines.append("unit: \(report.unit.meaning)")
        lines += report.workload
        for entry in report.entries {
            let sum = entry.paper.tokensPerLayer.reduce(0, +)
            lines.append("n, the tokens the formula saw, \(entry.label): " + entry.paper.tokenRuns.map(\.summary).joined(separator: ", ")
                + " (\(sum) token-layers)")
        }
        var exact = "exact: the same schedules under the exact convention, in FLOPs (one per multiply or add), the head at every prefill position (a profiler's full forward pass)"
        if report.exactOptions.flashAttention { exact += ", attention as FlashAttention-2" }
        lines.append(exact + "; formula / exact compares both in FLOPs (2 per MAC): below 1 the formula under-counts")
        return lines
    }

    /// One row per quantity, one column per schedule, and the method's share of its baseline.
    static func summaryTable(_ report: PaperReport) -> PlainTable {
        let unit = report.unit
        let compared = report.entries.count == 2
        let methodLabel = report.entries.last?.label ?? ""
        var table = PlainTable(header: [""] + report.entries.map(\.label) + (compared ? ["\(methodLabel) / baseline"] : []))
        func row(_ name: String, _ value: (PaperReport.Entry) -> Double?, format: (Double) -> String, share: Bool = true) {
            let values = report.entries.map(value)
            var cells = [name] + values.map { $0.map(format) ?? "n/a" }
            if compared {
                if share, let baseline = values[0], let method = values[1], baseline != 0 {
                    cells.append(Format.fixed(100 * method / baseline) + "%")
                } else {
                    cells.append("")
                }
            }
            table.append(cells)
        }
        func formula(_ macs: Double) -> String { count(unit.value(ofMACs: macs), unit.symbol) }
        func flops(_ value: Double) -> String { count(value, "FLOPs") }
        func ratio(_ value: Double) -> String { Format.fixed(value, 3) }
        row("prefill, formula (\(unit.symbol))", { $0.paper.prefillMACs }, format: formula)
        row("prefill, exact (FLOPs)", { $0.exactPrefillFLOPs }, format: flops)
        row("prefill, exact in the decoder layers", { $0.exactLayersOnlyFLOPs }, format: flops)
        row("prefill, formula / exact", { $0.prefillFormulaOverExact }, format: ratio, share: false)
        if let steps = report.generationLength {
            row("decode of \(steps) tokens, formula (\(unit.symbol))", { $0.paper.decodeMACs }, format: formula)
            row("decode of \(steps) tokens, exact (FLOPs)", { $0.exactDecodeFLOPs }, format: flops)
            row("decode, formula / exact", { $0.decodeFormulaOverExact }, format: ratio, share: false)
            row("prefill + decode, formula (\(unit.symbol))", { $0.paper.totalMACs }, format: formula)
            row("prefill + decode, exact (FLOPs)", { $0.exactTotalFLOPs }, format: flops)
            row("prefill + decode, formula / exact", { $0.totalFormulaOverExact }, format: ratio, share: false)
        }
        return table
    }

    static func layerTable(_ entry: PaperReport.Entry, unit: FLOPsUnit) -> PlainTable {
        let decode = entry.paper.generationLength
        var table = PlainTable(header: ["layer", "n", "formula (\(unit.symbol))", "exact (FLOPs)", "formula / exact"]
            + (decode.map { ["decode of \($0), formula (\(unit.symbol))"] } ?? []))
        for (layer, exact) in zip(entry.paper.layers, entry.exactLayerFLOPs) {
            var cells = ["\(layer.index)", "\(layer.tokens)", count(unit.value(ofMACs: layer.prefillMACs), unit.symbol),
                         count(exact, "FLOPs"),
                         exact == 0 ? "n/a" : Format.fixed(2 * layer.prefillMACs / exact, 3)]
            if decode != nil { cells.append(count(unit.value(ofMACs: layer.decodeMACs ?? 0), unit.symbol)) }
            table.append(cells)
        }
        return table
    }

    /// `scope` is `layer` (with its index in `layer`) or `total` (`layer` empty): one type per column.
    static let csvColumns = ["convention", "unit", "schedule", "stage", "scope", "layer", "tokens", "generated_tokens", "formula",
                             "formula_macs", "exact_flops", "formula_over_exact"]

    static func csv(_ report: PaperReport) -> String {
        let unit = report.unit
        var lines = [csvColumns.joined(separator: ",")]
        func line(_ entry: PaperReport.Entry, _ stage: String, _ layer: String, _ tokens: String, _ generated: String,
                  _ macs: Double, _ exact: Double?) {
            let ratio = exact.flatMap { $0 == 0 ? nil : 2 * macs / $0 }
            lines.append([report.formula.rawValue, unit.rawValue, CSVRenderer.escape(entry.label), stage,
                          layer == "total" ? "total" : "layer", layer == "total" ? "" : layer, tokens, generated,
                          Format.exact(unit.value(ofMACs: macs)), Format.exact(macs), exact.map(Format.exact) ?? "",
                          ratio.map { "\($0)" } ?? ""].joined(separator: ","))
        }
        for entry in report.entries {
            for (layer, exact) in zip(entry.paper.layers, entry.exactLayerFLOPs) {
                line(entry, "prefill", "\(layer.index)", "\(layer.tokens)", "", layer.prefillMACs, exact)
            }
            line(entry, "prefill", "total", "\(entry.paper.tokensPerLayer.reduce(0, +))", "", entry.paper.prefillMACs,
                 entry.exactPrefillFLOPs)
            if let steps = entry.paper.generationLength, let decode = entry.paper.decodeMACs {
                for layer in entry.paper.layers {
                    line(entry, "decode", "\(layer.index)", "\(layer.tokens)", "\(steps)", layer.decodeMACs ?? 0, nil)
                }
                line(entry, "decode", "total", "\(entry.paper.tokensPerLayer.reduce(0, +))", "\(steps)", decode, entry.exactDecodeFLOPs)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `--format json` of a paper convention (docs/paper-conventions.md): counts in the report's unit
/// under `formula`, always also in MACs, and the exact convention's operations in FLOPs.
struct PaperDocument: Encodable {
    struct Formula: Encodable {
        var name: String
        var source: String
        var perLayer: String
        var decodePerToken: String
        var mlpMatrices: Int
        var hiddenSize: Int
        var intermediateSize: Int
        var layerCount: Int
    }

    struct Stage: Encodable {
        var formula: Double
        var formulaMACs: Double
        var exactFLOPs: Double?
        var formulaOverExact: Double?
    }

    struct Layer: Encodable {
        var index: Int
        var tokens: Int
        var formula: Double
        var formulaMACs: Double
        var exactFLOPs: Double
        var decodeFormula: Double?
    }

    struct Schedule: Encodable {
        var role: String
        var label: String
        var tokensPerLayer: [Int]
        var tokenRuns: [TokenRun]
        var prefill: Stage
        var prefillExactInLayersFLOPs: Double
        var decode: Stage?
        var total: Stage
        var layers: [Layer]
    }

    struct Share: Encodable {
        var formula: Double?
        var exact: Double?
    }

    var convention: String
    var formula: Formula
    var unit: String
    var unitMeaning: String
    var model: String
    var workload: [String]
    var generationLength: Int?
    var exactHeadAtEveryPosition: Bool
    var exactFlashAttention: Bool
    var schedules: [Schedule]
    /// method / baseline, when a method is compared.
    var prefillMethodOverBaseline: Share?
    var totalMethodOverBaseline: Share?

    init(_ report: PaperReport) {
        let unit = report.unit
        func stage(_ macs: Double, _ exact: Double?, _ ratio: Double?) -> Stage {
            Stage(formula: unit.value(ofMACs: macs), formulaMACs: macs, exactFLOPs: exact, formulaOverExact: ratio)
        }
        convention = report.formula.rawValue
        formula = Formula(name: report.formula.rawValue, source: report.formula.source, perLayer: report.formula.prefillExpression,
                          decodePerToken: report.formula.decodeExpression, mlpMatrices: report.formula.mlpMatrices,
                          hiddenSize: report.model.hiddenSize, intermediateSize: report.model.intermediateSize,
                          layerCount: report.model.layerCount)
        self.unit = unit.rawValue
        unitMeaning = unit.meaning
        model = report.model.name
        workload = report.workload
        generationLength = report.generationLength
        exactHeadAtEveryPosition = report.exactOptions.logitsForAllPositions
        exactFlashAttention = report.exactOptions.flashAttention
        schedules = report.entries.map { entry in
            let paper = entry.paper
            return Schedule(
                role: entry.role, label: entry.label, tokensPerLayer: paper.tokensPerLayer, tokenRuns: paper.tokenRuns,
                prefill: stage(paper.prefillMACs, entry.exactPrefillFLOPs, entry.prefillFormulaOverExact),
                prefillExactInLayersFLOPs: entry.exactLayersOnlyFLOPs,
                decode: paper.decodeMACs.map { stage($0, entry.exactDecodeFLOPs, entry.decodeFormulaOverExact) },
                total: stage(paper.totalMACs, entry.exactTotalFLOPs, entry.totalFormulaOverExact),
                layers: zip(paper.layers, entry.exactLayerFLOPs).map { layer, exact in
                    Layer(index: layer.index, tokens: layer.tokens, formula: unit.value(ofMACs: layer.prefillMACs),
                          formulaMACs: layer.prefillMACs, exactFLOPs: exact,
                          decodeFormula: layer.decodeMACs.map(unit.value(ofMACs:)))
                })
        }
        prefillMethodOverBaseline = report.prefillShare.map { Share(formula: $0.formula, exact: $0.exact) }
        totalMethodOverBaseline = report.totalShare.map { Share(formula: $0.formula, exact: $0.exact) }
    }
}

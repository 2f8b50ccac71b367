import AIMViewerCore

/// The summary rows every human-readable format shows: one row per quantity, one column per
/// schedule, and the reduction when a method is compared with its baseline.
enum SummaryTable {
    struct Quantity: Sendable {
        var name: String
        var value: @Sendable (PassAnalysis) -> Double
        var decimals: Int = 2
        var ratio: (@Sendable (Reduction) -> Double?)?
    }

    static let quantities: [Quantity] = [
        Quantity(name: "prefill TFLOPs", value: { $0.prefill.totals.cost.ops / 1e12 }, ratio: { $0.prefill.ops }),
        Quantity(name: "prefill time (ms)", value: { $0.prefill.totals.seconds * 1e3 }, ratio: { $0.prefill.seconds }),
        Quantity(name: "prefill memory access (GB)", value: { $0.prefill.totals.cost.bytes / 1e9 }, ratio: { $0.prefill.bytes }),
        Quantity(name: "prefill memory footprint (GB)", value: { $0.prefill.memoryFootprint.totalBytes / 1e9 },
                 ratio: { $0.prefill.memoryFootprintBytes }),
        Quantity(name: "decode step GFLOPs", value: { $0.decode.totals.cost.ops / 1e9 }, ratio: { $0.decode.ops }),
        Quantity(name: "decode step time (ms)", value: { $0.decode.totals.seconds * 1e3 }, decimals: 3,
                 ratio: { $0.decode.seconds }),
        Quantity(name: "decode memory access (GB)", value: { $0.decode.totals.cost.bytes / 1e9 }, ratio: { $0.decode.bytes }),
        Quantity(name: "decode memory footprint (GB)", value: { $0.decode.memoryFootprint.totalBytes / 1e9 },
                 ratio: { $0.decode.memoryFootprintBytes }),
        Quantity(name: "tokens at first layer", value: { Double($0.schedule.tokensPerLayer.first ?? 0) }, decimals: 0),
        Quantity(name: "tokens at last layer", value: { Double($0.schedule.tokensPerLayer.last ?? 0) }, decimals: 0),
    ]

    static func table(for report: AnalysisReport) -> PlainTable {
        let analyses = report.labelledAnalyses
        let reduction: Reduction?
        if case .comparison(_, let comparison) = report.result { reduction = comparison.reduction } else { reduction = nil }
        var table = PlainTable(header: [""] + analyses.map(\.label) + (reduction == nil ? [] : ["reduction"]))
        for quantity in quantities {
            var row = [quantity.name] + analyses.map { Format.fixed(quantity.value($0.analysis), quantity.decimals) }
            if let reduction {
                row.append(quantity.ratio.map { Format.reduction($0(reduction)) } ?? "")
            }
            table.append(row)
        }
        return table
    }
}

extension SummaryTable {
    struct Titled {
        var title: String
        var table: PlainTable
    }

    /// With a vision side: what the images or frames cost before the LLM sees a token.
    static func visionTable(for report: AnalysisReport) -> Titled? {
        guard let vision = report.vision else { return nil }
        let tower = vision.tower
        var table = PlainTable(header: ["\(tower.name) on \(vision.inputDescription)", "TFLOPs", "ms", "GB moved"])
        func row(_ name: String, _ totals: CostTotals) {
            table.append([name, Format.fixed(totals.cost.ops / 1e12, 3), Format.fixed(totals.seconds * 1e3),
                          Format.fixed(totals.cost.bytes / 1e9, 3)])
        }
        if vision.layerGroups.count == 1, vision.layersRun == tower.layerCount, vision.sequences == vision.frames,
           vision.sequenceLength == tower.sequenceLength {
            row("encoder: \(tower.layerCount) layers x \(tower.sequenceLength) patches", vision.encoderTotals)
        } else {
            for group in vision.layerGroups {
                let attention = group.attention == "full" ? "" : ", \(group.attention)"
                row("encoder: \(group.layers.count) layers x \(vision.sequences) x \(vision.sequenceLength) rows\(attention)", group.totals)
            }
        }
        for op in vision.otherOperators { row(op.name.rawValue, CostTotals(cost: op.cost, seconds: op.seconds)) }
        row("vision total", vision.totals)
        var title = "Vision side: \(vision.tokensToLLM) tokens to the LLM (AIM merges after this; it does not reduce it)"
        if let note = vision.layerNote { title = Format.wrap(title + "; " + note) }
        return Titled(title: title, table: table)
    }

    /// With a vision side and `--per-layer`: every encoder layer run, in order.
    static func visionLayerTable(for report: AnalysisReport) -> Titled? {
        guard let vision = report.vision else { return nil }
        var table = PlainTable(header: ["vision layer", "attention", "rows", "GFLOPs", "ms", "GB moved"])
        let layers = vision.layerGroups.flatMap { group in group.layers.map { ($0, group) } }.sorted { $0.0 < $1.0 }
        for (index, group) in layers {
            let totals = group.layer.totals
            table.append(["\(index)", group.attention, "\(vision.sequences) x \(vision.sequenceLength)",
                          Format.fixed(totals.cost.ops / 1e9), Format.fixed(totals.seconds * 1e3, 3),
                          Format.fixed(totals.cost.bytes / 1e9, 3)])
        }
        for op in vision.otherOperators {
            table.append([op.name.rawValue, "", "", Format.fixed(op.cost.ops / 1e9), Format.fixed(op.seconds * 1e3, 3),
                          Format.fixed(op.cost.bytes / 1e9, 3)])
        }
        let skipped = vision.tower.layerCount - vision.layersRun
        let title = "Vision tower: per layer (\(vision.layersRun) of \(vision.tower.layerCount) layers run"
            + (skipped > 0 ? "; \(skipped) after the feature layer skipped)" : ")")
        return Titled(title: title, table: table)
    }

    /// With `--vision`: each schedule's LLM-only prefill (the figure the AIM paper reports) beside the
    /// end-to-end time to first token.
    static func timeToFirstTokenTable(for report: AnalysisReport) -> Titled? {
        guard let vision = report.vision else { return nil }
        var table = PlainTable(header: ["time to first token"] + report.labelledAnalyses.map(\.label))
        let prefill = report.labelledAnalyses.map(\.analysis.prefill.totals.seconds)
        table.append(["LLM prefill only, ms (the AIM paper's figure)"] + prefill.map { Format.fixed($0 * 1e3) })
        table.append(["vision + LLM prefill, ms (end to end)"] + prefill.map { Format.fixed((vision.totals.seconds + $0) * 1e3) })
        table.append(["vision share of end to end"]
                     + prefill.map { Format.fixed(100 * vision.totals.seconds / (vision.totals.seconds + $0), 1) + "%" })
        return Titled(title: "LLM-only and end-to-end time to first token", table: table)
    }

    /// With `--gen-len`: time to first token, per-token times, totals and the cache at the end.
    static func generationTable(for report: AnalysisReport) -> Titled? {
        guard !report.generations.isEmpty else { return nil }
        let labels = report.labelledAnalyses.map(\.label)
        var table = PlainTable(header: ["generation (\(report.generations[0].steps) tokens)"] + labels)
        let rows: [(String, (GenerationAnalysis) -> String)] = [
            ("time to first token (ms)", { Format.fixed($0.timeToFirstTokenSeconds * 1e3) }),
            ("time per output token, first (ms)", { Format.fixed($0.firstStepSeconds * 1e3, 3) }),
            ("time per output token, last (ms)", { Format.fixed($0.lastStepSeconds * 1e3, 3) }),
            ("decode TFLOPs", { Format.fixed($0.decode.cost.ops / 1e12, 3) }),
            ("total time (s)", { Format.fixed($0.totalSeconds, 3) }),
            ("tokens per second (end to end)", { Format.fixed($0.tokensPerSecond, 1) }),
            ("tokens per second (decode)", { Format.fixed($0.decodeTokensPerSecond, 1) }),
            ("KV cache at the end (GB)", { Format.fixed($0.kvCacheBytesAtEnd / 1e9, 3) }),
        ]
        for (name, value) in rows { table.append([name] + report.generations.map(value)) }
        return Titled(title: "Whole request", table: table)
    }

    /// AIM's own cost: the published script's figures and, under `exact`, the priced operators.
    static func overheadTable(for report: AnalysisReport) -> Titled? {
        guard let overheads = report.labelledAnalyses.last?.analysis.overheads else { return nil }
        var table = PlainTable(header: ["AIM overhead", "published script (GFLOPs)", "priced here (GFLOPs)"])
        table.append(["merging", Format.fixed(overheads.publishedMergeOps / 1e9),
                      overheads.pricedMergeOps.map { Format.fixed($0 / 1e9, 3) + " (whole video, frame by frame)" } ?? "-"])
        table.append(["PageRank pruning", Format.fixed(overheads.publishedPruneOps / 1e9),
                      overheads.pricedPruneOps.map { Format.fixed($0 / 1e9, 3) } ?? "-"])
        let note = overheads.includedInTotals
            ? "included in the AIM totals above (\(Format.fixed((overheads.pricedSeconds ?? 0) * 1e3, 3)) ms)"
            : "reported only; not in the llm-viewer totals"
        return Titled(title: "AIM's own overheads: \(note)", table: table)
    }

    /// The calibrated estimate beside the pure roofline, naming the profile fields it used.
    static func calibratedTable(for report: AnalysisReport) -> Titled? {
        guard let first = report.calibrated.first else { return nil }
        let labels = report.labelledAnalyses.map(\.label)
        var table = PlainTable(header: [""] + labels)
        func row(_ title: String, _ value: (CalibratedEstimate) -> String) { table.append([title] + report.calibrated.map(value)) }
        row("prefill, pure roofline (ms)") { Format.fixed($0.prefill.rooflineSeconds * 1e3, 3) }
        row("prefill, calibrated (ms)") { Format.fixed($0.prefill.seconds * 1e3, 3) }
        row("calibrated / roofline") { Format.ratio($0.prefill.seconds, over: $0.prefill.rooflineSeconds) }
        row("decode step, pure roofline (ms)") { Format.fixed($0.decode.rooflineSeconds * 1e3, 3) }
        row("decode step, calibrated (ms)") { Format.fixed($0.decode.seconds * 1e3, 3) }
        let title = Format.wrap("Calibrated estimate on \(first.hardware) (profile fields used: \(first.fieldsUsed.joined(separator: ", ")); \(first.method))")
        return Titled(title: title, table: table)
    }

    /// With `--engine`: the regime's prefill and decode step beside the pure roofline, and with
    /// `--gen-len` the whole request as that engine runs it; the title says where the regime was
    /// fitted and whether this device is one of them.
    static func engineTable(for report: AnalysisReport) -> Titled? {
        guard let first = report.engine.first else { return nil }
        let labels = report.labelledAnalyses.map(\.label)
        var table = PlainTable(header: [first.engine] + labels)
        func row(_ title: String, _ value: (EngineEstimate) -> String) { table.append([title] + report.engine.map(value)) }
        row("prefill, pure roofline (ms)") { Format.fixed($0.prefill.rooflineSeconds * 1e3, 3) }
        row("prefill, \(first.engine) (ms)") { Format.fixed($0.prefill.seconds * 1e3, 3) }
        row("decode step at context \(first.decodeContextTokens), pure roofline (ms)") { Format.fixed($0.decode.rooflineSeconds * 1e3, 3) }
        row("decode step at context \(first.decodeContextTokens), \(first.engine) (ms)") { Format.fixed($0.decode.seconds * 1e3, 3) }
        row("kernels per decode step") { "\($0.decode.kernels)" }
        let generations = report.generations.compactMap(\.calibrated)
        if generations.count == report.engine.count, let g = generations.first {
            func grow(_ title: String, _ value: (CalibratedGeneration) -> String) { table.append([title] + generations.map(value)) }
            grow("\(g.outputTokens) output tokens x batch \(g.batch), tp \(g.devices): time to first token (ms)") { Format.fixed($0.timeToFirstTokenSeconds * 1e3, 3) }
            grow("time per output token (ms)") { Format.fixed($0.timePerOutputTokenSeconds * 1e3, 3) }
            grow("total time (s)") { Format.fixed($0.totalSeconds, 3) }
            grow("output tokens per second") { Format.fixed($0.tokensPerSecond, 1) }
            grow("output tokens per second per device") { Format.fixed($0.tokensPerSecondPerDevice, 1) }
        }
        let peaks = "GEMMs at the \(first.gemmPrecision.rawValue) peak \(Format.fixed(first.gemmPeakOpsPerSecond / 1e12, 0)) TOPS, attention at \(first.attentionPrecision.rawValue)"
        let title = Format.wrap("Engine \(first.engine): \(first.provenance); \(peaks); data: \(first.data)")
        return Titled(title: title, table: table)
    }

    /// Under `exact`, the published (`llm-viewer`) prefill figures of the same schedules.
    static func llmViewerReferenceTable(for report: AnalysisReport) -> Titled? {
        guard !report.llmViewerReference.isEmpty else { return nil }
        var table = PlainTable(header: [""] + report.labelledAnalyses.map(\.label))
        table.append(["prefill TFLOPs"] + report.llmViewerReference.map { Format.fixed($0.cost.ops / 1e12) })
        table.append(["prefill time (ms)"] + report.llmViewerReference.map { Format.fixed($0.seconds * 1e3) })
        let title = "The same schedules under the llm-viewer convention"
            + (AIMPaperWorkload.matches(report) ? " (the AIM paper's published numbers)" : "")
        return Titled(title: title, table: table)
    }
}

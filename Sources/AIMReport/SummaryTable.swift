import AIMViewerCore

/// The summary rows every human-readable format shows: one row per quantity, one column per
/// schedule, and the reduction when a method is compared with its baseline.
enum SummaryTable {
    struct Quantity: Sendable {
        var name: String
        var value: @Sendable (PassAnalysis) -> Double
        var decimals: Int = 2
        var ratio: (@Sendable (Reduction) -> Double)?
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
                row.append(quantity.ratio.map { Format.ratio($0(reduction)) } ?? "")
            }
            table.append(row)
        }
        return table
    }
}

import AIMViewerCore

/// `analyze --convention both`: the same workload under `llm-viewer` and `exact`, side by side, with
/// every operator's totals so each corrected term can be seen (docs/conventions.md).
public enum ConventionDifference {
    public static func render(exact: AnalysisReport, llmViewer: AnalysisReport, markdown: Bool = false) -> String {
        let headline = exact.headline.replacingOccurrences(of: "convention exact", with: "conventions llm-viewer vs exact")
        var sections = [markdown ? "# " + headline : Format.wrap(headline)]
        sections.append(exact.workload.map { markdown ? "- " + $0 : Format.wrap($0) }.joined(separator: "\n"))
        for ((label, exactAnalysis), (_, viewerAnalysis)) in zip(exact.labelledAnalyses, llmViewer.labelledAnalyses) {
            var summary = PlainTable(header: [label, "llm-viewer", "exact", "exact / llm-viewer"])
            for quantity in SummaryTable.quantities {
                let a = quantity.value(viewerAnalysis), b = quantity.value(exactAnalysis)
                summary.append([quantity.name, Format.fixed(a, quantity.decimals), Format.fixed(b, quantity.decimals),
                                a == 0 ? "-" : Format.ratio(b / a)])
            }
            sections.append(markdown ? summary.markdown : summary.text)
            for stage in Stage.allCases {
                let table = operatorTable(viewer: viewerAnalysis.stage(stage), exact: exactAnalysis.stage(stage))
                let title = "\(label), \(stage.rawValue): each operator summed over layers"
                sections.append(markdown ? "## \(title)\n\n" + table.markdown : title + "\n" + table.text)
            }
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// One row per operator name present under either convention: ops, bytes and time of both.
    static func operatorTable(viewer: StageAnalysis, exact: StageAnalysis) -> PlainTable {
        let viewerSums = sums(viewer), exactSums = sums(exact)
        var table = PlainTable(header: ["operator", "llm-viewer GOPs", "exact GOPs", "llm-viewer GB", "exact GB",
                                        "llm-viewer ms", "exact ms"])
        for name in OperatorName.allCases where viewerSums[name] != nil || exactSums[name] != nil {
            let a = viewerSums[name], b = exactSums[name]
            func cell(_ totals: CostTotals?, _ value: (CostTotals) -> Double, _ decimals: Int) -> String {
                totals.map { Format.fixed(value($0), decimals) } ?? "-"
            }
            table.append([
                name.rawValue, cell(a, { $0.cost.ops / 1e9 }, 2), cell(b, { $0.cost.ops / 1e9 }, 2),
                cell(a, { $0.cost.bytes / 1e9 }, 3), cell(b, { $0.cost.bytes / 1e9 }, 3),
                cell(a, { $0.seconds * 1e3 }, 3), cell(b, { $0.seconds * 1e3 }, 3),
            ])
        }
        table.append(["total", Format.fixed(viewer.totals.cost.ops / 1e9), Format.fixed(exact.totals.cost.ops / 1e9),
                      Format.fixed(viewer.totals.cost.bytes / 1e9, 3), Format.fixed(exact.totals.cost.bytes / 1e9, 3),
                      Format.fixed(viewer.totals.seconds * 1e3, 3), Format.fixed(exact.totals.seconds * 1e3, 3)])
        return table
    }

    /// Totals per operator name over every layer and the model operators of a stage.
    public static func sums(_ stage: StageAnalysis) -> [OperatorName: CostTotals] {
        var sums: [OperatorName: CostTotals] = [:]
        for op in stage.layers.flatMap(\.operators) + stage.modelOperators {
            sums[op.name, default: .zero].add(op.cost, seconds: op.seconds)
        }
        return sums
    }
}

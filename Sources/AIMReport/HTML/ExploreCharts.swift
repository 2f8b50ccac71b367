import AIMViewerCore
import Foundation

/// The charts of an explore sweep: the Pareto frontier of cost against visual information with
/// the budget line, and the methods side by side at equal cost (each one's best within the budget).
extension Charts {
    static let methodColours: [MethodKind: String] = [
        .aim: "#1f77b4", .fastv: "#d62728", .pdrop: "#2ca02c", .vtw: "#9467bd", .fixed: "#8c564b",
        .uniformKeep: "#e377c2", .baseline: "#7f7f7f",
    ]

    static func costValue(_ point: ExplorePoint, _ axis: ExploreCost) -> Double {
        axis == .flops ? point.ops / 1e12 : point.seconds * 1e3
    }

    static func costLabel(_ axis: ExploreCost) -> String {
        axis == .flops ? "prefill TFLOPs" : "prefill ms"
    }

    static func informationLabel(_ axis: ExploreInformation) -> String {
        axis == .frames ? "frames" : "visual token-layers (visual tokens summed over layers)"
    }

    static func budgetLine(_ report: ExploreReport) -> Double? {
        report.costAxis == .flops ? report.budget.tflops : report.budget.milliseconds
    }

    /// The frontier of the first target, one point per schedule coloured by method, with the
    /// budget on the cost axis as a dashed line.
    static func frontier(_ report: ExploreReport) -> String {
        let points = report.result.frontiers.first ?? []
        let costs = points.map { costValue($0, report.costAxis) }
        let information = points.map { $0.information(report.informationAxis) }
        let budget = budgetLine(report)
        let xMax = max(costs.max() ?? 1, budget ?? 0) * 1.08
        var plot = SVGPlot(x: .linear(min: 0, max: max(xMax, 1e-9)), y: .linear(min: 0, max: max(information.max() ?? 1, 1) * 1.08),
                           title: "Pareto frontier on \(report.hardwareNames.first ?? "")"
                               + (report.hardwareNames.count > 1 ? " (first of \(report.hardwareNames.count) targets)" : ""))
        plot.top = 48
        var line: [String] = []
        var seen: [MethodKind] = []
        for point in points.sorted(by: { costValue($0, report.costAxis) < costValue($1, report.costAxis) }) {
            let preset = report.preset(point)
            let cx = plot.px(costValue(point, report.costAxis)), cy = plot.py(point.information(report.informationAxis))
            line.append("\(plot.f(cx)),\(plot.f(cy))")
            if !seen.contains(preset.kind) { seen.append(preset.kind) }
            plot.marks.append("<circle class=\"frontier-point\" cx=\"\(plot.f(cx))\" cy=\"\(plot.f(cy))\" r=\"4\" fill=\"\(methodColours[preset.kind] ?? "#333")\">"
                + "<title>\(HTML.escape(preset.methodName)) \(HTML.escape(preset.parameterSummary)), \(point.frames) frames: "
                + "\(Format.si(point.ops, "FLOPs")), \(Format.si(point.seconds, "s")), \(point.visualTokenLayers) visual token-layers</title></circle>")
        }
        if line.count > 1 {
            plot.marks.insert("<polyline fill=\"none\" stroke=\"#999\" stroke-width=\"1\" points=\"\(line.joined(separator: " "))\"/>", at: 0)
        }
        if let budget {
            let x = plot.f(plot.px(budget))
            plot.marks.append("<line class=\"budget\" x1=\"\(x)\" y1=\"\(plot.f(plot.top))\" x2=\"\(x)\" y2=\"\(plot.f(plot.top + plot.plotHeight))\" stroke=\"#c00\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>")
            plot.marks.append("<text x=\"\(plot.f(plot.px(budget) - 4))\" y=\"\(plot.f(plot.top + 12))\" text-anchor=\"end\" fill=\"#c00\">budget \(Format.number(budget)) \(report.costAxis == .flops ? "TFLOPs" : "ms")</text>")
        }
        if points.isEmpty {
            plot.marks.append("<text x=\"\(plot.f(plot.left + plot.plotWidth / 2))\" y=\"\(plot.f(plot.top + plot.plotHeight / 2))\" text-anchor=\"middle\">no schedule within the budget</text>")
        }
        return plot.render(id: "frontier", xLabel: costLabel(report.costAxis), yLabel: informationLabel(report.informationAxis),
                           xTickLabel: { Format.tick($0) }, yTickLabel: { Format.tick($0) },
                           legend: seen.map { ($0.rawValue, methodColours[$0] ?? "#333") } + (budget != nil ? [("budget", "#c00")] : []))
    }

    /// Each method's best configuration within the budget on the first target: the visual
    /// information it keeps at (no more than) the same cost.
    static func methods(_ report: ExploreReport) -> String {
        let best = report.result.bestPerMethod.first ?? [:]
        let entries = best.values.sorted { $0.information(report.informationAxis) > $1.information(report.informationAxis) }
        let rows = entries.map { point -> (label: String, segments: [Double], note: String) in
            let preset = report.preset(point)
            return (preset.methodName, [point.information(report.informationAxis)],
                    "\(ExploreRenderer.compactParameters(preset)), \(point.frames) frames: \(Format.si(point.ops, "FLOPs")), \(Format.si(point.seconds, "s"))")
        }
        let chart = stackedRows(id: "methods", title: "Methods side by side at equal cost (\(report.budgetText))", rows: rows,
                                colours: [("visual information kept", "#1f77b4")], unit: { Format.number($0) },
                                xLabel: informationLabel(report.informationAxis))
        return chart
    }
}

import AIMViewerCore
import Foundation

/// The SVG charts of the HTML report and the tables printed under them.
enum Charts {
    static let boundColours: [Bound: String] = [.compute: "#d95f02", .memory: "#1b9e77", .interconnect: "#7570b3"]
    static let scheduleColours = ["#7f7f7f", "#1f77b4"]

    /// One operator summed over a stage: its ops, bytes, time and the roof that bounds most of it.
    struct OperatorTotal {
        var name: OperatorName
        var ops = 0.0, bytes = 0.0, seconds = 0.0
        var secondsByBound: [Bound: Double] = [:]
        var bound: Bound { secondsByBound.max { $0.value < $1.value }?.key ?? .memory }
        var intensity: Double { bytes > 0 ? ops / bytes : 0 }
        var attainedOpsPerSecond: Double { seconds > 0 ? ops / seconds : 0 }
    }

    static func operatorTotals(_ stage: StageAnalysis) -> [OperatorTotal] {
        var totals: [OperatorName: OperatorTotal] = [:]
        var order: [OperatorName] = []
        for op in stage.layers.flatMap(\.operators) + stage.modelOperators {
            if totals[op.name] == nil { totals[op.name] = OperatorTotal(name: op.name); order.append(op.name) }
            totals[op.name]!.ops += op.cost.ops
            totals[op.name]!.bytes += op.cost.bytes
            totals[op.name]!.seconds += op.seconds
            totals[op.name]!.secondsByBound[op.bound, default: 0] += op.seconds
        }
        return order.map { totals[$0]! }
    }

    // MARK: Roofline

    static func roofline(_ analysis: PassAnalysis, hardware: HardwareProfile, label: String) -> String {
        let peak = analysis.peakOpsPerSecond, bandwidth = hardware.memoryBandwidthBytesPerSecond
        let ridge = peak / bandwidth
        let stages = [(analysis.prefill, true), (analysis.decode, false)]
        let points = stages.flatMap { stage, filled in
            operatorTotals(stage).filter { $0.ops > 0 && $0.bytes > 0 && $0.seconds > 0 }.map { ($0, filled, stage.totals.seconds) }
        }
        let intensities = points.map(\.0.intensity) + [ridge]
        let x = SVGPlot.Scale.logCovering(intensities)
        guard case let .log(xMin, xMax) = x else { return "" }
        let y = SVGPlot.Scale.logCovering(points.map(\.0.attainedOpsPerSecond) + [peak, bandwidth * xMin])
        var plot = SVGPlot(x: x, y: y, title: "Roofline of \(label) on \(hardware.name)")
        plot.top = 36
        let roof = [(xMin, min(peak, bandwidth * xMin)), (ridge, peak), (xMax, peak)].filter { $0.0 >= xMin }
        plot.marks.append("<polyline class=\"roof\" points=\"" + roof.map { "\(plot.f(plot.px($0.0))),\(plot.f(plot.py($0.1)))" }
            .joined(separator: " ") + "\"/>")
        plot.marks.append("<line class=\"ridge\" x1=\"\(plot.f(plot.px(ridge)))\" y1=\"\(plot.f(plot.py(peak)))\" "
            + "x2=\"\(plot.f(plot.px(ridge)))\" y2=\"\(plot.f(plot.top + plot.plotHeight))\"/>")
        plot.marks.append("<text x=\"\(plot.f(plot.px(ridge) - 4))\" y=\"\(plot.f(plot.py(peak) - 6))\" text-anchor=\"end\">ridge \(Format.number(ridge)) ops/B; peak \(Format.si(peak, "OPS")), \(Format.si(bandwidth, "B/s"))</text>")
        var labelled: [(Double, Double)] = []
        for (op, filled, stageSeconds) in points.sorted(by: { $0.0.seconds > $1.0.seconds }) {
            let share = stageSeconds > 0 ? op.seconds / stageSeconds : 0
            let radius = 3 + 16 * share.squareRoot()
            let colour = boundColours[op.bound] ?? "#333"
            let cx = plot.f(plot.px(op.intensity)), cy = plot.f(plot.py(op.attainedOpsPerSecond))
            let style = filled ? "fill=\"\(colour)\" fill-opacity=\"0.55\" stroke=\"\(colour)\""
                : "fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\""
            let stage = filled ? "prefill" : "decode step"
            plot.marks.append("<circle class=\"op\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"\(plot.f(radius))\" \(style)>"
                + "<title>\(op.name.rawValue) (\(stage)): \(Format.number(op.intensity)) ops/B, \(Format.si(op.attainedOpsPerSecond, "OPS")), \(Format.fixed(100 * share, 1))% of the time, \(op.bound.rawValue)-bound</title></circle>")
            // Label the larger prefill points, on the left near the right edge, once per spot.
            let (labelX, labelY) = (plot.px(op.intensity), plot.py(op.attainedOpsPerSecond))
            if filled, share >= 0.03, !labelled.contains(where: { abs($0.0 - labelX) < 40 && abs($0.1 - labelY) < 12 }) {
                labelled.append((labelX, labelY))
                let leftSide = labelX > plot.left + 0.8 * plot.plotWidth
                let names = points.filter { $0.1 && abs(plot.px($0.0.intensity) - labelX) < 2 && abs(plot.py($0.0.attainedOpsPerSecond) - labelY) < 2 }
                    .map(\.0.name.rawValue).joined(separator: ", ")
                plot.marks.append("<text x=\"\(plot.f(leftSide ? labelX - radius - 3 : labelX + radius + 2))\" y=\"\(plot.f(labelY + (leftSide ? 18 : 4)))\""
                    + (leftSide ? " text-anchor=\"end\"" : "") + ">\(names)</text>")
            }
        }
        return plot.render(id: "roofline", xLabel: "arithmetic intensity (operations per byte, log)",
                           yLabel: "attained performance (operations per second, log)",
                           xTickLabel: { Format.number($0) }, yTickLabel: { Format.si($0, "OPS") },
                           legend: [("compute-bound", boundColours[.compute]!), ("memory-bound", boundColours[.memory]!),
                                    ("interconnect-bound", boundColours[.interconnect]!), ("roof", "#222")])
    }

    static func operatorTable(_ analysis: PassAnalysis) -> PlainTable {
        var table = PlainTable(header: ["operator (prefill, all layers)", "GFLOPs", "GB moved", "ops/byte", "ms", "share", "bound"])
        let total = analysis.prefill.totals.seconds
        for op in operatorTotals(analysis.prefill).sorted(by: { $0.seconds > $1.seconds }) {
            table.append([op.name.rawValue, Format.fixed(op.ops / 1e9, 2), Format.fixed(op.bytes / 1e9, 3),
                          Format.number(op.intensity), Format.fixed(op.seconds * 1e3, 3),
                          Format.fixed(total > 0 ? 100 * op.seconds / total : 0, 1) + "%", op.bound.rawValue])
        }
        return table
    }

    // MARK: Per layer

    /// Each chart group's colour, in drawing order.
    static let groups: [(String, String)] = OperatorGroup.allCases.map { ($0.displayName, colour($0)) }

    static func colour(_ group: OperatorGroup) -> String {
        switch group {
        case .attentionProjections: return "#4e79a7"
        case .attentionCore: return "#f28e2b"
        case .mlp: return "#59a14f"
        case .normsAndAdds: return "#bab0ac"
        case .allReduce: return "#b07aa1"
        case .aimPageRank: return "#e15759"
        }
    }

    static func group(_ name: OperatorName) -> String { name.chartGroup.displayName }

    /// One stacked-bar chart per schedule, on a shared time axis so baseline and method compare by eye.
    static func perLayer(_ analyses: [(label: String, analysis: PassAnalysis)]) -> String {
        let layerMax = analyses.flatMap { $0.analysis.prefill.layers.map(\.totals.seconds) }.max() ?? 1
        var charts = "<div class=\"charts\">"
        for (index, (label, analysis)) in analyses.enumerated() {
            let layers = analysis.prefill.layers
            var plot = SVGPlot(x: .linear(min: -0.5, max: Double(layers.count) - 0.5), y: .linear(min: 0, max: layerMax * 1e3 * 1.05),
                               title: "\(label): prefill time per layer")
            plot.width = analyses.count > 1 ? 480 : 760
            plot.top = analyses.count > 1 ? 66 : 48  // two or three legend rows
            let barWidth = plot.plotWidth / Double(max(layers.count, 1)) * 0.8
            for layer in layers {
                var stacked = 0.0
                var byGroup: [String: Double] = [:]
                for op in layer.operators { byGroup[group(op.name), default: 0] += op.seconds * 1e3 }
                for (name, colour) in groups {
                    guard let ms = byGroup[name], ms > 0 else { continue }
                    let y0 = plot.py(stacked), y1 = plot.py(stacked + ms)
                    plot.marks.append("<rect data-layer=\"\(layer.index)\" x=\"\(plot.f(plot.px(Double(layer.index)) - barWidth / 2))\" y=\"\(plot.f(y1))\" "
                        + "width=\"\(plot.f(barWidth))\" height=\"\(plot.f(max(y0 - y1, 0.2)))\" fill=\"\(colour)\">"
                        + "<title>layer \(layer.index), \(name): \(Format.fixed(ms, 3)) ms</title></rect>")
                    stacked += ms
                }
            }
            charts += plot.render(id: "per-layer-\(index)", xLabel: "\(label): decoder layer", yLabel: "prefill time (ms)",
                                  xTickLabel: { String(Int($0)) }, yTickLabel: { Format.number($0) },
                                  legend: index == 0 ? groups.filter { name, _ in
                                      analyses.contains { $0.analysis.prefill.layers.contains { $0.operators.contains { group($0.name) == name } } }
                                  } : [])
        }
        return charts + "</div>"
    }

    // MARK: Schedule

    static func schedule(_ analyses: [(label: String, analysis: PassAnalysis)]) -> String {
        let counts = analyses.map(\.analysis.schedule.tokensPerLayer)
        let layerCount = counts.map(\.count).max() ?? 1
        var plot = SVGPlot(x: .linear(min: 0, max: Double(max(layerCount - 1, 1))),
                           y: .linear(min: 0, max: Double(counts.flatMap { $0 }.max() ?? 1) * 1.08),
                           title: "Tokens entering each layer")
        var legend: [(String, String)] = []
        for (index, (label, _)) in analyses.enumerated() {
            let colour = scheduleColours[min(index, scheduleColours.count - 1)]
            legend.append((label, colour))
            // A step line: each layer holds its count across its width.
            var points: [String] = []
            for (layer, tokens) in counts[index].enumerated() {
                points.append("\(plot.f(plot.px(Double(layer)))),\(plot.f(plot.py(Double(tokens))))")
            }
            plot.marks.append("<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>")
            for (layer, tokens) in counts[index].enumerated() {
                plot.marks.append("<circle cx=\"\(plot.f(plot.px(Double(layer))))\" cy=\"\(plot.f(plot.py(Double(tokens))))\" r=\"2.5\" fill=\"\(colour)\"><title>\(label), layer \(layer): \(tokens) tokens</title></circle>")
            }
        }
        return plot.render(id: "schedule", xLabel: "decoder layer", yLabel: "tokens", xTickLabel: { String(Int($0)) },
                           yTickLabel: { Format.number($0) }, legend: legend)
    }

    static func scheduleTable(_ analyses: [(label: String, analysis: PassAnalysis)]) -> PlainTable {
        var table = PlainTable(header: ["layer"] + analyses.map { "\($0.label) tokens" })
        let counts = analyses.map(\.analysis.schedule.tokensPerLayer)
        for layer in 0..<(counts.map(\.count).max() ?? 0) {
            table.append([String(layer)] + counts.map { layer < $0.count ? String($0[layer]) : "" })
        }
        return table
    }

    // MARK: Compare

    static func compare(_ comparison: HardwareComparison) -> String {
        let priced = comparison.targets.filter { $0.error == nil }
        let rowsPerTarget = Double(priced.first?.schedules.count ?? 1)
        let maxMs = priced.flatMap { $0.schedules.map(\.prefillSeconds) }.max().map { $0 * 1e3 } ?? 1
        var plot = SVGPlot(x: .linear(min: 0, max: maxMs * 1.1), y: .linear(min: 0, max: Double(max(priced.count, 1))),
                           title: "Prefill time per target")
        plot.left = 150
        plot.height = max(160, 40 + Double(priced.count) * (14 * rowsPerTarget + 10) + 56)
        let band = plot.plotHeight / Double(max(priced.count, 1))
        var legend: [(String, String)] = []
        for (row, target) in priced.enumerated() {
            let top = plot.top + Double(row) * band
            plot.marks.append("<text x=\"\(plot.f(plot.left - 6))\" y=\"\(plot.f(top + band / 2 + 4))\" text-anchor=\"end\">\(HTML.escape(target.hardware))</text>")
            for (index, schedule) in target.schedules.enumerated() {
                let colour = scheduleColours[index == target.schedules.count - 1 ? 1 : 0]
                if row == 0 { legend.append((schedule.label, colour)) }
                let height = (band - 6) / Double(target.schedules.count)
                let y = top + 3 + Double(index) * height
                let ms = schedule.prefillSeconds * 1e3
                plot.marks.append("<rect x=\"\(plot.f(plot.left))\" y=\"\(plot.f(y))\" width=\"\(plot.f(plot.px(ms) - plot.left))\" height=\"\(plot.f(height - 1))\" fill=\"\(colour)\"><title>\(target.hardware), \(schedule.label): \(Format.si(schedule.prefillSeconds, "s"))</title></rect>")
                plot.marks.append("<text x=\"\(plot.f(plot.px(ms) + 4))\" y=\"\(plot.f(y + height / 2 + 4))\">\(Format.si(schedule.prefillSeconds, "s"))</text>")
            }
        }
        plot.showsYTicks = false  // the rows are named instead
        return plot.render(id: "compare", xLabel: "prefill time (ms)", yLabel: "", xTickLabel: { Format.number($0) },
                           yTickLabel: { _ in "" }, legend: legend)
    }

    static func compareTable(_ comparison: HardwareComparison) -> PlainTable {
        var table = PlainTable(header: ["target", "schedule", "prefill ms", "decode ms/token", "tokens/s", "compute-bound",
                                        "footprint GB", "capacity GB", "fits", "energy J (upper bound)", "speedup"])
        for target in comparison.targets {
            if target.error != nil {
                table.append([target.hardware, "cannot price (see below)", "", "", "", "", "", "", "", "", ""])
                continue
            }
            for schedule in target.schedules {
                table.append([
                    target.hardware, schedule.label, Format.fixed(schedule.prefillSeconds * 1e3, 2),
                    Format.fixed(schedule.decodeSecondsPerToken * 1e3, 3), Format.number(schedule.decodeTokensPerSecond),
                    Format.fixed(100 * schedule.prefillComputeBoundShare, 0) + "%", Format.fixed(schedule.peakFootprintBytes / 1e9, 2),
                    target.memoryCapacityBytes.map { Format.number($0 / 1e9) } ?? "-",
                    target.fits.map { $0 ? "yes" : "NO" + (target.smallestFittingTensorParallel.map { " (--tp \($0))" } ?? "") } ?? "-",
                    schedule.energyJoulesUpperBound.map { Format.fixed($0, 1) } ?? "-",
                    schedule.label == comparison.methodLabel ? target.speedupVersusReference.map(Format.ratio) ?? "-" : "",
                ])
            }
        }
        return table
    }
}

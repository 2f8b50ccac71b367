import AIMViewerCore
import Foundation

/// The charts of one analysis beyond the roofline, per layer and schedule: the totals of each
/// schedule against the baseline, the memory footprint against the device's capacity, and a whole
/// request's time to first token and decode.
extension Charts {
    static let memoryColours = [("weights", "#4e79a7"), ("KV cache", "#f28e2b"), ("activations", "#59a14f")]
    static let requestColours = [("time to first token (prefill)", "#4e79a7"), ("decode", "#e15759")]

    /// Horizontal bars, one row per `(label, values)`; each value a stacked segment with its colour.
    /// `marker` draws a dashed vertical line (a capacity, a budget) with its label.
    static func stackedRows(id: String, title: String, rows: [(label: String, segments: [Double], note: String)],
                            colours: [(String, String)], unit: (Double) -> String, xLabel: String,
                            marker: (value: Double, label: String)? = nil) -> String {
        let largest = max(rows.map { $0.segments.reduce(0, +) }.max() ?? 1, marker?.value ?? 0)
        // Room on the right for the longest label: its share of the plot's width, at about 6.3 px a character.
        let labelShare = min(0.7, Double(rows.map(\.note.count).max() ?? 0) * 6.3 / (760 - 150 - 20) + 0.02)
        var plot = SVGPlot(x: .linear(min: 0, max: max(largest, 1e-30) / (1 - labelShare)), y: .linear(min: 0, max: Double(max(rows.count, 1))),
                           title: title)
        plot.left = 150
        plot.top = 36
        plot.height = max(150, 36 + 56 + Double(rows.count) * 34)
        plot.showsYTicks = false
        let band = plot.plotHeight / Double(max(rows.count, 1))
        for (row, entry) in rows.enumerated() {
            let top = plot.top + Double(row) * band
            plot.marks.append("<text x=\"\(plot.f(plot.left - 6))\" y=\"\(plot.f(top + band / 2 + 4))\" text-anchor=\"end\">\(HTML.escape(entry.label))</text>")
            var start = 0.0
            for (index, value) in entry.segments.enumerated() where value > 0 {
                let (name, colour) = colours[min(index, colours.count - 1)]
                plot.marks.append("<rect x=\"\(plot.f(plot.px(start)))\" y=\"\(plot.f(top + 5))\" width=\"\(plot.f(max(plot.px(start + value) - plot.px(start), 0.5)))\" "
                    + "height=\"\(plot.f(band - 10))\" fill=\"\(colour)\"><title>\(HTML.escape(entry.label)), \(name): \(HTML.escape(unit(value)))</title></rect>")
                start += value
            }
            plot.marks.append("<text x=\"\(plot.f(plot.px(start) + 4))\" y=\"\(plot.f(top + band / 2 + 4))\">\(HTML.escape(entry.note))</text>")
        }
        if let marker {
            let x = plot.f(plot.px(marker.value))
            plot.marks.append("<line class=\"marker\" x1=\"\(x)\" y1=\"\(plot.f(plot.top))\" x2=\"\(x)\" y2=\"\(plot.f(plot.top + plot.plotHeight))\" stroke=\"#c00\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>")
            plot.marks.append("<text x=\"\(plot.f(plot.px(marker.value) - 4))\" y=\"\(plot.f(plot.top + 12))\" text-anchor=\"end\" fill=\"#c00\">\(HTML.escape(marker.label))</text>")
        }
        return plot.render(id: id, xLabel: xLabel, yLabel: "", xTickLabel: { Format.tick($0) }, yTickLabel: { _ in "" },
                           legend: colours)
    }

    // MARK: Totals

    /// Each schedule's prefill operations, bytes, time and footprint as a share of the baseline's
    /// (the first schedule), each bar labelled with its value.
    static func totals(_ analyses: [(label: String, analysis: PassAnalysis)]) -> String {
        guard let reference = analyses.first?.analysis.prefill else { return "" }
        let metrics: [(String, (StageAnalysis) -> Double, (Double) -> String)] = [
            ("prefill FLOPs", { $0.totals.cost.ops }, { Format.si($0, "FLOPs") }),
            ("prefill bytes moved", { $0.totals.cost.bytes }, { Format.si($0, "B") }),
            ("prefill time", { $0.totals.seconds }, { Format.si($0, "s") }),
            ("memory footprint", { $0.memoryFootprint.totalBytes }, { Format.si($0, "B") }),
        ]
        let rowsPerMetric = Double(analyses.count)
        var plot = SVGPlot(x: .linear(min: 0, max: 118), y: .linear(min: 0, max: Double(metrics.count)),
                           title: analyses.count > 1 ? "Prefill totals as a share of the baseline" : "Prefill totals")
        plot.left = 150
        plot.top = 36
        plot.height = 36 + 56 + Double(metrics.count) * (16 * rowsPerMetric + 12)
        plot.showsYTicks = false
        let band = plot.plotHeight / Double(metrics.count)
        for (row, (name, value, text)) in metrics.enumerated() {
            let top = plot.top + Double(row) * band
            plot.marks.append("<text x=\"\(plot.f(plot.left - 6))\" y=\"\(plot.f(top + band / 2 + 4))\" text-anchor=\"end\">\(name)</text>")
            let base = value(reference)
            for (index, entry) in analyses.enumerated() {
                let amount = value(entry.analysis.prefill)
                let percent = base > 0 ? 100 * amount / base : 100
                let height = (band - 8) / rowsPerMetric
                let y = top + 4 + Double(index) * height
                let colour = scheduleColours[min(index, scheduleColours.count - 1)]
                plot.marks.append("<rect class=\"total\" data-metric=\"\(name)\" data-schedule=\"\(HTML.escape(entry.label))\" x=\"\(plot.f(plot.left))\" y=\"\(plot.f(y))\" "
                    + "width=\"\(plot.f(max(plot.px(percent) - plot.left, 0.5)))\" height=\"\(plot.f(height - 1))\" fill=\"\(colour)\">"
                    + "<title>\(HTML.escape(entry.label)), \(name): \(text(amount))</title></rect>")
                let share = analyses.count > 1 && index > 0 ? " (\(Format.fixed(percent, 1))%)" : ""
                plot.marks.append("<text x=\"\(plot.f(plot.px(percent) + 4))\" y=\"\(plot.f(y + height / 2 + 4))\">\(HTML.escape(text(amount) + share))</text>")
            }
        }
        return plot.render(id: "totals", xLabel: analyses.count > 1 ? "% of the baseline" : "% of itself", yLabel: "",
                           xTickLabel: { Format.number($0) }, yTickLabel: { _ in "" },
                           legend: analyses.enumerated().map { ($0.element.label, scheduleColours[min($0.offset, scheduleColours.count - 1)]) })
    }

    // MARK: Memory

    /// The prefill footprint of each schedule (weights, KV cache, activations) against the
    /// device's memory capacity when the profile states one.
    static func memory(_ analyses: [(label: String, analysis: PassAnalysis)], hardware: HardwareProfile) -> String {
        let rows = analyses.map { entry -> (label: String, segments: [Double], note: String) in
            let footprint = entry.analysis.prefill.memoryFootprint
            return (entry.label, [footprint.weightBytes, footprint.kvCacheBytes, footprint.activationBytes].map { $0 / 1e9 },
                    Format.si(footprint.totalBytes, "B"))
        }
        let capacity = hardware.memoryCapacityBytes.map { ($0 / 1e9, "capacity \(Format.si($0, "B")) (\(hardware.name))") }
        return stackedRows(id: "memory", title: "Memory footprint of the prefill against the device's capacity", rows: rows,
                           colours: memoryColours, unit: { "\(Format.number($0)) GB" }, xLabel: "GB (10^9 bytes) per device",
                           marker: capacity)
    }

    // MARK: A whole request

    /// Time to first token and the decode of `steps` tokens, per schedule (`--gen-len`); with
    /// `--engine`, each schedule's calibrated figures on the row beneath its roofline's.
    static func request(_ analyses: [(label: String, analysis: PassAnalysis)], generations: [GenerationAnalysis]) -> String {
        guard !generations.isEmpty else { return "" }
        let rows = zip(analyses, generations).flatMap { entry, generation -> [(label: String, segments: [Double], note: String)] in
            var rows = [(entry.label, [generation.timeToFirstTokenSeconds * 1e3, generation.decode.seconds * 1e3],
                         "TTFT \(Format.si(generation.timeToFirstTokenSeconds, "s")), \(Format.number(generation.decodeTokensPerSecond)) tokens/s decoding")]
            if let engine = generation.calibrated {
                let decodeSeconds = engine.totalSeconds - engine.timeToFirstTokenSeconds
                rows.append(("\(entry.label), \(engine.engine)", [engine.timeToFirstTokenSeconds * 1e3, decodeSeconds * 1e3],
                             "TTFT \(Format.si(engine.timeToFirstTokenSeconds, "s")), \(Format.si(engine.timePerOutputTokenSeconds, "s")) per output token (calibrated)"))
            }
            return rows
        }
        return stackedRows(id: "request", title: "A whole request: time to first token, then \(generations[0].steps) decode steps",
                           rows: rows, colours: requestColours, unit: { "\(Format.number($0)) ms" }, xLabel: "milliseconds")
    }
}

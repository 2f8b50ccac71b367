import Foundation

/// A minimal SVG chart: a plot area with linear or log axes, ticks, axis labels and a legend, into
/// which charts draw marks in data coordinates. No JavaScript; every chart is a static picture.
struct SVGPlot {
    enum Scale {
        case linear(min: Double, max: Double)
        case log(min: Double, max: Double)

        func fraction(_ value: Double) -> Double {
            switch self {
            case let .linear(lo, hi): return hi > lo ? (value - lo) / (hi - lo) : 0
            case let .log(lo, hi):
                let v = Foundation.log10(Swift.max(value, lo)), a = Foundation.log10(lo), b = Foundation.log10(hi)
                return b > a ? (v - a) / (b - a) : 0
            }
        }

        /// Tick positions: powers of ten on a log axis, 1-2-5 steps on a linear one.
        var ticks: [Double] {
            switch self {
            case let .log(lo, hi):
                let first = Int(Foundation.floor(Foundation.log10(lo))), last = Int(Foundation.ceil(Foundation.log10(hi)))
                return (first...Swift.max(first, last)).map { Foundation.pow(10, Double($0)) }.filter { $0 >= lo * 0.999 && $0 <= hi * 1.001 }
            case let .linear(lo, hi):
                let span = Swift.max(hi - lo, 1e-30)
                let raw = span / 5, power = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
                let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? raw
                var ticks: [Double] = []
                var value = Foundation.ceil(lo / step) * step
                while value <= hi + step * 1e-9 { ticks.append(value); value += step }
                return ticks
            }
        }

        /// A log range covering `values` out to whole powers of ten.
        static func logCovering(_ values: [Double]) -> Scale {
            let positive = values.filter { $0 > 0 && $0.isFinite }
            let lo = positive.min() ?? 1, hi = positive.max() ?? 10
            return .log(min: Foundation.pow(10, Foundation.floor(Foundation.log10(lo))),
                        max: Foundation.pow(10, Foundation.ceil(Foundation.log10(hi * 1.0001))))
        }
    }

    var width = 760.0, height = 400.0
    var left = 78.0, right = 20.0, top = 30.0, bottom = 56.0
    var x: Scale
    var y: Scale
    var title: String
    var marks: [String] = []
    /// Off for charts whose rows are named by marks (the compare bars).
    var showsYTicks = true

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    func px(_ value: Double) -> Double { left + x.fraction(value) * plotWidth }
    func py(_ value: Double) -> Double { top + (1 - y.fraction(value)) * plotHeight }

    /// The chart with its axes, ticks, labels and legend entries `(label, colour, shape)`.
    func render(id: String, xLabel: String, yLabel: String, xTickLabel: (Double) -> String, yTickLabel: (Double) -> String,
                legend: [(String, String)]) -> String {
        var svg = """
            <svg id="\(id)" xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(HTML.escape(title))">
            <title>\(HTML.escape(title))</title>
            <rect x="\(f(left))" y="\(f(top))" width="\(f(plotWidth))" height="\(f(plotHeight))" class="plot"/>

            """
        for tick in x.ticks {
            let position = px(tick)
            svg += "<line x1=\"\(f(position))\" y1=\"\(f(top))\" x2=\"\(f(position))\" y2=\"\(f(top + plotHeight))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(position))\" y=\"\(f(top + plotHeight + 16))\" class=\"tick\" text-anchor=\"middle\">\(HTML.escape(xTickLabel(tick)))</text>\n"
        }
        for tick in showsYTicks ? y.ticks : [] {
            let position = py(tick)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(position))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(position))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(position + 4))\" class=\"tick\" text-anchor=\"end\">\(HTML.escape(yTickLabel(tick)))</text>\n"
        }
        svg += marks.joined(separator: "\n")
        svg += "\n<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 12))\" class=\"axis\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>"
        svg += "\n<text x=\"16\" y=\"\(f(top + plotHeight / 2))\" class=\"axis\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(f(top + plotHeight / 2)))\">\(HTML.escape(yLabel))</text>"
        // Legend rows above the plot, wrapping at the chart's width (set `top` to leave room).
        var legendX = left + 8, legendY = 10.0
        for (label, colour) in legend {
            let entryWidth = 28 + Double(label.count) * 6.6
            if legendX + entryWidth > width - right, legendX > left + 8 {
                legendX = left + 8
                legendY += 17
            }
            svg += "\n<g class=\"legend\"><rect x=\"\(f(legendX))\" y=\"\(f(legendY))\" width=\"12\" height=\"12\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(f(legendX + 16))\" y=\"\(f(legendY + 10))\">\(HTML.escape(label))</text></g>"
            legendX += entryWidth
        }
        return svg + "\n</svg>"
    }

    /// A coordinate; a non-finite one (which validated inputs never give) is drawn at 0, never as `nan`.
    func f(_ value: Double) -> String { value.isFinite ? String(format: "%.1f", value) : "0" }
}

/// HTML text escaping.
enum HTML {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A `PlainTable` as an HTML table (first column left, the rest right-aligned).
    static func table(_ table: PlainTable, caption: String? = nil) -> String {
        var html = "<table>"
        if let caption { html += "<caption>\(escape(caption))</caption>" }
        html += "<thead><tr>" + table.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in table.rows {
            html += "<tr>" + row.enumerated().map { index, cell in
                index == 0 ? "<th scope=\"row\">\(escape(cell))</th>" : "<td>\(escape(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</tbody></table>"
    }
}

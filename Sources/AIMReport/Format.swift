import Foundation

/// Number formatting shared by the text renderers.
enum Format {
    /// Fixed decimals, no grouping: `99.63`.
    /// Never prints `inf` or `nan`: an undefined value is `n/a`.
    static func fixed(_ value: Double, _ decimals: Int = 2) -> String {
        guard value.isFinite else { return "n/a" }
        return String(format: "%.\(decimals)f", value)
    }

    /// An axis tick: whole thousands as `20k`, otherwise as `number` (never `2e+04` on a chart).
    static func tick(_ value: Double) -> String {
        if abs(value) >= 10_000, value.truncatingRemainder(dividingBy: 1000) == 0 { return "\(Int(value / 1000))k" }
        if abs(value) >= 10_000 { return String(Int(value.rounded())) }
        return number(value)
    }

    /// Up to 4 significant digits without trailing zeros: `312`, `989.5`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        var text = String(format: "%.4g", value)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A value with an SI prefix and its unit, 4 significant digits without trailing zeros:
    /// `si(14.76e12, "FLOPs")` → `14.76 TFLOPs`, `si(0.05503, "s")` → `55.03 ms`, `si(13.1e9, "B")` → `13.1 GB`.
    public static func si(_ value: Double, _ unit: String) -> String {
        guard value.isFinite else { return "-" }
        guard value != 0 else { return "0 \(unit)" }
        let prefixes: [(Double, String)] = [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, ""),
                                            (1e-3, "m"), (1e-6, "µ"), (1e-9, "n")]
        let magnitude = abs(value)
        let (scale, prefix) = prefixes.first { magnitude >= $0.0 * 0.99995 } ?? prefixes.last!
        let mantissa = number(value / scale)
        let symbol = unit == "B" && prefix == "" ? "B" : unit
        return "\(mantissa) \(prefix)\(symbol)"
    }

    /// Prose wrapped at `width` columns on spaces, so notes fit a 100-column terminal.
    static func wrap(_ text: String, width: Int = 100) -> String {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    /// A ratio as `6.75x`; `n/a` when it is undefined (0 / 0) or unbounded.
    static func ratio(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return fixed(value) + "x"
    }

    /// `numerator / denominator` as a ratio; `n/a` when the denominator is 0.
    static func ratio(_ numerator: Double, over denominator: Double) -> String {
        denominator == 0 ? "n/a" : ratio(numerator / denominator)
    }

    /// A reduction (baseline / method); `nil` means the method costs 0 while the baseline does not.
    static func reduction(_ value: Double?) -> String {
        value == nil ? "unbounded (method costs 0)" : ratio(value)
    }

    /// A percentage with its sign: `+4.2%`, `-17.6%`.
    static func signedPercent(_ percent: Double, _ decimals: Int = 1) -> String {
        guard percent.isFinite else { return "n/a" }
        return (percent >= 0 ? "+" : "") + fixed(percent, decimals) + "%"
    }

    /// `value` against `reference` as a signed percentage (`+4.2%`: a prediction's error against a
    /// measurement, a figure's change against its previous value); `-` without a positive reference.
    static func change(_ value: Double?, from reference: Double?) -> String {
        guard let value, let reference, reference > 0 else { return "-" }
        return signedPercent((value / reference - 1) * 100)
    }

    /// A full-precision number for machine formats (CSV): shortest round-trip form.
    static func exact(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

/// A table as aligned text (first column left, the rest right-aligned) or as Markdown. A row of one
/// cell in a table of several columns is a section line (a device's name above its schedules): it
/// spans the row and does not widen the first column.
public struct PlainTable: Sendable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    func isSection(_ row: [String]) -> Bool { row.count == 1 && header.count > 1 }

    public var text: String {
        let all = [header] + rows.filter { !isSection($0) }
        let widths = header.indices.map { column in all.map { TerminalStyle.visibleWidth($0[column]) }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            if isSection(cells) { return cells[0] }
            return cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - TerminalStyle.visibleWidth(cell))
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    public var markdown: String {
        func line(_ cells: [String]) -> String {
            let padded = isSection(cells) ? cells + Array(repeating: "", count: header.count - 1) : cells
            return "| " + padded.joined(separator: " | ") + " |"
        }
        let align = header.indices.map { $0 == 0 ? "---" : "---:" }
        return ([line(header), line(align)] + rows.map(line)).joined(separator: "\n")
    }
}

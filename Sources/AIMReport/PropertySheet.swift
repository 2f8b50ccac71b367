import AIMViewerCore
import Foundation

/// One thing's properties (`hardware show`, `models show`): the terminal shows each value with SI
/// units, wrapped so the sheet fits 100 columns (a long source URL breaks across lines); CSV and
/// JSON keep the raw values for programs.
public struct PropertySheet<Document: Encodable>: RenderableResult {
    public struct Row: Sendable {
        public var key: String
        /// What a person reads: `2.039 TB/s`.
        public var shown: String
        /// What a program reads: `2039000000000`; empty when missing.
        public var raw: String

        public init(_ key: String, shown: String, raw: String? = nil) {
            self.key = key
            self.shown = shown
            self.raw = raw ?? shown
        }

        /// A quantity in SI units for people, the exact number for programs; `-` / empty when missing.
        public init(_ key: String, _ value: Double?, unit: String) {
            self.init(key, shown: value.map { Format.si($0, unit) } ?? "-", raw: value.map(Format.exact) ?? "")
        }
    }

    public var rows: [Row]
    public var document: Document

    public init(rows: [Row], document: Document) {
        self.rows = rows
        self.document = document
    }

    static var width: Int { 100 }

    var wrappedTable: PlainTable {
        let keyWidth = max(3, rows.map(\.key.count).max() ?? 0)
        let valueWidth = max(20, Self.width - keyWidth - 2)
        var table = PlainTable(header: ["key", "value"])
        for row in rows {
            for (index, line) in Self.lines(row.shown, width: valueWidth).enumerated() {
                table.append([index == 0 ? row.key : "", line])
            }
        }
        return table
    }

    /// Words wrapped at `width`; a word longer than the width (a URL) is cut into pieces.
    static func lines(_ text: String, width: Int) -> [String] {
        var pieces: [String] = []
        for word in text.split(separator: " ") {
            var rest = Substring(word)
            while rest.count > width {
                pieces.append(String(rest.prefix(width)))
                rest = rest.dropFirst(width)
            }
            pieces.append(String(rest))
        }
        var lines: [String] = [], line = ""
        for piece in pieces {
            if !line.isEmpty, line.count + 1 + piece.count > width {
                lines.append(line)
                line = piece
            } else {
                line += (line.isEmpty ? "" : " ") + piece
            }
        }
        lines.append(line)
        return lines
    }

    /// Left-aligned values (the text table right-aligns every column after the first).
    public func table(_ settings: RenderSettings) throws -> String {
        let sheet = wrappedTable
        let keyWidth = ([sheet.header[0]] + sheet.rows.map { $0[0] }).map(\.count).max() ?? 0
        func line(_ cells: [String]) -> String {
            let text = cells[0].padding(toLength: keyWidth, withPad: " ", startingAt: 0) + "  " + cells[1]
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
        let valueWidth = sheet.rows.map { $0[1].count }.max() ?? 5
        let rule = String(repeating: "-", count: keyWidth) + "  " + String(repeating: "-", count: max(5, valueWidth))
        return ([line(sheet.header), rule] + sheet.rows.map(line)).joined(separator: "\n") + "\n"
    }

    public func markdown(_ settings: RenderSettings) throws -> String {
        var table = PlainTable(header: ["key", "value"])
        for row in rows { table.append([row.key, row.shown]) }
        return table.markdown + "\n"
    }

    public func json() throws -> String { try JSONRenderer.encode(document) }

    /// `key,value` with raw values.
    public func csv(_ settings: RenderSettings) throws -> String {
        CSVTable(header: ["key", "value"], rows: rows.map { [$0.key, $0.raw] }).text
    }
}

import Foundation
import Testing

/// Every CSV the tool writes is for programs (issue 22): snake_case headers, raw numbers, an empty
/// field for a missing value, and one type per column, read back with a strict RFC 4180 parser.
struct CSVConventionTests {
    static let commands: [[String]] = [
        ["analyze", "--format", "csv", "--no-store"],
        ["analyze", "--convention", "both", "--format", "csv", "--no-store"],
        ["analyze", "--schedule", "fastv", "--convention", "fastv-paper", "--format", "csv", "--no-store"],
        ["compare", "--hardware", "all", "--format", "csv", "--no-store"],
        ["explore", "--methods", "aim,fastv", "--frames", "8...32:8", "--format", "csv", "--no-store", "--threads", "1"],
        ["explore", "--batch", "1,8,32", "--tp", "1,3", "--gen-len", "64", "--hardware", "a100-sxm4-40gb,tpu-v5e",
         "--format", "csv", "--no-store"],
        ["explore", "--frames", "8,16", "--budget-memory-gb", "30", "--format", "csv", "--no-store"],
        ["hardware", "list", "--format", "csv"],
        ["models", "list", "--format", "csv"],
    ]

    @Test(arguments: commands)
    func csvIsTypedPerColumn(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.exitCode == 0, "\(arguments): \(result.stderr)")
        try Self.check(result.stdout, arguments.joined(separator: " "))
    }

    @Test func runsListCSVIsTypedPerColumn() throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: database) }
        for arguments in [["analyze", "--label", "a", "--tag", "x"], ["analyze", "--gen-len", "8", "--flash-attention", "--batch", "2"],
                          ["compare", "--hardware", "a10"]] {
            let stored = try CLI.run(arguments + ["--db", database])
            #expect(stored.exitCode == 0, "\(stored.stderr)")
        }
        let list = try CLI.run(["runs", "list", "--db", database, "--format", "csv"])
        #expect(list.exitCode == 0, "\(list.stderr)")
        let table = try Self.check(list.stdout, "runs list")
        #expect(table.header.contains("created_at") && table.header.contains("prefill_seconds") && table.header.contains("batch_size"))
        #expect(table.rows.count == 3)
    }

    /// The column kinds a program can rely on.
    enum Kind { case integer, number, boolean, text }

    /// Parses strictly and checks the conventions; returns the table for further checks.
    @discardableResult
    static func check(_ text: String, _ what: String) throws -> (header: [String], rows: [[String]]) {
        let records = try StrictCSV.parse(text)
        let header = try #require(records.first, "\(what): no header")
        let rows = Array(records.dropFirst())
        #expect(!rows.isEmpty, "\(what): no rows")
        for name in header {
            #expect(name.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil, "\(what): header '\(name)' is not snake_case")
        }
        #expect(Set(header).count == header.count, "\(what): repeated header")
        for (index, row) in rows.enumerated() {
            #expect(row.count == header.count, "\(what): row \(index + 1) has \(row.count) fields, the header \(header.count)")
        }
        for (column, name) in header.enumerated() {
            let cells = rows.compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty }
            #expect(!cells.contains("-") && !cells.contains("n/a"), "\(what): \(name) marks a missing value with a sign, not an empty field")
            let kinds = Set(cells.map(kind))
            let typed = kinds.isSubset(of: [.integer, .number]) || kinds == [.boolean] || kinds == [.text]
            #expect(typed || kinds.isEmpty, "\(what): column \(name) mixes \(kinds): \(cells.prefix(5))")
            if kinds == [.text] {
                // A number with a unit glued on (6.05B, 80 GB, 55 ms) belongs in a numeric column in base units.
                let unitful = cells.first { $0.range(of: "^[0-9.]+ ?(B|GB|MB|TB|ms|s|W|TFLOPs|%)$", options: .regularExpression) != nil }
                #expect(unitful == nil, "\(what): column \(name) holds '\(unitful ?? "")'")
            }
        }
        return (header, rows)
    }

    static func kind(_ cell: String) -> Kind {
        if Int64(cell) != nil { return .integer }
        if let value = Double(cell), value.isFinite, cell.lowercased() != "nan", !cell.lowercased().contains("inf") { return .number }
        if cell == "true" || cell == "false" { return .boolean }
        return .text
    }
}

/// RFC 4180: fields separated by commas, records by newlines, a quoted field may hold commas,
/// newlines and doubled quotes; anything else (a stray quote, an unterminated field) is an error.
enum StrictCSV {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, wasQuoted = false
        var characters = Array(text)[...]
        guard characters.last == "\n" else { throw Malformed(description: "the file does not end with a newline") }
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                guard field.isEmpty, !wasQuoted else { throw Malformed(description: "a quote inside an unquoted field: \(field)") }
                quoted = true
                wasQuoted = true
            case ",":
                record.append(field)
                field = ""
                wasQuoted = false
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                wasQuoted = false
            default:
                guard !wasQuoted else { throw Malformed(description: "text after a closing quote") }
                field.append(character)
            }
        }
        guard !quoted else { throw Malformed(description: "an unterminated quoted field") }
        return records
    }
}

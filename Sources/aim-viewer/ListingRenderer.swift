import AIMReport
import Foundation

/// Renders the small listings of `models` and `hardware` in every output format.
enum ListingRenderer {
    static func render(header: [String], rows: [[String]], format: OutputFormat, json: some Encodable) throws -> String {
        switch format {
        case .json:
            return try JSONRenderer.encode(json)
        case .csv:
            return ([header] + rows).map { $0.map(CSVRenderer.escape).joined(separator: ",") }.joined(separator: "\n") + "\n"
        case .markdown:
            return PlainTable(header: header, rows: rows).markdown + "\n"
        case .table:
            return PlainTable(header: header, rows: rows).text + "\n"
        }
    }
}

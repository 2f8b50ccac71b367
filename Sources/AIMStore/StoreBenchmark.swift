import Foundation
import GRDB

extension RunStore {
    /// For `aim-viewer bench --store`: `count` copies of run `id` (its row, tags, schedules and stage
    /// totals, without per-layer rows or printed output) spread over the past, so that listing can be
    /// timed over a large history without storing that many full runs.
    ///
    /// Every column is named: the column lists come from the tables themselves, so a migration that
    /// adds a column (as `v2` added `runs.attachments_json`) is copied along instead of breaking this.
    public func insertCopiesForBenchmark(of id: String, count: Int) throws {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [id]) == true else {
                throw StoreError.unknownRun(ids: [id], path: path)
            }
            func copyStatement(_ table: String, key: String, overrides: [String: String]) throws -> Statement {
                let columns = try db.columns(in: table).map(\.name)
                let values = columns.map { overrides[$0] ?? $0 }
                let quoted = columns.map { $0.quotedDatabaseIdentifier }
                return try db.makeStatement(sql: """
                    INSERT INTO \(table) (\(quoted.joined(separator: ", ")))
                    SELECT \(values.joined(separator: ", ")) FROM \(table) WHERE \(key) = :source
                    """)
            }
            let runs = try copyStatement("runs", key: "id", overrides: [
                "id": ":copy", "created_at": ":date", "label": ":label", "output_text": "''",
            ])
            let schedules = try copyStatement("run_schedules", key: "run_id", overrides: ["run_id": ":copy"])
            let totals = try copyStatement("stage_totals", key: "run_id", overrides: ["run_id": ":copy"])
            let tags = try db.makeStatement(sql: "INSERT INTO run_tags (run_id, tag) VALUES (?, ?)")
            for index in 0..<count {
                let copy = String(format: "b%07d", index)
                let date = StoreDates.format(Date(timeIntervalSinceNow: -Double(index) * 60))
                try runs.execute(arguments: ["copy": copy, "date": date, "label": "label-\(index % 100)", "source": id])
                try tags.execute(arguments: [copy, "tag-\(index % 50)"])
                try schedules.execute(arguments: ["copy": copy, "source": id])
                try totals.execute(arguments: ["copy": copy, "source": id])
            }
        }
    }
}

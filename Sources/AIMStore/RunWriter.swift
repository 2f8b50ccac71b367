import AIMViewerCore
import Foundation
import GRDB
import GRDBSQLite

extension RunStore {
    /// Stores `content` in one transaction and returns its new id.
    ///
    /// `pauseBeforeCommit` holds the transaction open after every row is written: the crash test uses
    /// it to kill a process mid-write (the CLI reads it from `AIM_VIEWER_STORE_PAUSE_FOR_TESTS`).
    @discardableResult
    public func store(_ content: RunContent, at date: Date = Date(), pauseBeforeCommit: TimeInterval? = nil) throws -> String {
        try write { db in
            var id = RunIdentifier.make()
            while try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [id]) == true {
                id = RunIdentifier.make()
            }
            try insertRun(db, id: id, content: content, date: date)
            if let pauseBeforeCommit { Thread.sleep(forTimeInterval: pauseBeforeCommit) }
            return id
        }
    }

    func insertRun(_ db: Database, id: String, content: RunContent, date: Date) throws {
        try db.execute(sql: """
            INSERT INTO runs (id, created_at, tool_version, command, command_line_json, label, model_name,
                hardware_name, convention, model_config_json, hardware_profile_json, options_json, workload_json,
                overheads_json, generation_length, output_format, output_text, attachments_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                id, StoreDates.format(date), content.toolVersion, content.command, try StoreJSON.encode(content.commandLine),
                content.label, content.model.name, content.hardware.name,
                content.conventions.map(\.rawValue).joined(separator: ","),
                try StoreJSON.encode(content.model), try StoreJSON.encode(content.hardware),
                try StoreJSON.encode(content.options), try StoreJSON.encode(content.workload),
                try content.overheads.map(StoreJSON.encode), content.generationLength, content.outputFormat,
                content.outputText, content.attachments.isEmpty ? nil : try StoreJSON.encode(content.attachments),
            ])
        for tag in Set(content.tags).sorted() {
            try db.execute(sql: "INSERT INTO run_tags (run_id, tag) VALUES (?, ?)", arguments: [id, tag])
        }
        let operatorStatement = try db.cachedStatement(sql: """
            INSERT INTO operator_results (run_id, convention, role, stage, position, layer, operator, ops, bytes,
                seconds, load_weight_bytes, load_activation_bytes, store_activation_bytes, load_kv_bytes,
                store_kv_bytes, interconnect_bytes, intensity_ops_per_byte, bound)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let layerStatement = try db.cachedStatement(sql: """
            INSERT INTO layer_results (run_id, convention, role, stage, layer, query_tokens, context_tokens, ops,
                bytes, seconds, load_weight_bytes, load_activation_bytes, store_activation_bytes, load_kv_bytes,
                store_kv_bytes, interconnect_bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, schedule) in content.schedules.enumerated() {
            let analysis = schedule.analysis
            let convention = analysis.convention.rawValue
            try db.execute(sql: """
                INSERT INTO run_schedules (run_id, convention, role, position, label, tokens_per_layer_json,
                    precision, peak_ops_per_second, overheads_json, generation_json, llm_viewer_prefill_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    id, convention, schedule.role, position, schedule.label,
                    try StoreJSON.encode(analysis.schedule.tokensPerLayer), analysis.precision.rawValue,
                    analysis.peakOpsPerSecond, try analysis.overheads.map(StoreJSON.encode),
                    try schedule.generation.map(StoreJSON.encode), try schedule.llmViewerPrefill.map(StoreJSON.encode),
                ])
            for stage in [analysis.prefill, analysis.decode] {
                let key: [DatabaseValueConvertible?] = [id, convention, schedule.role, stage.stage.rawValue]
                let footprint = stage.memoryFootprint
                try db.execute(sql: """
                    INSERT INTO stage_totals (run_id, convention, role, stage, ops, bytes, seconds, load_weight_bytes,
                        load_activation_bytes, store_activation_bytes, load_kv_bytes, store_kv_bytes,
                        interconnect_bytes, memory_footprint_bytes, weight_bytes, kv_cache_bytes, activation_bytes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: StatementArguments(key + Self.costColumns(stage.totals.cost, seconds: stage.totals.seconds)
                        + [footprint.totalBytes, footprint.weightBytes, footprint.kvCacheBytes, footprint.activationBytes]))
                var operatorPosition = 0
                let keyText = [id, convention, schedule.role, stage.stage.rawValue]
                func insert(_ op: PricedOperator, layer: Int?) throws {
                    // Bound through SQLite's C API: thousands of rows per run, and GRDB's boxed
                    // arguments would cost more than SQLite itself.
                    let handle = operatorStatement.sqliteStatement
                    var column: Int32 = 1
                    for text in keyText { SQLiteBinding.text(handle, &column, text) }
                    SQLiteBinding.integer(handle, &column, operatorPosition)
                    SQLiteBinding.integer(handle, &column, layer)
                    SQLiteBinding.text(handle, &column, op.name.rawValue)
                    for value in Self.costColumns(op.cost, seconds: op.seconds) {
                        SQLiteBinding.double(handle, &column, value)
                    }
                    SQLiteBinding.double(handle, &column, op.intensityOpsPerByte)
                    SQLiteBinding.text(handle, &column, op.bound.rawValue)
                    try SQLiteBinding.step(handle, db)
                    operatorPosition += 1
                }
                for layer in stage.layers {
                    try layerStatement.execute(arguments: StatementArguments(
                        key + [layer.index, layer.queryTokens, layer.contextTokens]
                            + Self.costColumns(layer.totals.cost, seconds: layer.totals.seconds)))
                    for op in layer.operators { try insert(op, layer: layer.index) }
                }
                for op in stage.modelOperators { try insert(op, layer: nil) }
            }
        }
    }

    /// `ops, bytes, seconds` and the six traffic classes, in the column order of every result table.
    static func costColumns(_ cost: OperatorCost, seconds: Double) -> [Double] {
        [cost.ops, cost.bytes, seconds, cost.loadWeightBytes, cost.loadActivationBytes,
         cost.storeActivationBytes, cost.loadKVBytes, cost.storeKVBytes, cost.interconnectBytes]
    }
}

/// Short, copyable run ids: 8 characters of lowercase letters and digits.
enum RunIdentifier {
    static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}

/// Times as ISO 8601 UTC text with milliseconds: sortable as text, readable in the sqlite3 shell.
enum StoreDates {
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

/// Inputs stored as JSON text, with sorted keys so equal inputs are equal text.
enum StoreJSON {
    /// A value holding a non-finite number is refused as not storable (nothing is written), never
    /// reported as a database fault.
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch EncodingError.invalidValue(let invalid, let context) {
            throw StoreError.unstorable(
                detail: "it holds a non-finite number (\(invalid)) at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}


/// Direct binding of one row's values, advancing the column index.
enum SQLiteBinding {
    /// Executes a bound INSERT and resets it for the next row.
    static func step(_ statement: SQLiteStatement, _ db: Database) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func text(_ statement: SQLiteStatement, _ column: inout Int32, _ value: String) {
        sqlite3_bind_text(statement, column, value, -1, transient)
        column += 1
    }

    static func integer(_ statement: SQLiteStatement, _ column: inout Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(statement, column, Int64(value)) } else { sqlite3_bind_null(statement, column) }
        column += 1
    }

    static func double(_ statement: SQLiteStatement, _ column: inout Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(statement, column, value) } else { sqlite3_bind_null(statement, column) }
        column += 1
    }
}

import AIMViewerCore
import Foundation
import GRDB

extension RunStore {
    /// Runs matching `filter`, newest first.
    public func list(_ filter: RunFilter = RunFilter()) throws -> [RunSummary] {
        guard holdsRuns else { return [] }
        return try read { db in
            var conditions: [String] = []
            var arguments: [DatabaseValueConvertible?] = []
            if let model = filter.model { conditions.append("r.model_name = ?"); arguments.append(model) }
            if let hardware = filter.hardware { conditions.append("r.hardware_name = ?"); arguments.append(hardware) }
            if let label = filter.label { conditions.append("r.label = ?"); arguments.append(label) }
            if let tag = filter.tag {
                conditions.append("EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag = ?)")
                arguments.append(tag)
            }
            if let since = filter.since { conditions.append("r.created_at >= ?"); arguments.append(StoreDates.format(since)) }
            if let until = filter.until { conditions.append("r.created_at < ?"); arguments.append(StoreDates.format(until)) }
            // The options are stored as one JSON document (AnalysisOptions' keys).
            let options: [(String, Int?)] = [
                ("batchSize", filter.batchSize), ("tensorParallel", filter.tensorParallel),
                ("flashAttention", filter.flashAttention.map { $0 ? 1 : 0 }),
                ("logitsForAllPositions", filter.logitsForAllPositions.map { $0 ? 1 : 0 }),
                ("weightBits", filter.weightBits), ("activationBits", filter.activationBits), ("kvBits", filter.kvBits),
            ]
            for case let (key, value?) in options {
                conditions.append("json_extract(r.options_json, '$.\(key)') = ?")
                arguments.append(value)
            }
            if let length = filter.generationLength {
                conditions.append(length == 0 ? "(r.generation_length IS NULL OR r.generation_length = 0)" : "r.generation_length = ?")
                if length != 0 { arguments.append(length) }
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments.append(filter.limit)
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.id, r.created_at, r.command, r.label, r.model_name, r.hardware_name, r.convention,
                    r.options_json, r.generation_length,
                    (SELECT group_concat(tag, ',') FROM (SELECT tag FROM run_tags WHERE run_id = r.id ORDER BY tag)) AS tags,
                    (SELECT s.ops FROM stage_totals s JOIN run_schedules rs
                        ON rs.run_id = s.run_id AND rs.convention = s.convention AND rs.role = s.role
                        WHERE s.run_id = r.id AND s.stage = 'prefill' AND rs.role != 'baseline'
                        ORDER BY rs.position LIMIT 1) AS prefill_ops,
                    (SELECT s.seconds FROM stage_totals s JOIN run_schedules rs
                        ON rs.run_id = s.run_id AND rs.convention = s.convention AND rs.role = s.role
                        WHERE s.run_id = r.id AND s.stage = 'prefill' AND rs.role != 'baseline'
                        ORDER BY rs.position LIMIT 1) AS prefill_seconds
                FROM runs r \(whereClause)
                ORDER BY r.created_at DESC, r.id DESC
                LIMIT ?
                """, arguments: StatementArguments(arguments))
            return rows.map { row in
                RunSummary(
                    id: row["id"], createdAt: StoreDates.parse(row["created_at"]) ?? .distantPast,
                    command: row["command"], label: row["label"],
                    tags: (row["tags"] as String?)?.split(separator: ",").map(String.init) ?? [],
                    modelName: row["model_name"], hardwareName: row["hardware_name"], convention: row["convention"],
                    prefillOps: row["prefill_ops"], prefillSeconds: row["prefill_seconds"],
                    options: try? StoreJSON.decode(AnalysisOptions.self, row["options_json"]),
                    generationLength: row["generation_length"])
            }
        }
    }

    /// The full id of the run whose id is `idOrPrefix` or starts with it (at least 4 characters).
    public func resolve(_ idOrPrefix: String) throws -> String {
        try Self.checkRunID(idOrPrefix)
        guard holdsRuns else { throw StoreError.unknownRun(ids: [idOrPrefix], path: path) }
        return try read { db in try resolve(db, idOrPrefix) }
    }

    /// Ids are 8 characters of `[a-z0-9]`; a prefix needs 4 of them. Anything else is refused before
    /// it reaches SQL.
    public static func checkRunID(_ text: String) throws {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }) else {
            throw StoreError.notARunID(text)
        }
        guard text.utf8.count >= 4 else { throw StoreError.prefixTooShort(text) }
    }

    /// Matches the prefix literally: the range on `id` uses its index, `substr` does the exact test.
    func resolve(_ db: Database, _ idOrPrefix: String) throws -> String {
        try Self.checkRunID(idOrPrefix)
        let matches = try String.fetchAll(db, sql: """
            SELECT id FROM runs WHERE id >= ?1 AND id < (?1 || '~') AND substr(id, 1, length(?1)) = ?1
            ORDER BY id LIMIT 5
            """, arguments: [idOrPrefix])
        if matches.contains(idOrPrefix) { return idOrPrefix }
        guard !matches.isEmpty else { throw StoreError.unknownRun(ids: [idOrPrefix], path: path) }
        guard matches.count == 1 else { throw StoreError.ambiguousRun(prefix: idOrPrefix, matches: matches) }
        return matches[0]
    }

    /// Reads a run back with every number as it was stored.
    public func load(_ idOrPrefix: String) throws -> StoredRun {
        try Self.checkRunID(idOrPrefix)
        guard holdsRuns else { throw StoreError.unknownRun(ids: [idOrPrefix], path: path) }
        return try read { db in
            let id = try resolve(db, idOrPrefix)
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else {
                throw StoreError.unknownRun(ids: [id], path: path)
            }
            let tags = try String.fetchAll(db, sql: "SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag", arguments: [id])
            let model = try ModelConfig.fromStore(row["model_config_json"])
            let hardware = try HardwareProfile.decode(json: Data((row["hardware_profile_json"] as String).utf8),
                                                      source: "run \(id)")
            let scheduleRows = try Row.fetchAll(db, sql: "SELECT * FROM run_schedules WHERE run_id = ? ORDER BY position",
                                                arguments: [id])
            let schedules = try scheduleRows.map { try loadSchedule(db, runID: id, row: $0) }
            let conventions = (row["convention"] as String).split(separator: ",").compactMap { Convention(rawValue: String($0)) }
            let content = RunContent(
                command: row["command"], commandLine: try StoreJSON.decode([String].self, row["command_line_json"]),
                toolVersion: row["tool_version"], label: row["label"], tags: tags, model: model, hardware: hardware,
                options: try StoreJSON.decode(AnalysisOptions.self, row["options_json"]), conventions: conventions,
                workload: try StoreJSON.decode([String].self, row["workload_json"]),
                overheads: try (row["overheads_json"] as String?).map { try StoreJSON.decode(AIMOverheadSpec.self, $0) },
                generationLength: row["generation_length"], outputFormat: row["output_format"],
                outputText: row["output_text"], schedules: schedules,
                attachments: try (row["attachments_json"] as String?).map { try StoreJSON.decode(RunAttachments.self, $0) }
                    ?? RunAttachments())
            return StoredRun(id: id, createdAt: StoreDates.parse(row["created_at"]) ?? .distantPast, content: content)
        }
    }

    func loadSchedule(_ db: Database, runID: String, row: Row) throws -> StoredSchedule {
        let convention: String = row["convention"], role: String = row["role"]
        let key: StatementArguments = [runID, convention, role]
        func stage(_ stage: Stage) throws -> StageAnalysis {
            let stageKey = key + [stage.rawValue]
            guard let totals = try Row.fetchOne(db, sql: """
                SELECT * FROM stage_totals WHERE run_id = ? AND convention = ? AND role = ? AND stage = ?
                """, arguments: stageKey) else {
                throw StoreError.database(path: path, detail: "run \(runID) has no \(stage.rawValue) totals")
            }
            let layerRows = try Row.fetchAll(db, sql: """
                SELECT * FROM layer_results WHERE run_id = ? AND convention = ? AND role = ? AND stage = ? ORDER BY layer
                """, arguments: stageKey)
            let operatorRows = try Row.fetchAll(db, sql: """
                SELECT * FROM operator_results WHERE run_id = ? AND convention = ? AND role = ? AND stage = ?
                ORDER BY position
                """, arguments: stageKey)
            var operatorsByLayer: [Int: [PricedOperator]] = [:]
            var modelOperators: [PricedOperator] = []
            for operatorRow in operatorRows {
                let op = try Self.pricedOperator(operatorRow)
                if let layer: Int = operatorRow["layer"] { operatorsByLayer[layer, default: []].append(op) } else { modelOperators.append(op) }
            }
            let layers = layerRows.map { layer in
                LayerAnalysis(index: layer["layer"], queryTokens: layer["query_tokens"], contextTokens: layer["context_tokens"],
                              operators: operatorsByLayer[layer["layer"]] ?? [],
                              totals: CostTotals(cost: Self.cost(layer), seconds: layer["seconds"]))
            }
            return StageAnalysis(
                stage: stage, layers: layers, modelOperators: modelOperators,
                totals: CostTotals(cost: Self.cost(totals), seconds: totals["seconds"]),
                memoryFootprint: MemoryFootprint(weightBytes: totals["weight_bytes"], kvCacheBytes: totals["kv_cache_bytes"],
                                                 activationBytes: totals["activation_bytes"]))
        }
        guard let conventionValue = Convention(rawValue: convention),
              let precision = Precision(rawValue: row["precision"]) else {
            throw StoreError.database(path: path, detail: "run \(runID) has an unknown convention or precision")
        }
        let analysis = PassAnalysis(
            schedule: try TokenSchedule(tokensPerLayer: try StoreJSON.decode([Int].self, row["tokens_per_layer_json"])),
            convention: conventionValue, precision: precision, peakOpsPerSecond: row["peak_ops_per_second"],
            prefill: try stage(.prefill), decode: try stage(.decode),
            overheads: try (row["overheads_json"] as String?).map { try StoreJSON.decode(OverheadSummary.self, $0) })
        return StoredSchedule(
            role: role, label: row["label"], analysis: analysis,
            generation: try (row["generation_json"] as String?).map { try StoreJSON.decode(GenerationAnalysis.self, $0) },
            llmViewerPrefill: try (row["llm_viewer_prefill_json"] as String?).map { try StoreJSON.decode(CostTotals.self, $0) })
    }

    static func cost(_ row: Row) -> OperatorCost {
        OperatorCost(ops: row["ops"], loadWeightBytes: row["load_weight_bytes"],
                     loadActivationBytes: row["load_activation_bytes"], storeActivationBytes: row["store_activation_bytes"],
                     loadKVBytes: row["load_kv_bytes"], storeKVBytes: row["store_kv_bytes"],
                     interconnectBytes: row["interconnect_bytes"])
    }

    static func pricedOperator(_ row: Row) throws -> PricedOperator {
        guard let name = OperatorName(rawValue: row["operator"]), let bound = Bound(rawValue: row["bound"]) else {
            throw StoreError.database(path: "", detail: "unknown operator \(row["operator"] as String)")
        }
        return PricedOperator(name: name, cost: cost(row), intensityOpsPerByte: row["intensity_ops_per_byte"],
                              bound: bound, seconds: row["seconds"])
    }

    /// Deletes runs (and, by cascade, all their rows). Every id must exist; nothing is deleted
    /// otherwise. An id given twice (or as two prefixes) is deleted once; returns the ids deleted.
    public func delete(_ idsOrPrefixes: [String]) throws -> [String] {
        for idOrPrefix in idsOrPrefixes { try Self.checkRunID(idOrPrefix) }
        return try write { db in
            var ids: [String] = []
            var missing: [String] = []
            for idOrPrefix in idsOrPrefixes {
                do {
                    let id = try resolve(db, idOrPrefix)
                    if !ids.contains(id) { ids.append(id) }
                } catch StoreError.unknownRun {
                    if !missing.contains(idOrPrefix) { missing.append(idOrPrefix) }
                }
            }
            guard missing.isEmpty else { throw StoreError.unknownRun(ids: missing, path: path) }
            for id in ids { try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [id]) }
            return ids
        }
    }

    /// How many runs the database holds.
    public func count() throws -> Int {
        guard holdsRuns else { return 0 }
        return try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? 0 }
    }
}

extension ModelConfig {
    static func fromStore(_ json: String) throws -> ModelConfig {
        let decoded = try StoreJSON.decode(ModelConfig.self, json)
        try decoded.validate()
        return decoded
    }
}

extension RunStore {
    /// SQLite's `PRAGMA integrity_check`: `["ok"]` for a sound file, else what is wrong.
    public func integrityCheck() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}

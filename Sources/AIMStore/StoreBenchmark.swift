import Foundation
import GRDB

extension RunStore {
    /// For `aim-viewer bench --store`: `count` copies of run `id` (its row, tags, schedules and stage
    /// totals, without per-layer rows or printed output) spread over the past, so that listing can be
    /// timed over a large history without storing that many full runs.
    public func insertCopiesForBenchmark(of id: String, count: Int) throws {
        try write { db in
            for index in 0..<count {
                let copy = String(format: "b%07d", index)
                let date = StoreDates.format(Date(timeIntervalSinceNow: -Double(index) * 60))
                try db.execute(sql: """
                    INSERT INTO runs SELECT ?, ?, tool_version, command, command_line_json, ?, model_name,
                        hardware_name, convention, model_config_json, hardware_profile_json, options_json,
                        workload_json, overheads_json, generation_length, output_format, '' FROM runs WHERE id = ?
                    """, arguments: [copy, date, "label-\(index % 100)", id])
                try db.execute(sql: "INSERT INTO run_tags VALUES (?, ?)", arguments: [copy, "tag-\(index % 50)"])
                try db.execute(sql: """
                    INSERT INTO run_schedules SELECT ?, convention, role, position, label, tokens_per_layer_json,
                        precision, peak_ops_per_second, overheads_json, generation_json, llm_viewer_prefill_json
                    FROM run_schedules WHERE run_id = ?
                    """, arguments: [copy, id])
                try db.execute(sql: """
                    INSERT INTO stage_totals SELECT ?, convention, role, stage, ops, bytes, seconds, load_weight_bytes,
                        load_activation_bytes, store_activation_bytes, load_kv_bytes, store_kv_bytes, interconnect_bytes,
                        memory_footprint_bytes, weight_bytes, kv_cache_bytes, activation_bytes
                    FROM stage_totals WHERE run_id = ?
                    """, arguments: [copy, id])
            }
        }
    }
}

import GRDB

/// The schema, one migration per release that changed it (docs/runs-database.md documents it).
/// Migrations are append-only: a released one is never edited.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, tags, schedules, stage, layer and operator results") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY NOT NULL,
                    created_at TEXT NOT NULL,
                    tool_version TEXT NOT NULL,
                    command TEXT NOT NULL,
                    command_line_json TEXT NOT NULL,
                    label TEXT,
                    model_name TEXT NOT NULL,
                    hardware_name TEXT NOT NULL,
                    convention TEXT NOT NULL,
                    model_config_json TEXT NOT NULL,
                    hardware_profile_json TEXT NOT NULL,
                    options_json TEXT NOT NULL,
                    workload_json TEXT NOT NULL,
                    overheads_json TEXT,
                    generation_length INTEGER,
                    output_format TEXT NOT NULL,
                    output_text TEXT NOT NULL
                );
                CREATE INDEX runs_by_time ON runs(created_at);
                CREATE INDEX runs_by_model ON runs(model_name, created_at);
                CREATE INDEX runs_by_hardware ON runs(hardware_name, created_at);
                CREATE INDEX runs_by_label ON runs(label, created_at);

                CREATE TABLE run_tags (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    tag TEXT NOT NULL,
                    PRIMARY KEY (run_id, tag)
                );
                CREATE INDEX run_tags_by_tag ON run_tags(tag);

                CREATE TABLE run_schedules (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    convention TEXT NOT NULL,
                    role TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    label TEXT NOT NULL,
                    tokens_per_layer_json TEXT NOT NULL,
                    precision TEXT NOT NULL,
                    peak_ops_per_second REAL NOT NULL,
                    overheads_json TEXT,
                    generation_json TEXT,
                    llm_viewer_prefill_json TEXT,
                    PRIMARY KEY (run_id, convention, role)
                );

                CREATE TABLE stage_totals (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    convention TEXT NOT NULL,
                    role TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    ops REAL NOT NULL, bytes REAL NOT NULL, seconds REAL NOT NULL,
                    load_weight_bytes REAL NOT NULL, load_activation_bytes REAL NOT NULL,
                    store_activation_bytes REAL NOT NULL, load_kv_bytes REAL NOT NULL,
                    store_kv_bytes REAL NOT NULL, interconnect_bytes REAL NOT NULL,
                    memory_footprint_bytes REAL NOT NULL, weight_bytes REAL NOT NULL,
                    kv_cache_bytes REAL NOT NULL, activation_bytes REAL NOT NULL,
                    PRIMARY KEY (run_id, convention, role, stage)
                );

                CREATE TABLE layer_results (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    convention TEXT NOT NULL,
                    role TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    layer INTEGER NOT NULL,
                    query_tokens INTEGER NOT NULL, context_tokens INTEGER NOT NULL,
                    ops REAL NOT NULL, bytes REAL NOT NULL, seconds REAL NOT NULL,
                    load_weight_bytes REAL NOT NULL, load_activation_bytes REAL NOT NULL,
                    store_activation_bytes REAL NOT NULL, load_kv_bytes REAL NOT NULL,
                    store_kv_bytes REAL NOT NULL, interconnect_bytes REAL NOT NULL,
                    PRIMARY KEY (run_id, convention, role, stage, layer)
                ) WITHOUT ROWID;

                CREATE TABLE operator_results (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    convention TEXT NOT NULL,
                    role TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    layer INTEGER,
                    operator TEXT NOT NULL,
                    ops REAL NOT NULL, bytes REAL NOT NULL, seconds REAL NOT NULL,
                    load_weight_bytes REAL NOT NULL, load_activation_bytes REAL NOT NULL,
                    store_activation_bytes REAL NOT NULL, load_kv_bytes REAL NOT NULL,
                    store_kv_bytes REAL NOT NULL, interconnect_bytes REAL NOT NULL,
                    intensity_ops_per_byte REAL,
                    bound TEXT NOT NULL,
                    PRIMARY KEY (run_id, convention, role, stage, position)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2: run attachments (vision side, hardware comparison)") { db in
            try db.execute(sql: "ALTER TABLE runs ADD COLUMN attachments_json TEXT")
        }
        return migrator
    }
}

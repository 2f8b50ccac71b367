@testable import AIMStore
import AIMViewerCore
import Foundation
import GRDB
import Testing

struct RunStoreTests {
    static func temporaryPath(_ name: String = "runs.sqlite") -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aim-store-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    static func content(label: String? = nil, tags: [String] = [], model: String = "tiny",
                        convention: Convention = .exact) throws -> RunContent {
        let config = try ModelConfig(name: model, layerCount: 3, hiddenSize: 8, attentionHeads: 2, keyValueHeads: 1,
                                     intermediateSize: 16, vocabularySize: 10)
        let hardware = try HardwareProfile(name: "dev", memoryBandwidthBytesPerSecond: 1e9,
                                           peakOpsPerSecond: [.fp16: 1e12], onChipBufferBytes: 1e6,
                                           onChipMemoryPerSMBytes: 65536, sources: ["test"])
        let options = AnalysisOptions(convention: convention)
        let analyzer = try Analyzer(model: config, hardware: hardware, options: options)
        let parameters = AIMScheduleParameters(frames: 2, tokensPerFrame: 8, textTokens: 3, mergeIterations: 1,
                                               pruneStartLayer: 1, pruneStep: 0.5, alignment: .analyzer)
        let baseline = try AIMScheduler.baseline(parameters, layerCount: 3)
        let method = try AIMScheduler.schedule(parameters, layerCount: 3)
        let spec = AIMOverheadSpec(parameters)
        return RunContent(
            command: "analyze", commandLine: ["analyze", "--label", label ?? ""], toolVersion: "test", label: label,
            tags: tags, model: config, hardware: hardware, options: options, conventions: [convention],
            workload: ["a workload"], overheads: spec, generationLength: 5, outputFormat: "table",
            outputText: "printed text\nwith ünïcode and trailing spaces  \n",
            schedules: [
                StoredSchedule(role: "baseline", label: "baseline", analysis: try analyzer.analyze(baseline),
                               generation: try analyzer.generation(baseline, steps: 5)),
                StoredSchedule(role: "method", label: "AIM", analysis: try analyzer.analyze(method, overheads: spec),
                               generation: try analyzer.generation(method, steps: 5, overheads: spec),
                               llmViewerPrefill: CostTotals(cost: OperatorCost(ops: 1.5), seconds: 0.1)),
            ])
    }

    @Test func roundTripIsBitExact() throws {
        let store = try RunStore(path: Self.temporaryPath())
        let content = try Self.content(label: "l", tags: ["b", "a"])
        let id = try store.store(content)
        #expect(id.count == 8)
        let loaded = try store.load(id)
        var expected = content
        expected.tags = ["a", "b"]
        #expect(loaded.content == expected)
        #expect(try store.load(String(id.prefix(5))).id == id)
    }

    @Test func schemaIsQueryableAndWAL() throws {
        let path = Self.temporaryPath()
        let store = try RunStore(path: path)
        let id = try store.store(try Self.content())
        try store.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            #expect(try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") == true)
            // 2 schedules x 2 stages x 3 layers.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM layer_results WHERE run_id = ?", arguments: [id]) == 12)
            let qk = try Double.fetchOne(db, sql: """
                SELECT SUM(ops) FROM operator_results WHERE run_id = ? AND operator = 'qk_matmul' AND stage = 'prefill'
                """, arguments: [id])
            #expect((qk ?? 0) > 0)
        }
    }

    @Test func listFiltersNewestFirst() throws {
        let store = try RunStore(path: Self.temporaryPath())
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try store.store(try Self.content(label: "x", tags: ["t1"], model: "m1"), at: base)
        let second = try store.store(try Self.content(label: "y", tags: ["t1", "t2"], model: "m2"), at: base + 60)
        let third = try store.store(try Self.content(label: "x", model: "m1"), at: base + 120)
        #expect(try store.list().map(\.id) == [third, second, first])
        #expect(try store.list(RunFilter(label: "x")).map(\.id) == [third, first])
        #expect(try store.list(RunFilter(tag: "t1")).map(\.id) == [second, first])
        #expect(try store.list(RunFilter(model: "m2")).map(\.id) == [second])
        #expect(try store.list(RunFilter(hardware: "other")).isEmpty)
        #expect(try store.list(RunFilter(since: base + 30, until: base + 90)).map(\.id) == [second])
        #expect(try store.list(RunFilter(limit: 1)).map(\.id) == [third])
        let summary = try #require(try store.list(RunFilter(model: "m2")).first)
        #expect(summary.tags == ["t1", "t2"])
        #expect(summary.prefillOps == (try store.load(second)).content.schedules[1].analysis.prefill.totals.cost.ops)
    }

    @Test func deleteCascadesAndIsAllOrNothing() throws {
        let store = try RunStore(path: Self.temporaryPath())
        let keep = try store.store(try Self.content())
        let gone = try store.store(try Self.content())
        #expect(throws: StoreError.self) { try store.delete([gone, "zzzzzzzz"]) }
        #expect(try store.count() == 2)
        #expect(try store.delete([gone]) == [gone])
        for table in ["run_tags", "run_schedules", "stage_totals", "layer_results", "operator_results"] {
            let left = try store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE run_id = ?", arguments: [gone])
            }
            #expect(left == 0, "\(table)")
        }
        #expect(try store.load(keep).id == keep)
        #expect(throws: StoreError.unknownRun(ids: [gone], path: store.path)) { try store.load(gone) }
    }

    @Test func refusesAFileThatIsNotSQLiteAndLeavesItAlone() throws {
        let path = Self.temporaryPath("notes.sqlite")
        let original = Data("these are my notes, not a database\n".utf8)
        try original.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notADatabase(path: path)) { try RunStore(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
    }

    @Test func refusesANewerSchemaAndLeavesItAlone() throws {
        let path = Self.temporaryPath()
        do {
            let store = try RunStore(path: path)
            try store.store(try Self.content())
            try store.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
            }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: StoreError.newerSchema(path: path)) { try RunStore(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func unwritableLocationIsAClearError() throws {
        guard getuid() != 0 else {
            // root writes anywhere; a path under a regular file can never be created.
            let file = Self.temporaryPath("file")
            try Data().write(to: URL(fileURLWithPath: file))
            #expect(throws: StoreError.self) { try RunStore(path: file + "/runs.sqlite") }
            return
        }
        let directory = URL(fileURLWithPath: Self.temporaryPath()).deletingLastPathComponent()
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: directory.path)
        #expect(throws: StoreError.self) { try RunStore(path: directory.appendingPathComponent("runs.sqlite").path) }
    }

    @Test func defaultPathFollowsTheEnvironment() {
        #expect(RunStore.defaultPath(environment: ["AIM_VIEWER_DB": "/x/y.sqlite"]) == "/x/y.sqlite")
        #expect(RunStore.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"]) == "/data/aim-viewer/runs.sqlite")
        #expect(RunStore.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/share/aim-viewer/runs.sqlite")
    }
}

@testable import AIMStore
import AIMViewerCore
import Foundation
import GRDB
import Testing

/// Nothing lost, nothing touched that should not be: literal id prefixes, reads that write nothing,
/// foreign, damaged and read-only files left byte-identical.
struct RunStoreSafetyTests {
    /// Every file in `directory` with its bytes: equal before and after means nothing was written,
    /// created (no -wal, -shm or -journal) or removed.
    static func contents(of directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return files
    }

    static func directory(of path: String) -> String { URL(fileURLWithPath: path).deletingLastPathComponent().path }

    /// A database with `count` runs, written and closed (so its -wal is checkpointed and gone).
    static func storedDatabase(runs count: Int = 2) throws -> (path: String, ids: [String]) {
        let path = RunStoreTests.temporaryPath()
        var ids: [String] = []
        do {
            let store = try RunStore(path: path)
            for index in 0..<count { ids.append(try store.store(try RunStoreTests.content(label: "run\(index)"))) }
        }
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "the writer closed: no -wal is left")
        return (path, ids)
    }

    /// Another application's SQLite file, made in rollback-journal mode as most tools do.
    static func foreignDatabase(_ sql: String) throws -> String {
        let path = RunStoreTests.temporaryPath("other.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
        return path
    }

    // MARK: Run ids

    @Test func prefixesMatchLiterallyAndOnlyRunIdsAreAccepted() throws {
        let store = try RunStore(path: RunStoreTests.temporaryPath())
        let id = try store.store(try RunStoreTests.content())
        for text in ["%%%%", "____", "%", "_", "\(id.prefix(3))%", "\(id.prefix(4))_", "ABCD", "\(id.prefix(4)) ", "", "a'--"] {
            #expect(throws: StoreError.notARunID(text)) { try store.resolve(text) }
            #expect(throws: StoreError.notARunID(text)) { try store.load(text) }
            #expect(throws: StoreError.notARunID(text)) { try store.delete([text]) }
        }
        #expect(try store.count() == 1)
        #expect(throws: StoreError.prefixTooShort(String(id.prefix(3)))) { try store.resolve(String(id.prefix(3))) }
        #expect(throws: StoreError.prefixTooShort(String(id.prefix(3)))) { try store.delete([String(id.prefix(3))]) }
        #expect(StoreError.prefixTooShort("axy").description.contains("4 or more"))
        #expect(try store.resolve(String(id.prefix(4))) == id)
        #expect(try store.resolve(id) == id)
        let other = id.first == "z" ? "y" : "z"
        #expect(throws: StoreError.unknownRun(ids: [other + id.dropFirst()], path: store.path)) {
            try store.resolve(other + id.dropFirst())
        }
        #expect(try store.count() == 1)
    }

    @Test func deletingAnIdTwiceDeletesItOnce() throws {
        let store = try RunStore(path: RunStoreTests.temporaryPath())
        let gone = try store.store(try RunStoreTests.content())
        let keep = try store.store(try RunStoreTests.content())
        #expect(try store.delete([gone, gone, String(gone.prefix(5))]) == [gone])
        #expect(try store.list().map(\.id) == [keep])
        // A missing id is named once, and nothing is deleted.
        #expect(throws: StoreError.unknownRun(ids: ["zzzzzzzz"], path: store.path)) {
            try store.delete([keep, "zzzzzzzz", "zzzzzzzz"])
        }
        #expect(try store.count() == 1)
    }

    // MARK: Reads write nothing

    @Test func readingChangesNoByteAndCreatesNoFile() throws {
        let (path, ids) = try Self.storedDatabase()
        let directory = Self.directory(of: path)
        let before = try Self.contents(of: directory)
        #expect(before.keys.sorted() == ["runs.sqlite"])
        do {
            let store = try RunStore(readingAt: path)
            #expect(!store.isWritable)
            #expect(Set(try store.list().map(\.id)) == Set(ids))
            #expect(try store.load(ids[0]).content.label == "run0")
            #expect(try store.resolve(String(ids[1].prefix(4))) == ids[1])
            #expect(try store.count() == 2)
            #expect(try store.integrityCheck() == ["ok"])
            #expect(throws: StoreError.self) { try store.delete([ids[0]]) }
            #expect(throws: StoreError.self) { try store.store(try RunStoreTests.content()) }
            #expect(try Self.contents(of: directory) == before, "nothing appears while the store is open")
        }
        #expect(try Self.contents(of: directory) == before)
    }

    @Test func readingSeesRunsStillInTheWALThroughASymbolicLinkToo() throws {
        let (path, _) = try Self.storedDatabase(runs: 1)
        let link = RunStoreTests.temporaryPath("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        // A writer that stays open: its run is in runs.sqlite-wal, not yet in runs.sqlite.
        let writer = try RunStore(path: path)
        let id = try writer.store(try RunStoreTests.content(label: "in the wal"))
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        for reading in [path, link] {
            let store = try RunStore(readingAt: reading)
            #expect(try store.count() == 2, "\(reading)")
            #expect(try store.load(id).content.label == "in the wal")
        }
        #expect(!FileManager.default.fileExists(atPath: link + "-wal") && !FileManager.default.fileExists(atPath: link + "-shm"))
    }

    @Test func readingAMissingFileIsAnErrorAndCreatesNothing() throws {
        let parent = RunStoreTests.temporaryPath("never")
        let path = parent + "/made/runs.sqlite"
        #expect(throws: StoreError.noDatabase(path: path)) { try RunStore(readingAt: path) }
        #expect(!FileManager.default.fileExists(atPath: parent))
        #expect(StoreError.noDatabase(path: path).description.contains("no runs database at \(path) (nothing stored yet)"))
    }

    @Test func aZeroByteFileReadsAsEmptyAndMayBeInitialisedForWriting() throws {
        let path = RunStoreTests.temporaryPath()
        try Data().write(to: URL(fileURLWithPath: path))
        let directory = Self.directory(of: path)
        let before = try Self.contents(of: directory)
        do {
            let store = try RunStore(readingAt: path)
            #expect(try store.list().isEmpty)
            #expect(try store.count() == 0)
            #expect(try store.integrityCheck() == ["ok"])
            #expect(throws: StoreError.unknownRun(ids: ["abcd"], path: path)) { try store.load("abcd") }
        }
        #expect(try Self.contents(of: directory) == before)
        let store = try RunStore(path: path)
        let id = try store.store(try RunStoreTests.content())
        #expect(try store.load(id).id == id)
    }

    @Test func anSQLiteFileWithoutTablesMayBeInitialisedForWriting() throws {
        let path = try Self.foreignDatabase("PRAGMA user_version = 7")
        let directory = Self.directory(of: path)
        let before = try Self.contents(of: directory)
        #expect(try (before["other.sqlite"]?.count ?? 0) > 0)
        #expect(try RunStore(readingAt: path).list().isEmpty)
        #expect(try Self.contents(of: directory) == before)
        let store = try RunStore(path: path)
        #expect(try store.load(try store.store(try RunStoreTests.content())).content.label == nil)
    }

    @Test func anOlderSchemaIsReadAsItIsAndMigratedOnlyByAWriter() throws {
        let (path, ids) = try Self.storedDatabase(runs: 1)
        // Turn it back into what v1 wrote: no attachments column, no v2 record.
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: "ALTER TABLE runs DROP COLUMN attachments_json")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v2%'")
            }
            try queue.close()
        }
        let directory = Self.directory(of: path)
        let before = try Self.contents(of: directory)
        do {
            let store = try RunStore(readingAt: path)
            #expect(try store.list().map(\.id) == ids)
            let run = try store.load(ids[0])
            #expect(run.content.attachments == RunAttachments())
            #expect(run.content.schedules.count == 2)
        }
        #expect(try Self.contents(of: directory) == before, "reading an older schema does not migrate it")
        let writer = try RunStore(path: path)
        let columns = try writer.read { db in try db.columns(in: "runs").map(\.name) }
        #expect(columns.contains("attachments_json"))
        #expect(try writer.load(ids[0]).id == ids[0])
    }

    // MARK: Files that are not ours, or damaged

    @Test(arguments: [
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine')",
        "CREATE TABLE runs (id TEXT PRIMARY KEY, started TEXT); INSERT INTO runs VALUES ('abcd1234', 'today')",
        "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('createUsers'); CREATE TABLE users (id INTEGER)",
    ])
    func anotherApplicationsDatabaseIsRefusedForReadingAndWritingAndLeftAlone(sql: String) throws {
        let path = try Self.foreignDatabase(sql)
        let directory = Self.directory(of: path)
        let before = try Self.contents(of: directory)
        for open in [{ try RunStore(readingAt: path) }, { try RunStore(path: path) }] {
            do {
                _ = try open()
                Issue.record("\(path) was opened")
            } catch let error as StoreError {
                guard case .foreignDatabase(path, _) = error else { Issue.record("\(error)"); continue }
                #expect(error.description.contains(path) && error.description.contains("left untouched"))
            }
            #expect(try Self.contents(of: directory) == before)
        }
    }

    @Test func aTruncatedDatabaseIsDamagedAndLeftAlone() throws {
        let (path, _) = try Self.storedDatabase(runs: 3)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for cut in [bytes.count / 2, bytes.count / 2 + 1000, 60] {
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: path))
            let directory = Self.directory(of: path)
            let before = try Self.contents(of: directory)
            for open in [{ try RunStore(readingAt: path) }, { try RunStore(path: path) }] {
                do {
                    _ = try open()
                    Issue.record("a file cut to \(cut) bytes was opened")
                } catch let error as StoreError {
                    guard case .damaged(path, _) = error else { Issue.record("\(error)"); continue }
                    #expect(error.description.contains("damaged") && error.description.contains(path))
                }
                #expect(try Self.contents(of: directory) == before)
            }
        }
    }

    @Test func badPathsSayWhatIsWrong() throws {
        let directory = Self.directory(of: RunStoreTests.temporaryPath())
        let file = directory + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        for writing in [false, true] {
            func open(_ path: String) throws { _ = writing ? try RunStore(path: path) : try RunStore(readingAt: path) }
            #expect(throws: StoreError.badPath(path: "", problem: "the path is empty", writing: writing)) { try open("") }
            for (path, problem) in [(directory, "is a directory"), (directory + "/", "ends with '/'"),
                                    (file + "/runs.sqlite", "\(file) is a file, not a directory"),
                                    (file + "/deeper/runs.sqlite", "\(file) is a file, not a directory")] {
                do {
                    try open(path)
                    Issue.record("\(path) was opened")
                } catch let error as StoreError {
                    guard case let .badPath(_, found, _) = error else { Issue.record("\(error)"); continue }
                    #expect(found.contains(problem), "\(found)")
                }
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("x".utf8))
    }

    /// Permission bits do not stop root; the checks that need them to are skipped there, with a note.
    static func permissionsAreEnforced(in directory: String) -> Bool {
        let probe = directory + "/probe-\(UUID().uuidString)"
        if FileManager.default.createFile(atPath: probe, contents: Data()) {
            try? FileManager.default.removeItem(atPath: probe)
            return false
        }
        return true
    }

    @Test func aReadOnlyFileInAReadOnlyDirectoryIsReadAndLeftAlone() throws {
        let (path, ids) = try Self.storedDatabase()
        let directory = Self.directory(of: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory) }
        let before = try Self.contents(of: directory)
        do {
            let store = try RunStore(readingAt: path)
            #expect(Set(try store.list().map(\.id)) == Set(ids))
            #expect(try store.load(ids[0]).id == ids[0])
            #expect(try store.integrityCheck() == ["ok"])
        }
        #expect(try Self.contents(of: directory) == before)
        guard Self.permissionsAreEnforced(in: directory) else {
            print("note: running as root, where a 0555 directory and a 0444 file stay writable: skipped checking that writing is refused")
            return
        }
        do {
            _ = try RunStore(path: path)
            Issue.record("a read-only file was opened for writing")
        } catch let error as StoreError {
            guard case .readOnly(path, _) = error else { Issue.record("\(error)"); return }
        }
        #expect(try Self.contents(of: directory) == before)
    }

    @Test func aReadOnlyFileInAWritableDirectoryIsReadAndLeftAlone() throws {
        let (path, ids) = try Self.storedDatabase()
        let directory = Self.directory(of: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let before = try Self.contents(of: directory)
        #expect(try RunStore(readingAt: path).load(ids[1]).id == ids[1])
        #expect(try Self.contents(of: directory) == before, "no -wal or -shm is created beside it")
        guard FileHandle(forWritingAtPath: path) == nil else {
            print("note: running as root, where a 0444 file stays writable: skipped checking that writing is refused")
            return
        }
        #expect(throws: StoreError.readOnly(path: path, detail: "the file is read-only")) { try RunStore(path: path) }
        #expect(try Self.contents(of: directory) == before)
    }

    // MARK: Reading while others write

    final class WriterState: @unchecked Sendable {
        let lock = NSLock()
        var finished = false
        var error: Error?
    }

    @Test func readersSeeWholeRunsWhileAWriterStores() throws {
        let path = RunStoreTests.temporaryPath()
        do { _ = try RunStore(path: path).store(try RunStoreTests.content()) }
        let content = try RunStoreTests.content()
        let state = WriterState()
        DispatchQueue.global().async {
            do {
                // A fresh store each time: its close checkpoints and removes the -wal, so the
                // reader meets the file both with and without one.
                for _ in 0..<15 { _ = try RunStore(path: path).store(content) }
            } catch {
                state.lock.withLock { state.error = error }
            }
            state.lock.withLock { state.finished = true }
        }
        var last = 0
        while true {
            let finished = state.lock.withLock { state.finished }
            let store = try RunStore(readingAt: path)
            let count = try store.count()
            #expect(count >= last)
            last = count
            for summary in try store.list(RunFilter(limit: 2)) {
                #expect(try store.load(summary.id).content.schedules.count == 2)
            }
            if finished { break }
        }
        #expect(state.lock.withLock { state.error } == nil)
        #expect(try RunStore(readingAt: path).count() == 16)
    }

    // MARK: The benchmark's copies

    @Test func benchmarkCopiesNameTheirColumnsAndSurviveANewColumn() throws {
        let store = try RunStore(path: RunStoreTests.temporaryPath())
        let content = try RunStoreTests.content(tags: ["t"])
        let id = try store.store(content)
        // What a future migration might do: the copies follow the table, not a fixed column list.
        try store.write { db in
            try db.execute(sql: "ALTER TABLE runs ADD COLUMN later_json TEXT")
            try db.execute(sql: "UPDATE runs SET later_json = '{}', attachments_json = '{}' WHERE id = ?", arguments: [id])
        }
        try store.insertCopiesForBenchmark(of: id, count: 120)
        #expect(try store.count() == 121)
        #expect(try store.list(RunFilter(label: "label-42")).map(\.id) == ["b0000042"])
        #expect(try store.list(RunFilter(tag: "tag-7", limit: 10)).count == 3)
        let copy = try store.load("b0000042")
        #expect(copy.content.model == content.model && copy.content.schedules.count == 2)
        try store.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT later_json, attachments_json FROM runs WHERE id = 'b0000042'"))
            #expect(row["later_json"] as String? == "{}" && row["attachments_json"] as String? == "{}")
        }
        #expect(throws: StoreError.unknownRun(ids: ["zzzzzzzz"], path: store.path)) {
            try store.insertCopiesForBenchmark(of: "zzzzzzzz", count: 1)
        }
    }
}

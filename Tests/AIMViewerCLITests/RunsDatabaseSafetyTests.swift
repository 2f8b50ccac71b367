import Foundation
import Testing

/// The runs database through the real binary: nothing lost, nothing touched that should not be.
/// Byte-identity is checked on every file of the database's directory, so a `-wal`, `-shm` or
/// `-journal` appearing counts as a change too.
struct RunsDatabaseSafetyTests {
    static func scratchDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aim-safety-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    static func contents(of directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return files
    }

    /// Stores a small run and returns its id.
    static func analyze(_ db: String, _ extra: [String] = []) throws -> String {
        let result = try CLI.run(["analyze", "--db", db, "--tokens", "10"] + extra)
        #expect(result.exitCode == 0, "\(result.stderr)")
        return String(result.stderr.split(separator: " ")[2])
    }

    /// An error as the user should see it: one clear line, exit status 1, no usage text or raw
    /// GRDB/Foundation error dump.
    static func expectCleanError(_ result: CLIResult, mentioning parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.exitCode == 1, "exit \(result.exitCode): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("Error: "), "\(result.stderr)", sourceLocation: sourceLocation)
        for raw in ["Usage:", "NSCocoaErrorDomain", "SQLite error", "Fatal error", "GRDB"] {
            #expect(!result.stderr.contains(raw), "\(result.stderr)", sourceLocation: sourceLocation)
        }
        for part in parts {
            #expect(result.stderr.contains(part), "'\(part)' not in: \(result.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// Runs SQL on a file with the sqlite3 shell or Python's sqlite3 module; false when neither exists.
    static func sqlite(_ path: String, _ sql: String) throws -> Bool {
        let tools: [(String, [String])] = [
            ("/usr/bin/sqlite3", [path, sql]),
            ("/usr/bin/python3", ["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()", path, sql]),
        ]
        guard let (tool, arguments) = tools.first(where: { FileManager.default.isExecutableFile(atPath: $0.0) }) else {
            return false
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) failed on \(sql)")
        return true
    }

    // MARK: Run ids

    @Test func prefixesAreLiteralTooShortOnesSaySoAndDuplicatesCountOnce() throws {
        let db = try Self.scratchDirectory() + "/runs.sqlite"
        let id = try Self.analyze(db)
        for text in ["%%%%", "____", "\(id.prefix(3))%", "\(id.prefix(3))_"] {
            Self.expectCleanError(try CLI.run(["runs", "delete", text, "--db", db]), mentioning: ["'\(text)' is not a run id"])
            Self.expectCleanError(try CLI.run(["runs", "show", text, "--db", db]), mentioning: ["'\(text)' is not a run id"])
        }
        let list = try CLI.run(["runs", "list", "--db", db, "--format", "json"])
        #expect(list.stdout.contains(id), "the run survived `runs delete %%%%`")
        Self.expectCleanError(try CLI.run(["runs", "show", String(id.prefix(3)), "--db", db]),
                              mentioning: ["'\(id.prefix(3))'", "4 or more"])
        #expect(try CLI.run(["runs", "show", String(id.prefix(4)), "--db", db]).exitCode == 0)
        let other = try Self.analyze(db)
        let deleted = try CLI.run(["runs", "delete", id, id, String(id.prefix(5)), "--db", db])
        #expect(deleted.exitCode == 0)
        #expect(deleted.stdout == "deleted 1 run: \(id)\n")
        let left = try CLI.run(["runs", "list", "--db", db, "--format", "json"])
        #expect(left.stdout.contains(other) && !left.stdout.contains(id))
    }

    // MARK: Reads write nothing

    @Test func readCommandsLeaveTheDatabaseByteIdentical() throws {
        let directory = try Self.scratchDirectory()
        let db = directory + "/runs.sqlite"
        let a = try Self.analyze(db, ["--tag", "t", "--label", "first"])
        let b = try Self.analyze(db, ["--frames", "8"])
        let html = try Self.scratchDirectory() + "/report.html"
        let before = try Self.contents(of: directory)
        #expect(before.keys.sorted() == ["runs.sqlite"])
        let reads: [[String]] = [
            ["runs", "list"], ["runs", "list", "--tag", "t", "--format", "json"], ["runs", "show", a],
            ["runs", "show", String(b.prefix(4)), "--format", "json"], ["runs", "diff", a, b],
            ["runs", "export", a, b, "--format", "csv"], ["runs", "export", a, "--format", "json"], ["runs", "check"],
            ["runs", "rerun", a], ["report", a], ["report", b, "--html", html],
        ]
        for arguments in reads {
            let result = try CLI.run(arguments + ["--db", db])
            #expect(result.exitCode == 0, "\(arguments): \(result.stderr)")
            #expect(try Self.contents(of: directory) == before, "\(arguments) changed the database or its directory")
        }
        for failing in [["runs", "show", "zzzzzzzz"], ["runs", "diff", a, "zzzz"], ["report", "____"]] {
            #expect(try CLI.run(failing + ["--db", db]).exitCode == 1)
            #expect(try Self.contents(of: directory) == before, "\(failing) changed the database or its directory")
        }
    }

    @Test func aMissingDatabaseIsAnErrorAndIsNotCreated() throws {
        let parent = try Self.scratchDirectory() + "/not-yet"
        let db = parent + "/runs.sqlite"
        for arguments in [["runs", "list"], ["runs", "show", "abcd"], ["runs", "diff", "abcd", "efgh"],
                          ["runs", "export", "abcd"], ["runs", "check"], ["runs", "rerun", "abcd"], ["report", "abcd"]] {
            Self.expectCleanError(try CLI.run(arguments + ["--db", db]),
                                  mentioning: ["no runs database at \(db) (nothing stored yet)"])
            #expect(!FileManager.default.fileExists(atPath: parent), "\(arguments) created \(parent)")
        }
        // Through the environment too.
        let listed = try CLI.run(["runs", "list"], environment: ["AIM_VIEWER_DB": db])
        Self.expectCleanError(listed, mentioning: ["no runs database at \(db)"])
        #expect(!FileManager.default.fileExists(atPath: parent))
    }

    @Test func aZeroByteFileListsEmptyUntouchedAndMayBeInitialisedByAWrite() throws {
        let directory = try Self.scratchDirectory()
        let db = directory + "/runs.sqlite"
        FileManager.default.createFile(atPath: db, contents: Data())
        let before = try Self.contents(of: directory)
        let list = try CLI.run(["runs", "list", "--db", db, "--format", "json"])
        #expect(list.exitCode == 0, "\(list.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any])?.isEmpty == true, "\(list.stdout)")
        #expect(try CLI.run(["runs", "check", "--db", db]).stdout.contains(": ok, 0 runs"))
        Self.expectCleanError(try CLI.run(["runs", "show", "abcd", "--db", db]), mentioning: ["no run abcd"])
        #expect(try Self.contents(of: directory) == before)
        let id = try Self.analyze(db)
        #expect(try CLI.run(["runs", "show", id, "--db", db]).exitCode == 0)
    }

    @Test func anotherApplicationsDatabaseIsRefusedAndLeftByteIdentical() throws {
        let cases = [
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me');",
            "CREATE TABLE runs (id TEXT PRIMARY KEY, finished TEXT); INSERT INTO runs VALUES ('abcd1234', 'yes');",
        ]
        for sql in cases {
            let directory = try Self.scratchDirectory()
            let db = directory + "/other.sqlite"
            guard try Self.sqlite(db, sql) else {
                print("note: neither sqlite3 nor python3 is installed: skipped making another application's database")
                return
            }
            let before = try Self.contents(of: directory)
            for arguments in [["runs", "list"], ["runs", "show", "abcd1234"], ["runs", "check"], ["report", "abcd"],
                              ["runs", "delete", "abcd1234"], ["analyze", "--tokens", "10"]] {
                Self.expectCleanError(try CLI.run(arguments + ["--db", db]),
                                      mentioning: [db, "not an aim-viewer runs database", "left untouched"])
                #expect(try Self.contents(of: directory) == before, "\(arguments) changed \(db)")
            }
        }
    }

    @Test func anOlderSchemaIsReadWithoutBeingMigrated() throws {
        let directory = try Self.scratchDirectory()
        let db = directory + "/runs.sqlite"
        let id = try Self.analyze(db)
        guard try Self.sqlite(db, "ALTER TABLE runs DROP COLUMN attachments_json; DELETE FROM grdb_migrations WHERE identifier LIKE 'v2%';") else {
            print("note: neither sqlite3 nor python3 is installed: skipped making a v1 database")
            return
        }
        let before = try Self.contents(of: directory)
        #expect(try CLI.run(["runs", "list", "--db", db]).stdout.contains(id))
        #expect(try CLI.run(["runs", "show", id, "--db", db, "--format", "json"]).exitCode == 0)
        #expect(try CLI.run(["runs", "check", "--db", db]).stdout.contains(": ok, 1 runs"))
        #expect(try Self.contents(of: directory) == before)
        // A write migrates it; the old run reads back.
        _ = try Self.analyze(db)
        #expect(try CLI.run(["runs", "show", id, "--db", db]).exitCode == 0)
    }

    // MARK: Read-only files and directories

    @Test func aReadOnlyFileAndDirectoryCanBeListedAndShown() throws {
        let directory = try Self.scratchDirectory()
        let db = directory + "/runs.sqlite"
        let id = try Self.analyze(db)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory) }
        let before = try Self.contents(of: directory)
        for arguments in [["runs", "list"], ["runs", "show", id], ["runs", "check"], ["report", id]] {
            let result = try CLI.run(arguments + ["--db", db])
            #expect(result.exitCode == 0, "\(arguments): \(result.stderr)")
        }
        #expect(try CLI.run(["runs", "list", "--db", db]).stdout.contains(id))
        #expect(try Self.contents(of: directory) == before)
        let probe = directory + "/probe"
        if FileManager.default.createFile(atPath: probe, contents: Data()) {
            try? FileManager.default.removeItem(atPath: probe)
            print("note: running as root, where 0555 and 0444 do not stop writes: skipped checking that analyze and delete are refused")
            return
        }
        Self.expectCleanError(try CLI.run(["analyze", "--tokens", "10", "--db", db]), mentioning: [db, "read-only", "--no-store"])
        Self.expectCleanError(try CLI.run(["runs", "delete", id, "--db", db]), mentioning: [db, "read-only"])
        #expect(try Self.contents(of: directory) == before)
    }

    @Test func aReadOnlyFileInAWritableDirectoryGetsNoSideFiles() throws {
        let directory = try Self.scratchDirectory()
        let db = directory + "/runs.sqlite"
        let id = try Self.analyze(db)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        let before = try Self.contents(of: directory)
        #expect(try CLI.run(["runs", "show", id, "--db", db]).exitCode == 0)
        #expect(try CLI.run(["runs", "list", "--db", db]).exitCode == 0)
        #expect(try Self.contents(of: directory) == before, "no -wal or -shm appears beside a read-only file")
        guard FileHandle(forWritingAtPath: db) == nil else {
            print("note: running as root, where 0444 does not stop writes: skipped checking that analyze is refused")
            return
        }
        Self.expectCleanError(try CLI.run(["analyze", "--tokens", "10", "--db", db]), mentioning: [db, "read-only"])
        #expect(try Self.contents(of: directory) == before)
    }

    // MARK: Bad paths and damaged files

    @Test func badPathsSayWhatIsWrongAndHowToFixIt() throws {
        let directory = try Self.scratchDirectory()
        let file = directory + "/notes.txt"
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: file))
        for command in [["analyze", "--tokens", "10"], ["runs", "list"], ["runs", "show", "abcd"], ["runs", "delete", "abcd"]] {
            Self.expectCleanError(try CLI.run(command + ["--db", directory]),
                                  mentioning: ["\(directory) as the runs database", "is a directory", "--db"])
            Self.expectCleanError(try CLI.run(command + ["--db", ""]), mentioning: ["the path is empty", "--db"])
            Self.expectCleanError(try CLI.run(command + ["--db", file + "/runs.sqlite"]),
                                  mentioning: ["\(file) is a file, not a directory"])
        }
        #expect(try CLI.run(["analyze", "--tokens", "10", "--db", directory]).stderr.contains("--no-store"))
        #expect(try Self.contents(of: directory) == ["notes.txt": Data("mine\n".utf8)])
    }

    @Test func aTruncatedDatabaseIsCalledDamagedAndNeverModified() throws {
        let directory = try Self.scratchDirectory()
        let db = directory + "/runs.sqlite"
        let id = try Self.analyze(db)
        _ = try Self.analyze(db)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: db))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: db))
        let before = try Self.contents(of: directory)
        for arguments in [["runs", "list"], ["runs", "show", id], ["runs", "check"], ["report", id],
                          ["runs", "delete", id], ["analyze", "--tokens", "10"]] {
            Self.expectCleanError(try CLI.run(arguments + ["--db", db]), mentioning: [db, "damaged", "truncated"])
            #expect(!(try CLI.run(arguments + ["--db", db]).stderr.contains("writable")))
            #expect(try Self.contents(of: directory) == before, "\(arguments) modified the truncated file")
        }
    }

    // MARK: Writers

    @Test func benchStoreRunsThroughTheRealWriter() throws {
        let result = try CLI.run(["bench", "--store", "--seconds", "0.01", "--store-history", "200", "--format", "json"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((document?["storeMillisecondsPerRun"] as? Double ?? 0) > 0)
        #expect((document?["listMillisecondsOver100kRuns"] as? Double ?? 0) > 0)
    }

    @Test func sixteenWritersStoreEveryRunWhileReadersRead() throws {
        let directory = try Self.scratchDirectory()
        let db = directory + "/runs.sqlite"
        let writers = try (0..<16).map { index -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", """
                i=0
                while [ $i -lt 20 ]; do
                  "$AIM_BIN" analyze --db "$AIM_DB" --tokens 10 --label "w\(index)" > /dev/null || exit 1
                  i=$((i + 1))
                done
                """]
            var environment = ProcessInfo.processInfo.environment
            environment["AIM_BIN"] = CLI.binary.path
            environment["AIM_DB"] = db
            process.environment = environment
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            return process
        }
        // Reads while the writers write: each succeeds (a missing file only before the first write).
        var reads = 0
        while writers.contains(where: \.isRunning) {
            let list = try CLI.run(["runs", "list", "--db", db, "--limit", "3"])
            #expect(list.exitCode == 0 || list.stderr.contains("no runs database"), "\(list.stderr)")
            reads += 1
        }
        for writer in writers {
            writer.waitUntilExit()
            #expect(writer.terminationStatus == 0)
        }
        #expect(reads > 0)
        let check = try CLI.run(["runs", "check", "--db", db])
        #expect(check.stdout.contains(": ok, 320 runs"), "\(check.stdout)\(check.stderr)")
        let list = try CLI.run(["runs", "list", "--db", db, "--limit", "1000", "--format", "json"])
        let runs = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(Set(runs.compactMap { $0["id"] as? String }).count == 320)
        for index in 0..<16 {
            #expect(runs.filter { $0["label"] as? String == "w\(index)" }.count == 20)
        }
    }
}

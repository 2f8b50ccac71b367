import Foundation
import GRDB
import GRDBSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The runs file as seen from outside: its path, its header, what kind of database it is, and
/// read-only access that changes nothing on disk.
///
/// Why reading needs care: SQLite opening a WAL database read-only creates `-wal` and `-shm` files
/// beside it (and leaves them), and GRDB's `DatabasePool` writes on every open. So a read opens the
/// file `immutable` when no `-wal` exists (nothing then lives outside the main file, and no file is
/// created or locked), and checks afterwards that no writer touched the file meanwhile; if one did,
/// the read is repeated. While a `-wal` exists (a writer is at work, or one was killed), the read
/// goes through an ordinary read-only connection, which uses those files as they are.
struct DatabaseFile: Sendable {
    let path: String

    /// What an existing file holds. Another application's database, a newer schema, a damaged file
    /// or one that is not SQLite are errors instead.
    enum Kind: Equatable {
        /// 0 bytes, or SQLite with no tables (or another process is creating it right now).
        case empty
        /// Made by an older aim-viewer: readable as it is; writing migrates it first.
        case older
        case current
    }

    // MARK: The path

    /// Checks that `path` can be the database: not empty, not a directory, every parent a directory.
    /// Returns whether the file exists. For reading, a missing file is `StoreError.noDatabase`; for
    /// writing, the missing directories are created.
    static func checkLocation(_ path: String, writing: Bool) throws -> Bool {
        func bad(_ problem: String) -> StoreError { .badPath(path: path, problem: problem, writing: writing) }
        guard !path.isEmpty else { throw bad("the path is empty") }
        if path.hasSuffix("/") { throw bad("it ends with '/', so it names a directory, not a file") }
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw bad("it is a directory, not a file; give a file in it, such as \(path)/runs.sqlite")
            }
            if posixAccess(path, R_OK) != 0 { throw bad("permission denied: the file cannot be read") }
            return true
        }
        let code = errno
        switch code {
        case ENOENT:
            if let file = firstAncestorThatIsNotADirectory(of: path) {
                throw bad("\(file) is a file, not a directory")
            }
            guard writing else { throw StoreError.noDatabase(path: path) }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                if let ancestor = nearestExistingAncestor(of: directory), posixAccess(ancestor, W_OK) != 0 {
                    throw bad("permission denied: cannot create the directory \(directory) (\(ancestor) is not writable)")
                }
                throw bad("cannot create the directory \(directory)")
            }
            if posixAccess(directory, W_OK) != 0 {
                throw bad("permission denied: the directory \(directory) is not writable, so the file cannot be created")
            }
            return false
        case ENOTDIR:
            throw bad("\(firstAncestorThatIsNotADirectory(of: path) ?? "a parent") is a file, not a directory")
        case EACCES:
            throw bad("permission denied: a directory on the way to it cannot be searched")
        default:
            throw bad(String(cString: strerror(code)))
        }
    }

    static func firstAncestorThatIsNotADirectory(of path: String) -> String? {
        var url = URL(fileURLWithPath: path).deletingLastPathComponent()
        while true {
            var info = stat()
            if stat(url.path, &info) == 0 {
                return (info.st_mode & S_IFMT) == S_IFDIR ? nil : url.path
            }
            if url.path == "/" { return nil }
            url = url.deletingLastPathComponent()
        }
    }

    static func nearestExistingAncestor(of path: String) -> String? {
        var url = URL(fileURLWithPath: path)
        while true {
            if FileManager.default.fileExists(atPath: url.path) { return url.path }
            if url.path == "/" { return nil }
            url = url.deletingLastPathComponent()
        }
    }

    // MARK: What the file is

    /// Refuses a file that is not SQLite, is damaged, belongs to another application or to a newer
    /// aim-viewer; says whether it is empty, older or current. Writes nothing.
    func inspect() throws -> Kind {
        guard let snapshot = Snapshot(path: path) else {
            throw StoreError.cannotOpen(path: path, detail: "it cannot be read")
        }
        if snapshot.size == 0 { return .empty }
        try checkHeader(snapshot)
        return try read { db in try classify(db) }
    }

    func checkHeader(_ snapshot: Snapshot) throws {
        let header = snapshot.header
        guard header.count >= 16, header.prefix(16).elementsEqual(Array("SQLite format 3\0".utf8)) else {
            throw StoreError.notADatabase(path: path)
        }
        guard header.count >= 100 else {
            throw StoreError.damaged(path: path, detail: "it is only \(snapshot.size) bytes long, less than an SQLite header: it was cut short")
        }
        let rawPageSize = Int(header[16]) << 8 | Int(header[17])
        let pageSize = rawPageSize == 1 ? 65536 : rawPageSize
        guard pageSize >= 512, pageSize & (pageSize - 1) == 0 else {
            throw StoreError.damaged(path: path, detail: "its header is invalid (page size \(rawPageSize))")
        }
        // Without -wal or -journal beside it no write is under way, so the file is all there is.
        guard !snapshot.sideFilesExist else { return }
        func word(_ offset: Int) -> Int64 {
            header[offset..<offset + 4].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }
        let expected = word(28) * Int64(pageSize)
        if word(24) == word(92), expected > 0, snapshot.size < expected {
            throw StoreError.damaged(path: path, detail: "the file is truncated (it has \(snapshot.size) bytes, its header records \(expected))")
        }
        if snapshot.size % Int64(pageSize) != 0 {
            throw StoreError.damaged(path: path, detail: "its size, \(snapshot.size) bytes, is not a whole number of \(pageSize)-byte pages: it was cut short or overwritten")
        }
    }

    static let ourTables: Set<String> = ["runs", "run_tags", "run_schedules", "stage_totals", "layer_results", "operator_results"]
    /// The columns `v1` created in `runs`; every aim-viewer database has at least these.
    static let runsColumnsV1: Set<String> = [
        "id", "created_at", "tool_version", "command", "command_line_json", "label", "model_name", "hardware_name",
        "convention", "model_config_json", "hardware_profile_json", "options_json", "workload_json", "overheads_json",
        "generation_length", "output_format", "output_text",
    ]

    func classify(_ db: Database) throws -> Kind {
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name
            """)
        if tables.isEmpty { return .empty }
        let listed = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", ..." : "")
        guard tables.contains("grdb_migrations") else {
            if tables.contains("runs") {
                throw StoreError.foreignDatabase(path: path, detail: "it has a runs table, but not aim-viewer's: no migration record (grdb_migrations)")
            }
            throw StoreError.foreignDatabase(path: path, detail: "its tables are \(listed), none of them aim-viewer's")
        }
        let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        let known = StoreMigrations.migrator.migrations
        // Another aim-viewer process is creating the file: it made grdb_migrations, not yet v1.
        if applied.isEmpty && tables == ["grdb_migrations"] { return .empty }
        guard applied.contains(known[0]) else {
            throw StoreError.foreignDatabase(path: path, detail: "its tables are \(listed) and its migrations are not aim-viewer's")
        }
        if !applied.isSubset(of: known) { throw StoreError.newerSchema(path: path) }
        let missing = Self.ourTables.subtracting(tables)
        guard missing.isEmpty else {
            throw StoreError.damaged(path: path, detail: "its tables \(missing.sorted().joined(separator: ", ")) are missing")
        }
        let columns = Set(try db.columns(in: "runs").map(\.name))
        guard Self.runsColumnsV1.isSubset(of: columns) else {
            throw StoreError.damaged(path: path, detail: "its runs table lacks the columns \(Self.runsColumnsV1.subtracting(columns).sorted().joined(separator: ", "))")
        }
        return applied.count == known.count ? .current : .older
    }

    // MARK: Reading without writing

    /// Runs `body` through a read-only connection that changes no file (see the type's comment).
    /// `body` may run more than once: it must only read.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        var attempt = 0
        while let before = Snapshot(path: path), before.walMode, !before.sideFilesExist, Self.immutableOpeningWorks {
            do {
                let result = try connect(immutable: true, body)
                if Snapshot(path: path) == before { return result }
            } catch {
                if Snapshot(path: path) == before { throw error }
            }
            // A writer came by while reading: what was read may be torn. Read again.
            attempt += 1
            if attempt >= 50 { break }
            Thread.sleep(forTimeInterval: 0.002 * Double(attempt))
        }
        return try connect(immutable: false, body)
    }

    func connect<T>(immutable: Bool, _ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(60)
        let queue = try DatabaseQueue(path: immutable ? immutableURI : path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    /// `file:` URIs (needed for `immutable`) work only where SQLite was built to read them, since
    /// GRDB does not pass SQLITE_OPEN_URI. Elsewhere reads take the ordinary read-only path.
    static let immutableOpeningWorks = sqlite3_compileoption_used("USE_URI") != 0

    var immutableURI: String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var encoded = ""
        for byte in absolute.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(Character(UnicodeScalar(byte)))
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return "file://" + encoded + "?mode=ro&immutable=1"
    }

    /// The file's identity, size, times and header, and whether a write is under way beside it:
    /// equal snapshots before and after a read mean no writer touched the file in between.
    struct Snapshot: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: [Int]
        var changed: [Int]
        var header: [UInt8]
        var sideFilesExist: Bool

        var walMode: Bool { header.count >= 20 && header[18] == 2 && header[19] == 2 }

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            #if canImport(Darwin)
            modified = [Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec)]
            changed = [Int(info.st_ctimespec.tv_sec), Int(info.st_ctimespec.tv_nsec)]
            #else
            modified = [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
            changed = [Int(info.st_ctim.tv_sec), Int(info.st_ctim.tv_nsec)]
            #endif
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
            let target = DatabaseFile.resolved(path)
            sideFilesExist = FileManager.default.fileExists(atPath: target + "-wal")
                || FileManager.default.fileExists(atPath: target + "-journal")
        }
    }

    // MARK: Errors

    /// SQLite errors that retrying cannot fix.
    static func isPermanent(_ error: DatabaseError) -> Bool {
        switch error.resultCode.primaryResultCode {
        case .SQLITE_READONLY, .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_FULL: return true
        default: return false
        }
    }

    /// What an SQLite error means for the user, with the file's name and what to do.
    static func explain(_ error: Error, path: String, writing: Bool) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return .database(path: path, detail: "\(error)")
        }
        let message = error.message ?? "\(error.resultCode)"
        switch error.resultCode.primaryResultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .damaged(path: path, detail: "SQLite reports \"\(message)\"")
        case .SQLITE_READONLY where writing:
            return .readOnly(path: path, detail: whyNotWritable(path) ?? message)
        case .SQLITE_READONLY:
            return .cannotOpen(path: path, detail: "\(message): a write was interrupted and SQLite must recover the file, which a reading command does not do; any writing command (such as `aim-viewer analyze`) recovers it")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH, .SQLITE_IOERR:
            if writing, let why = whyNotWritable(path) { return .readOnly(path: path, detail: why) }
            if !writing, posixAccess(directory(of: path), W_OK) != 0 {
                return .cannotOpen(path: path, detail: "\(message): a write is under way or was interrupted, and reading it then needs \(resolved(path))-shm, which cannot be created in the read-only directory \(directory(of: path))")
            }
            return .cannotOpen(path: path, detail: message)
        case .SQLITE_FULL:
            return .database(path: path, detail: "the disk is full")
        default:
            return .database(path: path, detail: message)
        }
    }

    /// The directory SQLite puts -wal, -shm and -journal in: the one of the file a symbolic link
    /// points to.
    static func directory(of path: String) -> String {
        URL(fileURLWithPath: resolved(path)).deletingLastPathComponent().path
    }

    /// `path` with symbolic links resolved, as SQLite resolves them to name -wal and -journal.
    static func resolved(_ path: String) -> String {
        guard let pointer = realpath(path, nil) else { return path }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    static func whyNotWritable(_ path: String) -> String? {
        if posixAccess(path, F_OK) == 0, posixAccess(path, W_OK) != 0 { return "the file is read-only" }
        let directory = directory(of: path)
        if posixAccess(directory, W_OK) != 0 {
            return "its directory \(directory) is not writable (SQLite needs to create \(resolved(path))-wal and -shm beside it)"
        }
        return nil
    }
}

/// `access(2)` under a name of its own (RunStore has an `access` property).
@inline(__always)
func posixAccess(_ path: String, _ mode: Int32) -> Int32 {
    access(path, mode)
}

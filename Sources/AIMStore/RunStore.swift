import Foundation
import GRDB

/// Every run in one SQLite file: WAL mode, foreign keys on, versioned migrations, one write
/// transaction per run (a killed process leaves the whole run or nothing).
///
/// Two ways to open it: `init(path:)` for commands that store or delete runs (it creates the file,
/// switches it to WAL and migrates it), and `init(readingAt:)` for commands that only read, which
/// never writes a byte: not to the file, not beside it (no `-wal` or `-shm` appears).
public final class RunStore: Sendable {
    public let path: String
    let access: Access

    enum Access: Sendable {
        /// Opened for writing: the pool of connections GRDB keeps on the WAL database.
        case pool(DatabasePool)
        /// Opened for reading: a read-only connection per read. `holdsRuns` is false for a file with
        /// no tables yet (0 bytes, or a brand-new database another process is creating).
        case reader(DatabaseFile, holdsRuns: Bool)
    }

    /// Where runs go when no `--db` is given: `$AIM_VIEWER_DB`, else
    /// `$XDG_DATA_HOME/aim-viewer/runs.sqlite`, else `~/.local/share/aim-viewer/runs.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["AIM_VIEWER_DB"], !path.isEmpty { return path }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/aim-viewer/runs.sqlite"
    }

    /// Opens the database at `path` for writing, creating it and its directory when needed. A file
    /// that is not an aim-viewer database (not SQLite, another application's tables), that a newer
    /// aim-viewer wrote, or that is damaged is refused before anything is written to it.
    public init(path: String) throws {
        self.path = path
        let existing = try DatabaseFile.checkLocation(path, writing: true)
        if existing {
            // Refuses what must not be written (another application's file, a newer or damaged
            // one) through a read-only look, before opening the pool can change a byte.
            let file = DatabaseFile(path: path)
            _ = try Self.retryingWhileBusy(path: path) { try file.inspect() }
            // Refused before SQLite is asked: a connection that falls back to reading would still
            // leave -wal and -shm files behind.
            if let why = DatabaseFile.whyNotWritable(path) { throw StoreError.readOnly(path: path, detail: why) }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        configuration.foreignKeysEnabled = true
        // WAL with synchronous NORMAL: a killed process still loses no committed run; only a power
        // cut may lose the last ones. Commits no longer wait for fsync.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let pool = try Self.retryingWhileBusy(path: path) {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where !Self.isBusy(error) {
                throw DatabaseFile.explain(error, path: path, writing: true)
            }
        }
        access = .pool(pool)
        try migrate(pool)
    }

    /// Opens the database at `path` for reading only: nothing is created, migrated or written, and a
    /// read-only file or directory is fine. A database of an older schema is read as it is. A
    /// missing file is `StoreError.noDatabase`.
    public init(readingAt path: String) throws {
        self.path = path
        _ = try DatabaseFile.checkLocation(path, writing: false)
        let file = DatabaseFile(path: path)
        let kind = try Self.retryingWhileBusy(path: path) { try file.inspect() }
        access = .reader(file, holdsRuns: kind != .empty)
    }

    /// Whether this store was opened for writing (`init(path:)`).
    public var isWritable: Bool {
        if case .pool = access { return true }
        return false
    }

    /// Retries `body` while another process holds a lock SQLite's busy timeout does not cover
    /// (creating the file, switching it to WAL), so "database is locked" never reaches the user.
    static func retryingWhileBusy<T>(path: String, _ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where isBusy(error) {
                attempt += 1
                if attempt >= 100 { throw StoreError.busy(path: path) }
                Thread.sleep(forTimeInterval: min(0.01 * Double(attempt), 0.2))
            } catch let error as StoreError {
                throw error
            } catch {
                throw DatabaseFile.explain(error, path: path, writing: false)
            }
        }
    }

    static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    func migrate(_ pool: DatabasePool) throws {
        let migrator = StoreMigrations.migrator
        // Nothing to do (the usual case): no write, no lock taken.
        if (try? pool.read(migrator.hasCompletedMigrations)) == true { return }
        // Processes that open a new file together race to migrate it; whoever loses finds the
        // migrations done by the winner.
        var attempt = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                attempt += 1
                if (try? pool.read(migrator.hasCompletedMigrations)) == true { return }
                if let error = error as? DatabaseError, DatabaseFile.isPermanent(error) {
                    throw DatabaseFile.explain(error, path: path, writing: true)
                }
                if attempt >= 20 { throw DatabaseFile.explain(error, path: path, writing: true) }
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }

    /// Runs `body` in one IMMEDIATE transaction, retrying while other processes hold the write lock.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        guard case let .pool(pool) = access else {
            throw StoreError.database(path: path, detail: "it was opened for reading only")
        }
        var attempt = 0
        while true {
            do {
                var result: T?
                try pool.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        result = try body(db)
                        return .commit
                    }
                }
                return result!
            } catch let error as DatabaseError where Self.isBusy(error) {
                attempt += 1
                if attempt >= 50 { throw StoreError.busy(path: path) }
                Thread.sleep(forTimeInterval: 0.02 * Double(attempt))
            } catch let error as StoreError {
                throw error
            } catch {
                throw DatabaseFile.explain(error, path: path, writing: true)
            }
        }
    }

    /// Runs `body` on a consistent view of the database; on a store opened for reading, through a
    /// read-only connection that leaves the file and its directory as they were.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            switch access {
            case let .pool(pool): return try pool.read(body)
            case let .reader(file, _): return try Self.retryingWhileBusy(path: path) { try file.read(body) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw DatabaseFile.explain(error, path: path, writing: false)
        }
    }

    /// False when reading a file that has no tables yet: it holds no runs.
    var holdsRuns: Bool {
        if case let .reader(_, holdsRuns) = access { return holdsRuns }
        return true
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}

/// What can go wrong with the database, each with the file and what to do.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case notADatabase(path: String)
    case foreignDatabase(path: String, detail: String)
    case newerSchema(path: String)
    case damaged(path: String, detail: String)
    /// `runs`: the ids the command was looking for, so the message says which run is missing and why.
    case noDatabase(path: String, runs: [String] = [])
    case badPath(path: String, problem: String, writing: Bool)
    case readOnly(path: String, detail: String)
    case cannotOpen(path: String, detail: String)
    case busy(path: String)
    case database(path: String, detail: String)
    case integrityFailed(path: String, problems: [String])
    case unknownRun(ids: [String], path: String)
    case ambiguousRun(prefix: String, matches: [String])
    case notARunID(String)
    /// The run itself cannot be written (a non-finite number); the database is untouched.
    case unstorable(detail: String)
    case prefixTooShort(String)

    public var description: String {
        switch self {
        case let .notADatabase(path):
            return "\(path) is not an aim-viewer runs database (not SQLite); it was left untouched. Move it away, or pass --db PATH (or set AIM_VIEWER_DB) to use another file"
        case let .foreignDatabase(path, detail):
            return "\(path) is not an aim-viewer runs database: it is an SQLite database of another application (\(detail)); it was left untouched. Pass --db PATH (or set AIM_VIEWER_DB) to use another file"
        case let .newerSchema(path):
            return "\(path) was written by a newer aim-viewer (its schema has migrations this version does not know); it was left untouched. Upgrade aim-viewer, or pass --db PATH to use another file"
        case let .damaged(path, detail):
            return "the runs database \(path) is damaged: \(detail); it was left untouched. Restore it from a backup (`sqlite3 '\(path)' .recover` may rescue what is left), or move it away and pass --db PATH to start a new file"
        case let .noDatabase(path, runs) where !runs.isEmpty:
            return "no run \(runs.joined(separator: ", ")): there is no runs database at \(path) (nothing stored yet). `aim-viewer analyze` stores runs there; pass --db PATH (or set AIM_VIEWER_DB) to read another file"
        case let .noDatabase(path, _):
            return "no runs database at \(path) (nothing stored yet). `aim-viewer analyze` stores runs there; pass --db PATH (or set AIM_VIEWER_DB) to read another file"
        case let .badPath(path, problem, writing):
            let shown = path.isEmpty ? "''" : path
            return "cannot use \(shown) as the runs database: \(problem). Pass --db with the path of a file (or set AIM_VIEWER_DB)"
                + (writing ? ", or pass --no-store" : "")
        case let .readOnly(path, detail):
            return "cannot write to the runs database \(path): \(detail). Reading commands (runs list, show, ...) still work; make it writable, choose another file with --db PATH or AIM_VIEWER_DB, or pass --no-store"
        case let .cannotOpen(path, detail):
            return "cannot open the runs database \(path): \(detail). Choose another file with --db PATH or AIM_VIEWER_DB, or pass --no-store"
        case let .busy(path):
            return "the runs database \(path) stayed locked by other processes; try again"
        case let .unstorable(detail):
            return "the run was not stored: \(detail); the database was not changed. This is a defect: please report it with the command line, or pass --no-store"
        case let .database(path, detail):
            return "runs database \(path): \(detail). Check it with: aim-viewer runs check --db '\(path)'"
        case let .integrityFailed(path, problems):
            return "the runs database \(path) failed the integrity check: \(problems.joined(separator: "; ")). Restore it from a backup, or rescue what is left with `sqlite3 '\(path)' .recover`"
        case let .unknownRun(ids, path):
            return "no run \(ids.joined(separator: ", ")) in \(path); see `aim-viewer runs list`"
        case let .ambiguousRun(prefix, matches):
            return "run id prefix '\(prefix)' matches \(matches.joined(separator: ", ")); give more characters"
        case let .notARunID(text):
            return "'\(text)' is not a run id: ids are 8 lowercase letters and digits (see `aim-viewer runs list`)"
        case let .prefixTooShort(prefix):
            return "run id prefix '\(prefix)' is too short: give 4 or more of the id's 8 characters (see `aim-viewer runs list`)"
        }
    }
}

import Foundation
import GRDB

/// Every run in one SQLite file: WAL mode, foreign keys on, versioned migrations, one write
/// transaction per run (a killed process leaves the whole run or nothing).
public final class RunStore: Sendable {
    public let path: String
    let pool: DatabasePool

    /// Where runs go when no `--db` is given: `$AIM_VIEWER_DB`, else
    /// `$XDG_DATA_HOME/aim-viewer/runs.sqlite`, else `~/.local/share/aim-viewer/runs.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["AIM_VIEWER_DB"], !path.isEmpty { return path }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/aim-viewer/runs.sqlite"
    }

    /// Opens (creating it and its directory when needed) the database at `path`. A file that is not
    /// SQLite or that a newer aim-viewer wrote is refused without being touched.
    public init(path: String) throws {
        self.path = path
        try Self.refuseForeignFile(at: path)
        try Self.createDirectory(for: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        configuration.foreignKeysEnabled = true
        // WAL with synchronous NORMAL: a killed process still loses no committed run; only a power
        // cut may lose the last ones. Commits no longer wait for fsync.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        pool = try Self.retryingWhileBusy(path: path) {
            try Self.refuseNewerSchema(at: path)
            return try DatabasePool(path: path, configuration: configuration)
        }
        try migrate()
    }

    /// Retries `body` while another process holds a lock SQLite's busy timeout does not cover
    /// (creating the file, switching it to WAL), so "database is locked" never reaches the user.
    static func retryingWhileBusy<T>(path: String, _ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                attempt += 1
                if attempt >= 100 { throw StoreError.busy(path: path) }
                Thread.sleep(forTimeInterval: min(0.01 * Double(attempt), 0.2))
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError.cannotOpen(path: path, detail: describe(error))
            }
        }
    }

    static func refuseForeignFile(at path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if !header.isEmpty, header != Data("SQLite format 3\0".utf8) {
            throw StoreError.notADatabase(path: path)
        }
    }

    /// Looks at an existing file through a read-only connection, so that a database a newer
    /// aim-viewer wrote is refused before anything (not even a WAL checkpoint) can change it.
    static func refuseNewerSchema(at path: String) throws {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 else { return }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(60)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let superseded = try queue.read { db in
            try db.tableExists("grdb_migrations") && StoreMigrations.migrator.hasBeenSuperseded(db)
        }
        try queue.close()
        if superseded { throw StoreError.newerSchema(path: path) }
    }

    static func createDirectory(for path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotOpen(path: path, detail: "cannot create directory \(directory.path)")
        }
    }

    func migrate() throws {
        let migrator = StoreMigrations.migrator
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
                if attempt >= 20 { throw StoreError.cannotOpen(path: path, detail: Self.describe(error)) }
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }

    /// Runs `body` in one IMMEDIATE transaction, retrying while other processes hold the write lock.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
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
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                attempt += 1
                if attempt >= 50 { throw StoreError.busy(path: path) }
                Thread.sleep(forTimeInterval: 0.02 * Double(attempt))
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError.database(path: path, detail: Self.describe(error))
            }
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.database(path: path, detail: Self.describe(error))
        }
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}

/// What can go wrong with the database, each with the file and what to do.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case notADatabase(path: String)
    case newerSchema(path: String)
    case cannotOpen(path: String, detail: String)
    case busy(path: String)
    case database(path: String, detail: String)
    case unknownRun(ids: [String], path: String)
    case ambiguousRun(prefix: String, matches: [String])

    public var description: String {
        switch self {
        case let .notADatabase(path):
            return "\(path) is not an aim-viewer runs database (not SQLite); it was left untouched. Move it away, or pass --db PATH (or set AIM_VIEWER_DB) to use another file"
        case let .newerSchema(path):
            return "\(path) was written by a newer aim-viewer (its schema has migrations this version does not know); it was left untouched. Upgrade aim-viewer, or pass --db PATH to use another file"
        case let .cannotOpen(path, detail):
            return "cannot open the runs database \(path): \(detail). Choose a writable location with --db PATH or AIM_VIEWER_DB, or pass --no-store"
        case let .busy(path):
            return "the runs database \(path) stayed locked by other processes; try again"
        case let .database(path, detail):
            return "runs database \(path): \(detail). Check it with: sqlite3 '\(path)' 'PRAGMA integrity_check'"
        case let .unknownRun(ids, path):
            return "no run \(ids.joined(separator: ", ")) in \(path); see `aim-viewer runs list`"
        case let .ambiguousRun(prefix, matches):
            return "run id prefix '\(prefix)' matches \(matches.joined(separator: ", ")); give more characters"
        }
    }
}

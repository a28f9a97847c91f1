import CSQLite
import Foundation

/// One SQLite connection, owned by one thread (docs/style.md §6). Statements are prepared once and cached by SQL text.
public final class Database {
    private var handle: OpaquePointer?
    private var cache: [String: Statement] = [:]
    private var transactionDepth = 0

    /// Opens (creating if needed) the database at `path` and applies the per-connection settings.
    public init(path: String) throws {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw SQLiteError(code: rc, message: "cannot open database at \(path): \(message)", sql: nil)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        _ = csqlite_disable_dqs(db)
        // docs/field-notes.md, SQLite: journal_mode persists in the file; the rest is per connection.
        // A busy handler that retries every 0.1–2 ms for up to about 10 s: SQLite's default busy timeout sleeps
        // in steps of up to 100 ms, which under write contention costs throughput and p99 latency.
        sqlite3_busy_handler(
            db,
            { _, attempts in
                guard attempts < 6_000 else { return 0 }
                usleep(useconds_t(min(100 + Int(attempts) * 50, 2_000)))
                return 1
            }, nil)
        if path != ":memory:" { try execute("PRAGMA journal_mode = WAL") }
        try execute("PRAGMA synchronous = NORMAL")
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA temp_store = MEMORY")
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
        if let traceFile { fclose(traceFile) }
    }

    private var traceFile: UnsafeMutablePointer<FILE>?

    /// A development aid: appends every statement this connection runs, with its values bound, to `path`
    /// (`SMOOTHSCHEDULE_SQL_TRACE_FILE`; it does contain data, so never set it in production).
    public func traceStatements(to path: String) throws {
        guard let file = fopen(path, "a") else { throw ConfigError(message: "cannot open the SQL trace file \(path).") }
        traceFile = file
        sqlite3_trace_v2(
            handle, UInt32(SQLITE_TRACE_STMT),
            { _, context, statement, _ in
                guard let context, let statement, let sql = sqlite3_expanded_sql(OpaquePointer(statement)) else {
                    return 0
                }
                let file = context.assumingMemoryBound(to: FILE.self)
                fputs(sql, file)
                fputs(";\n", file)
                fflush(file)
                sqlite3_free(sql)
                return 0
            }, UnsafeMutableRawPointer(file))
    }

    var rawHandle: OpaquePointer? { handle }

    /// `(data_version, total_changes)`: moves whenever any connection, this one included, has committed a change
    /// (`PRAGMA data_version` for the others, `sqlite3_total_changes64` for this one). `ReadCache` keys on it.
    public func changeStamp() throws -> (Int64, Int64) {
        let version = try queryOne("PRAGMA data_version")?[0].int64 ?? 0
        return (version, sqlite3_total_changes64(handle))
    }

    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements with no parameters and no results (PRAGMA, DDL, migrations).
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "error"
            sqlite3_free(message)
            throw SQLiteError(code: rc, message: text, sql: String(sql.prefix(200)))
        }
    }

    /// The cached prepared statement for `sql`.
    public func statement(_ sql: String) throws -> Statement {
        if let cached = cache[sql] { return cached }
        let statement = try Statement(database: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs `sql` and returns every row.
    public func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [Row] {
        let statement = try statement(sql)
        return try statement.rows(parameters)
    }

    /// The first row, or nil.
    public func queryOne(_ sql: String, _ parameters: [SQLValue] = []) throws -> Row? {
        try statement(sql).first(parameters)
    }

    /// The first column of the first row as an integer (counts, sums).
    public func scalarInt(_ sql: String, _ parameters: [SQLValue] = []) throws -> Int {
        guard let row = try queryOne(sql, parameters) else { return 0 }
        switch row[0] {
        case .int(let v): return Int(v)
        case .double(let d): return Int(Int64(saturating: d))
        default: return 0
        }
    }

    /// Runs a statement that returns no rows; answers the number of rows changed.
    @discardableResult
    public func run(_ sql: String, _ parameters: [SQLValue] = []) throws -> Int {
        try statement(sql).run(parameters)
        return Int(sqlite3_changes(handle))
    }

    /// Inserts and answers the new row id.
    public func insert(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        try statement(sql).run(parameters)
        return Int(sqlite3_last_insert_rowid(handle))
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back on any error (docs/field-notes.md: read-then-write).
    /// Nested calls join the outer transaction.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if transactionDepth > 0 {
            transactionDepth += 1
            defer { transactionDepth -= 1 }
            return try body()
        }
        // Threads of one process queue on a mutex (woken at once) instead of polling SQLite's write lock;
        // other processes still meet at the lock through the busy handler.
        WriteGate.lock()
        defer { WriteGate.unlock() }
        try execute("BEGIN IMMEDIATE")
        transactionDepth = 1
        do {
            let result = try body()
            transactionDepth = 0
            try execute("COMMIT")
            return result
        } catch {
            transactionDepth = 0
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` in one deferred read transaction, so every query sees one snapshot (an export, a dashboard).
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        if transactionDepth > 0 { return try body() }
        try execute("BEGIN")
        transactionDepth = 1
        defer {
            transactionDepth = 0
            try? execute("COMMIT")
        }
        return try body()
    }
}

@available(*, unavailable)
extension Database: Sendable {}

/// The process-wide gate for write transactions (see `Database.transaction`).
enum WriteGate {
    nonisolated(unsafe) private static let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        return mutex
    }()

    static func lock() { pthread_mutex_lock(mutex) }
    static func unlock() { pthread_mutex_unlock(mutex) }
}

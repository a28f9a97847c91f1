import CPostgres
import Foundation

/// One PostgreSQL connection (libpq), owned by one thread like `Database`: the same method names and `Row`
/// shape, so a store runs on either engine. Statements are prepared once per connection and cached by SQL text
/// (SQLite placeholders translated once, at prepare). See docs/postgres.md.
public final class PostgresConnection: SQLConnection {
    private var handle: OpaquePointer?
    private var cache: [String: PostgresStatement] = [:]
    private var insertCache: [String: PostgresStatement] = [:]
    private var statementsPrepared = 0
    private var transactionDepth = 0

    /// How the last `forEachRow` went: rows handed to the body, results libpq produced, and the largest number
    /// of rows any one of them held (1 in single-row mode: the result set was never held whole).
    public struct StreamStats: Equatable, Sendable {
        public var singleRowMode: Bool
        public var rows = 0
        public var results = 0
        public var largestResult = 0
    }

    public internal(set) var lastStream: StreamStats?

    /// True while `forEachRow` is reading: the connection is busy until the last row, so a statement inside the
    /// body is refused (SQLite allows it; nothing in the stores does it).
    var streaming = false

    func refuseWhileStreaming(_ sql: String) throws {
        guard streaming else { return }
        throw PostgresError(
            sqlState: "55000", message: "a statement ran inside forEachRow's body; the connection is still streaming",
            sql: String(sql.prefix(200)))
    }

    public let dialect = SQLDialect.postgres

    /// Connects to `url` (`postgresql://…` or `postgres://…`, any libpq connection string). The URL's password,
    /// if any, never appears in an error.
    public init(url: String) throws {
        // `expand_dbname` makes libpq read `dbname` as the whole URL; the other keys fill what it leaves out.
        let keys = ["dbname", "fallback_application_name", "client_encoding"]
        let values = [url, "smoothschedule", "UTF8"]
        var keyPointers = keys.map { strdup($0) }
        var valuePointers = values.map { strdup($0) }
        defer { (keyPointers + valuePointers).forEach { free($0) } }
        keyPointers.append(nil)
        valuePointers.append(nil)
        let connection = keyPointers.map { $0.map { UnsafePointer($0) } }.withUnsafeBufferPointer { k in
            valuePointers.map { $0.map { UnsafePointer($0) } }.withUnsafeBufferPointer { v in
                PQconnectdbParams(k.baseAddress, v.baseAddress, 1)
            }
        }
        guard let connection else {
            throw PostgresError(sqlState: "08001", message: "out of memory", connectionLost: true)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(
                sqlState: "08001", message: "cannot connect to PostgreSQL: \(message)", connectionLost: true)
        }
        handle = connection
        // libpq prints server notices (and a FATAL that arrives while idle) on stderr; the errors that matter
        // reach the caller as `PostgresError`s, so notices are dropped.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit {
        cache.removeAll()
        insertCache.removeAll()
        PQfinish(handle)
    }

    var rawHandle: OpaquePointer? { handle }

    /// Whether libpq holds a working connection (it only learns of a lost one when it next reads the socket).
    public var isOpen: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The server's process id for this session (for `pg_terminate_backend`, logs).
    public var backendPID: Int { Int(PQbackendPID(handle)) }

    /// The server's version number, e.g. 150020.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Whether a transaction is open on the server (`BEGIN` without its `COMMIT`/`ROLLBACK`).
    public var inTransaction: Bool { PQtransactionStatus(handle) != PQTRANS_IDLE }

    /// Between requests, never inside a transaction: notices a connection the server dropped while it sat idle
    /// (reads what is waiting on the socket, without blocking), rolls back a transaction left open, and re-opens a
    /// lost connection with the same parameters (`PQreset`), forgetting the statements prepared on the old one.
    /// Answers whether it re-opened; throws the connection error when the server is still unreachable.
    @discardableResult
    public func ensureOpen() throws -> Bool {
        if PQstatus(handle) == CONNECTION_OK {
            // A backend that ends while we sit idle sends its FATAL message, then closes: one read takes the
            // message, the next finds the end of the stream and marks the connection bad.
            for _ in 0..<2 where PQconsumeInput(handle) == 1 {}
            if PQstatus(handle) == CONNECTION_OK {
                if PQtransactionStatus(handle) != PQTRANS_IDLE {
                    transactionDepth = 0
                    try? execute("ROLLBACK")
                }
                if PQstatus(handle) == CONNECTION_OK { return false }
            }
        }
        cache.removeAll()
        insertCache.removeAll()
        transactionDepth = 0
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else { throw connectionError(sql: nil) }
        return true
    }

    // MARK: - Errors

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown error"
    }

    /// The error of a failed result (SQLSTATE, primary message, constraint; never DETAIL, which holds values).
    func error(from result: OpaquePointer?, sql: String?) -> PostgresError {
        guard let result else { return connectionError(sql: sql) }
        let state = cpostgres_sqlstate(result).map { String(cString: $0) }
        var message =
            cpostgres_primary_message(result).map { String(cString: $0) } ?? Self.trimmed(PQresultErrorMessage(result))
        // Data exceptions quote the offending value (`invalid input syntax for type bigint: "…"`): drop it.
        if state?.hasPrefix("22") == true, let quote = message.range(of: ": \"") {
            message = String(message[..<quote.lowerBound])
        }
        return PostgresError(
            sqlState: state, message: message, constraint: cpostgres_constraint(result).map { String(cString: $0) },
            sql: sql.map { String($0.prefix(200)) }, connectionLost: PQstatus(handle) != CONNECTION_OK)
    }

    /// A failure with no result to read (libpq could not send, or the connection broke).
    func connectionError(sql: String?) -> PostgresError {
        let lost = PQstatus(handle) != CONNECTION_OK
        return PostgresError(
            sqlState: lost ? "08006" : nil, message: Self.trimmed(PQerrorMessage(handle)),
            sql: sql.map { String($0.prefix(200)) }, connectionLost: lost)
    }

    /// Answers `result` if its status is one of `expecting`; otherwise clears it and throws its error.
    @discardableResult
    func check(_ result: OpaquePointer?, sql: String?, expecting: [ExecStatusType]) throws -> OpaquePointer {
        guard let result, expecting.contains(PQresultStatus(result)) else {
            let failure = error(from: result, sql: sql)
            PQclear(result)
            throw failure
        }
        return result
    }

    /// Asks the server to stop the statement running on this connection (a stream the caller abandoned).
    func cancelCurrentStatement() {
        guard let cancel = PQgetCancel(handle) else { return }
        defer { PQfreeCancel(cancel) }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &buffer, Int32(buffer.count))
    }

    // MARK: - Statements

    /// Runs one or more statements with no parameters and no results (DDL, migrations), in PostgreSQL's simple
    /// protocol. Never put a value into `sql`: values go through the prepared statements below.
    public func execute(_ sql: String) throws {
        try refuseWhileStreaming(sql)
        let result = PQexec(handle, sql)
        PQclear(try check(result, sql: sql, expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY]))
    }

    /// The cached prepared statement for `sql` (SQLite placeholders), prepared on first use.
    public func statement(_ sql: String) throws -> PostgresStatement {
        if let cached = cache[sql] { return cached }
        let statement = try prepare(sql, PlaceholderTranslator.translate(sql))
        cache[sql] = statement
        return statement
    }

    /// How many statements this connection has prepared (since it was last re-opened).
    public var cachedStatementCount: Int { cache.count + insertCache.count }

    private func prepare(_ sql: String, _ translation: PlaceholderTranslator.Translation) throws -> PostgresStatement {
        try refuseWhileStreaming(sql)
        statementsPrepared += 1
        return try PostgresStatement(
            connection: self, sql: sql, translation: translation, name: "s\(statementsPrepared)")
    }

    /// Runs `sql` and returns every row.
    public func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [Row] {
        try statement(sql).rows(parameters)
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
        case .double(let d): return Int(d)
        default: return 0
        }
    }

    /// Runs a statement that returns no rows; answers the number of rows changed.
    @discardableResult
    public func run(_ sql: String, _ parameters: [SQLValue] = []) throws -> Int {
        try statement(sql).run(parameters)
    }

    /// Inserts and answers the new row's id. The protocol has no "last insert id", so ` RETURNING id` is appended
    /// (once, at prepare) unless `sql` has its own `RETURNING`, whose first column is then the answer. Answers 0
    /// when no row was inserted (`ON CONFLICT DO NOTHING`).
    public func insert(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        let statement: PostgresStatement
        if let cached = insertCache[sql] {
            statement = cached
        } else {
            var translation = PlaceholderTranslator.translate(sql)
            if !translation.hasReturning { translation = PlaceholderTranslator.translate(sql + " RETURNING id") }
            statement = try prepare(sql, translation)
            insertCache[sql] = statement
        }
        guard let row = try statement.first(parameters) else { return 0 }
        return Int(row[0].int64 ?? 0)
    }

    /// Streams the rows of `sql` to `body` one at a time (single-row mode: flat memory for any result size).
    public func forEachRow(_ sql: String, _ parameters: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        try statement(sql).forEach(parameters, body)
    }

    // MARK: - Transactions

    public enum Isolation: Sendable {
        case readCommitted, repeatableRead, serializable

        var sql: String {
            switch self {
            case .readCommitted: return "READ COMMITTED"
            case .repeatableRead: return "REPEATABLE READ"
            case .serializable: return "SERIALIZABLE"
            }
        }
    }

    /// Runs `body` inside `BEGIN … COMMIT` (READ COMMITTED), rolling back on any error. Nested calls join the
    /// outer transaction. PostgreSQL aborts the whole
    /// transaction at the first failed statement: a caught error inside `body` cannot be continued past.
    /// Invariants that read then write lock what they read (`dialect.forUpdate`); 40001/40P01 need the whole
    /// closure re-run, which only a re-runnable closure allows (`PostgresError.isTransient`).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try transaction(isolation: .readCommitted, body)
    }

    /// `transaction(_:)` at a given isolation level (ignored when joining an outer transaction).
    public func transaction<T>(isolation: Isolation, _ body: () throws -> T) throws -> T {
        if transactionDepth > 0 {
            transactionDepth += 1
            defer { transactionDepth -= 1 }
            return try body()
        }
        return try outermost(
            begin: isolation == .readCommitted ? dialect.beginWrite : "BEGIN ISOLATION LEVEL \(isolation.sql)", body)
    }

    /// Runs `body` in one read-only snapshot (`REPEATABLE READ READ ONLY`: count and rows of an export agree).
    /// Never fails with 40001, since it writes nothing. Joins an outer transaction.
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        if transactionDepth > 0 { return try body() }
        return try outermost(begin: dialect.beginRead, body)
    }

    /// Runs `body` between `begin` and COMMIT, or ROLLBACK if it throws: the outermost level of both kinds.
    private func outermost<T>(begin: String, _ body: () throws -> T) throws -> T {
        try execute(begin)
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

    // MARK: - Clock

    /// The server's clock against this host's, for start-up checks: the refresh lease and job heartbeats compare
    /// instants written by different hosts.
    public struct ClockReading: Sendable {
        /// Server time minus local time at the middle of the round trip, in seconds.
        public let skew: Double
        /// The round trip's length, in seconds: the reading is good to about half of it.
        public let roundTrip: Double
    }

    /// Reads the server's clock (`clock_timestamp()`: `now()` unfrozen, it is the transaction's start inside one).
    public func clockSkew(localNow: () -> Double = { Date().timeIntervalSince1970 }) throws -> ClockReading {
        let sql = "SELECT CAST(extract(epoch FROM clock_timestamp()) * 1000000 AS BIGINT) AS micros"
        _ = try statement(sql)  // prepare outside the measured round trip
        let before = localNow()
        let micros = try scalarInt(sql)
        let after = localNow()
        return ClockReading(skew: Double(micros) / 1_000_000 - (before + after) / 2, roundTrip: after - before)
    }
}

@available(*, unavailable)
extension PostgresConnection: Sendable {}

import CPostgres

/// A statement prepared once on one connection (`PQprepare` under a generated name, described once for its
/// columns), reused for every call with the same SQL text. The counterpart of `Statement`.
public final class PostgresStatement {
    private unowned let connection: PostgresConnection
    /// The text the caller wrote (SQLite placeholders); the cache key.
    public let sql: String
    /// The text sent to the server (`$n` placeholders).
    public let translatedSQL: String
    /// The server-side name (`s1`, `s2`, …), unique per connection.
    public let name: String
    public let columnNames: [String]
    public let parameterCount: Int
    private let columnIndex: ColumnIndex

    init(connection: PostgresConnection, sql: String, translation: PlaceholderTranslator.Translation, name: String)
        throws
    {
        self.connection = connection
        self.sql = sql
        translatedSQL = translation.sql
        self.name = name
        let prepared = PQprepare(connection.rawHandle, name, translation.sql, 0, nil)
        PQclear(try connection.check(prepared, sql: sql, expecting: [PGRES_COMMAND_OK]))
        let description = PQdescribePrepared(connection.rawHandle, name)
        let described = try connection.check(description, sql: sql, expecting: [PGRES_COMMAND_OK])
        defer { PQclear(described) }
        parameterCount = Int(PQnparams(described))
        columnNames = (0..<PQnfields(described)).map { String(cString: PQfname(described, $0)) }
        columnIndex = ColumnIndex(columnNames)
    }

    /// SQLite leaves unbound parameters NULL and refuses extra ones; so does this.
    private func padded(_ parameters: [SQLValue]) throws -> [SQLValue] {
        guard parameters.count <= parameterCount else {
            throw PostgresError(
                sqlState: "08P01",
                message: "\(parameters.count) values bound to a statement with \(parameterCount) parameters", sql: sql)
        }
        return parameters + Array(repeating: .null, count: parameterCount - parameters.count)
    }

    /// Runs the statement with the whole result in memory (libpq's default); answers the result, to be cleared.
    private func execute(_ parameters: [SQLValue]) throws -> OpaquePointer {
        try connection.refuseWhileStreaming(sql)
        let values = try padded(parameters)
        let result = PostgresValues.withParameters(values) { count, pointers, lengths, formats in
            PQexecPrepared(connection.rawHandle, name, count, pointers, lengths, formats, 0)
        }
        return try connection.check(result, sql: sql, expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK])
    }

    /// Runs to completion; answers the rows changed (`PQcmdTuples`: INSERT/UPDATE/DELETE/MERGE, or the rows a
    /// SELECT returned; 0 for other commands).
    @discardableResult
    func run(_ parameters: [SQLValue]) throws -> Int {
        let result = try execute(parameters)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func rows(_ parameters: [SQLValue]) throws -> [Row] {
        let result = try execute(parameters)
        defer { PQclear(result) }
        return (0..<PQntuples(result)).map { PostgresValues.row(result, $0, index: columnIndex) }
    }

    /// The first row, or nil. The server still sends every row: keep `queryOne` for statements answering one.
    func first(_ parameters: [SQLValue]) throws -> Row? {
        let result = try execute(parameters)
        defer { PQclear(result) }
        return PQntuples(result) > 0 ? PostgresValues.row(result, 0, index: columnIndex) : nil
    }

    /// Calls `body` for each row as it arrives, in libpq's single-row mode: one row in memory at a time, whatever
    /// the size of the result (`PostgresConnection.lastStream` records how it went). If `body` throws, the
    /// statement is cancelled and the rest of the result discarded, so the connection is ready for the next one.
    public func forEach(_ parameters: [SQLValue], _ body: (Row) throws -> Void) throws {
        try connection.refuseWhileStreaming(sql)
        let values = try padded(parameters)
        let handle = connection.rawHandle
        let sent = PostgresValues.withParameters(values) { count, pointers, lengths, formats in
            PQsendQueryPrepared(handle, name, count, pointers, lengths, formats, 0)
        }
        guard sent == 1 else { throw connection.connectionError(sql: sql) }
        connection.streaming = true
        defer { connection.streaming = false }
        let singleRow = PQsetSingleRowMode(handle) == 1
        var stats = PostgresConnection.StreamStats(singleRowMode: singleRow)
        defer { connection.lastStream = stats }
        var failure: Error?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            stats.results += 1
            let tuples = Int(PQntuples(result))
            stats.largestResult = max(stats.largestResult, tuples)
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK:
                guard failure == nil else { continue }
                for r in 0..<Int32(tuples) {
                    stats.rows += 1
                    do {
                        try body(PostgresValues.row(result, r, index: columnIndex))
                    } catch {
                        failure = error
                        connection.cancelCurrentStatement()
                        break
                    }
                }
            case PGRES_COMMAND_OK:
                continue
            default:
                // An error ends the result; keep the caller's own error if it came first (the cancel's 57014).
                if failure == nil { failure = connection.error(from: result, sql: sql) }
            }
        }
        if let failure { throw failure }
    }
}

@available(*, unavailable)
extension PostgresStatement: Sendable {}

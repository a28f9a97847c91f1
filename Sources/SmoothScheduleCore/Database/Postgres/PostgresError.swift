/// A PostgreSQL failure: the SQLSTATE, the server's primary message, the constraint name and the SQL.
///
/// Never the bound values (STYLE §6): the server's DETAIL field (`Key (email)=(a@b.c) already exists`) carries
/// values, so it is not kept. `connectionLost` is true when libpq reports the connection bad after the failure:
/// the caller answers this request 503 and calls `PostgresConnection.ensureOpen()` before the next one.
public struct PostgresError: Error, CustomStringConvertible {
    /// The five-character SQLSTATE, or nil when the failure never reached the server (connect, socket).
    public let sqlState: String?
    public let message: String
    public let constraint: String?
    public let sql: String?
    public let connectionLost: Bool

    public init(
        sqlState: String?, message: String, constraint: String? = nil, sql: String? = nil,
        connectionLost: Bool = false
    ) {
        self.sqlState = sqlState
        self.message = message
        self.constraint = constraint
        self.sql = sql
        self.connectionLost = connectionLost
    }

    public var description: String {
        "PostgreSQL error \(sqlState ?? "-----"): \(message)" + (constraint.map { " (constraint \($0))" } ?? "")
            + (sql.map { " [\($0)]" } ?? "")
    }

    /// The SQLSTATE class: its first two characters.
    public var sqlStateClass: String? { sqlState.map { String($0.prefix(2)) } }

    /// 23505: a unique index or constraint refused the row.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// 23503: a foreign key refused the row (or the delete of a referenced row).
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// 23514: a CHECK constraint refused the row.
    public var isCheckViolation: Bool { sqlState == "23514" }
    /// 23502: NULL into a NOT NULL column.
    public var isNotNullViolation: Bool { sqlState == "23502" }
    /// Any integrity constraint (class 23), the counterpart of `SQLiteError.isConstraintViolation`.
    public var isConstraintViolation: Bool { sqlStateClass == "23" }
    /// 40001: REPEATABLE READ or SERIALIZABLE could not serialise this transaction; re-run the whole closure.
    public var isSerializationFailure: Bool { sqlState == "40001" }
    /// 40P01: chosen as the deadlock victim; re-run the whole closure.
    public var isDeadlock: Bool { sqlState == "40P01" }
    /// 25P02: a statement after an earlier error in the same transaction (PostgreSQL aborts the transaction).
    public var isTransactionAborted: Bool { sqlState == "25P02" }
    /// The connection is gone: class 08, an administrator's shutdown or termination (57P01–57P03), or libpq
    /// reporting the connection bad. Re-open between requests (`ensureOpen`), never inside a transaction.
    public var isConnectionLost: Bool {
        connectionLost || sqlStateClass == "08" || ["57P01", "57P02", "57P03"].contains(sqlState ?? "")
    }
    /// Worth retrying later as a whole (job workers) or answering 503 with `Retry-After` (requests): serialisation,
    /// deadlock, lock timeout (55P03), statement cancelled (57014), or a lost connection.
    public var isTransient: Bool {
        isSerializationFailure || isDeadlock || sqlState == "55P03" || sqlState == "57014" || isConnectionLost
    }
}

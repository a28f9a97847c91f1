/// Every SQL text difference between the two engines, as fragments a store splices into one statement text
/// (Django's backend "operations" and SQLAlchemy's dialect compilers in miniature; docs/postgres.md).
/// Fragments are fixed per dialect, so a statement built with them is still one cached text per connection.
public struct SQLDialect: Equatable, Sendable {
    public enum Engine: Sendable { case sqlite, postgres }
    public let engine: Engine

    public static let sqlite = SQLDialect(engine: .sqlite)
    public static let postgres = SQLDialect(engine: .postgres)

    /// Starts a write transaction. SQLite takes the write lock at once, so every read-then-write in the
    /// transaction is serialised; PostgreSQL starts READ COMMITTED and relies on row locks (`forUpdate`).
    public var beginWrite: String { engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN" }

    /// Starts a read-only snapshot: count and rows of an export or a dashboard agree.
    public var beginRead: String {
        engine == .sqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
    }

    /// Appended to a SELECT whose rows gate a read-then-write (the gate row of a quota, the login throttle row).
    /// Empty on SQLite, where `BEGIN IMMEDIATE` already serialises writers.
    public var forUpdate: String { engine == .sqlite ? "" : " FOR UPDATE" }

    /// Like `forUpdate`, but does not block inserts of rows that reference the locked one through a foreign key
    /// (lock a resource before its overlap check without stalling unrelated bookings' FK checks).
    public var forNoKeyUpdate: String { engine == .sqlite ? "" : " FOR NO KEY UPDATE" }

    /// Appended to the subquery that picks a queued job: each claimer skips rows another one holds.
    public var forUpdateSkipLocked: String { engine == .sqlite ? "" : " FOR UPDATE SKIP LOCKED" }

    /// ` INDEXED BY name` after a table name on SQLite (its planner needs the hint); nothing on PostgreSQL.
    public func indexedBy(_ index: String) -> String { engine == .sqlite ? " INDEXED BY \(index)" : "" }

    /// A SELECT turning the JSON array of integer arrays bound at `parameter` (e.g. `?2`: `[[lo, hi], …]`) into
    /// rows `(idx, names[0], names[1], …)`: `idx` counts from 0, each name takes that position of the inner array.
    public func jsonRows(_ parameter: String, _ names: [String]) -> String {
        switch engine {
        case .sqlite:
            let columns = names.enumerated().map { "value ->> \($0.offset) AS \($0.element)" }
            return "SELECT CAST(key AS INTEGER) AS idx, \(columns.joined(separator: ", ")) FROM json_each(\(parameter))"
        case .postgres:
            let columns = names.enumerated().map { "CAST(e ->> \($0.offset) AS BIGINT) AS \($0.element)" }
            return "SELECT CAST(ord - 1 AS BIGINT) AS idx, \(columns.joined(separator: ", ")) "
                + "FROM jsonb_array_elements(CAST(\(parameter) AS jsonb)) WITH ORDINALITY AS t(e, ord)"
        }
    }

    /// A one-column SELECT of the strings in the JSON array bound at `parameter`, for `x IN (…)`.
    /// PostgreSQL must know every parameter's type where it first meets it: test the same parameter for NULL as
    /// `CAST(?4 AS TEXT) IS NULL` (both engines accept it), never a bare `?4 IS NULL`.
    public func jsonStrings(_ parameter: String) -> String {
        switch engine {
        case .sqlite: return "SELECT value FROM json_each(\(parameter))"
        case .postgres: return "SELECT jsonb_array_elements_text(CAST(\(parameter) AS jsonb))"
        }
    }
}

/// What a store needs from a connection, whichever the engine: SQLite's `Database` and `PostgresConnection`
/// both conform with the same method names, `SQLValue` parameters (SQLite `?`/`?NNN` placeholders) and `Row`
/// results. The few SQL differences come from `dialect` (docs/postgres.md, "The seam").
/// One connection per thread, like `Database`: neither engine's connection is `Sendable`.
public protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }
    /// Runs one or more statements with no parameters and no results (DDL, migrations).
    func execute(_ sql: String) throws
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row]
    func queryOne(_ sql: String, _ parameters: [SQLValue]) throws -> Row?
    func scalarInt(_ sql: String, _ parameters: [SQLValue]) throws -> Int
    /// Answers the number of rows changed.
    @discardableResult func run(_ sql: String, _ parameters: [SQLValue]) throws -> Int
    /// Answers the new row's id.
    func insert(_ sql: String, _ parameters: [SQLValue]) throws -> Int
    /// Streams rows one at a time, never holding the whole result.
    func forEachRow(_ sql: String, _ parameters: [SQLValue], _ body: (Row) throws -> Void) throws
    /// A write transaction; nested calls join the outer one; any error rolls it back.
    func transaction<T>(_ body: () throws -> T) throws -> T
    /// One read snapshot; joins an outer transaction.
    func readTransaction<T>(_ body: () throws -> T) throws -> T
}

extension SQLConnection {
    // The parameterless forms, as `Database`'s default arguments give them, for code written against the seam.
    public func query(_ sql: String) throws -> [Row] { try query(sql, []) }
    public func queryOne(_ sql: String) throws -> Row? { try queryOne(sql, []) }
    public func scalarInt(_ sql: String) throws -> Int { try scalarInt(sql, []) }
    @discardableResult public func run(_ sql: String) throws -> Int { try run(sql, []) }
    public func forEachRow(_ sql: String, _ body: (Row) throws -> Void) throws { try forEachRow(sql, [], body) }
}

import CSQLite

/// A prepared statement, reused across calls; bound with `SQLITE_TRANSIENT` and reset after each use.
public final class Statement {
    private let handle: OpaquePointer
    private unowned let database: Database
    public let sql: String
    public let columnNames: [String]
    private let columnIndex: ColumnIndex

    init(database: Database, sql: String) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.rawHandle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw database.error(rc, sql: sql) }
        handle = stmt
        self.database = database
        self.sql = sql
        columnNames = (0..<sqlite3_column_count(stmt)).map { String(cString: sqlite3_column_name(stmt, $0)) }
        columnIndex = ColumnIndex(columnNames)
    }

    deinit { sqlite3_finalize(handle) }

    private func bind(_ parameters: [SQLValue]) throws {
        for (offset, value) in parameters.enumerated() {
            let i = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, i)
            case .int(let v): rc = sqlite3_bind_int64(handle, i, v)
            case .double(let d): rc = sqlite3_bind_double(handle, i, d)
            case .text(let s): rc = sqlite3_bind_text(handle, i, s, -1, csqlite_transient())
            case .blob(let b):
                rc = b.withUnsafeBytes {
                    sqlite3_bind_blob(handle, i, $0.baseAddress, Int32(b.count), csqlite_transient())
                }
            }
            guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
        }
    }

    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func value(at column: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(handle, column))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(handle, column)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let base = sqlite3_column_blob(handle, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: base, count: count)))
        default: return .null
        }
    }

    private func currentRow() -> Row {
        Row(index: columnIndex, values: (0..<Int32(columnNames.count)).map(value(at:)))
    }

    /// Steps to completion, answering nothing.
    func run(_ parameters: [SQLValue]) throws {
        try bind(parameters)
        defer { reset() }
        var rc = sqlite3_step(handle)
        while rc == SQLITE_ROW { rc = sqlite3_step(handle) }
        guard rc == SQLITE_DONE else { throw database.error(rc, sql: sql) }
    }

    func rows(_ parameters: [SQLValue]) throws -> [Row] {
        var result: [Row] = []
        try forEach(parameters) { result.append($0) }
        return result
    }

    func first(_ parameters: [SQLValue]) throws -> Row? {
        try bind(parameters)
        defer { reset() }
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return currentRow() }
        guard rc == SQLITE_DONE else { throw database.error(rc, sql: sql) }
        return nil
    }

    /// Calls `body` for each row as it is stepped; nothing is collected (streaming exports).
    public func forEach(_ parameters: [SQLValue], _ body: (Row) throws -> Void) throws {
        try bind(parameters)
        defer { reset() }
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw database.error(rc, sql: sql) }
            try body(currentRow())
        }
    }
}

extension Statement {
    /// Steps to completion, handing each row's first `count` columns to `body` as integers (NULL as 0) without
    /// building a `Row`: hot loops over many rows of numbers (free slots read a month of busy time).
    public func forEachIntegers(
        _ parameters: [SQLValue], count: Int, _ body: (UnsafeBufferPointer<Int64>) throws -> Void
    ) throws {
        try bind(parameters)
        defer { reset() }
        var values = [Int64](repeating: 0, count: count)
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw database.error(rc, sql: sql) }
            for i in 0..<count { values[i] = sqlite3_column_int64(handle, Int32(i)) }
            try values.withUnsafeBufferPointer { try body($0) }
        }
    }
}

extension Database {
    /// Streams the rows of `sql` to `body` one at a time.
    public func forEachRow(_ sql: String, _ parameters: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        try statement(sql).forEach(parameters, body)
    }
}

@available(*, unavailable)
extension Statement: Sendable {}

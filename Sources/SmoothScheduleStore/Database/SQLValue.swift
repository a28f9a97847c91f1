import CSQLite

/// A value bound to or read from SQL (docs/style.md §6).
public enum SQLValue: Equatable, Sendable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    public static func int(_ value: Int) -> SQLValue { .int(Int64(value)) }
    public static func optional(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    public static func optional(_ value: Int?) -> SQLValue { value.map { .int(Int64($0)) } ?? .null }
    public static func bool(_ value: Bool) -> SQLValue { .int(value ? 1 : 0) }

    /// The integer this value holds, or nil (no conversion from text or real).
    public var int64: Int64? { if case .int(let v) = self { return v } else { return nil } }
}

/// A statement's column names with a name → position index, built once per prepared statement.
public final class ColumnIndex: Sendable {
    public let names: [String]
    private let positions: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (i, name) in names.enumerated() where positions[name] == nil { positions[name] = i }
        self.positions = positions
    }

    public func position(of name: String) -> Int? { positions[name] }
}

/// One result row; columns by index or name.
public struct Row: Sendable {
    public let index: ColumnIndex
    public let values: [SQLValue]

    public init(index: ColumnIndex, values: [SQLValue]) {
        self.index = index
        self.values = values
    }

    public var columns: [String] { index.names }

    public subscript(_ index: Int) -> SQLValue { values[index] }

    public subscript(_ name: String) -> SQLValue {
        guard let i = index.position(of: name) else { return .null }
        return values[i]
    }

    public func int(_ name: String) -> Int { Int(int64(name) ?? 0) }

    public func int64(_ name: String) -> Int64? {
        switch self[name] {
        case .int(let v): return v
        case .double(let d): return Int64(saturating: d)
        case .text(let s): return Int64(s)
        default: return nil
        }
    }

    public func optionalInt(_ name: String) -> Int? { int64(name).map(Int.init) }

    public func string(_ name: String) -> String { optionalString(name) ?? "" }

    public func optionalString(_ name: String) -> String? {
        switch self[name] {
        case .text(let s): return s
        case .int(let v): return String(v)
        case .double(let d): return String(d)
        default: return nil
        }
    }

    public func bool(_ name: String) -> Bool { (int64(name) ?? 0) != 0 }

    public func optionalBool(_ name: String) -> Bool? { int64(name).map { $0 != 0 } }

    public func double(_ name: String) -> Double {
        switch self[name] {
        case .int(let v): return Double(v)
        case .double(let d): return d
        default: return 0
        }
    }

    public func blob(_ name: String) -> [UInt8]? {
        switch self[name] {
        case .blob(let b): return b
        case .text(let s): return Array(s.utf8)
        default: return nil
        }
    }
}

/// A SQLite failure. Shows the SQL, never the bound values (docs/style.md §6).
public struct SQLiteError: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String?

    public var description: String { "SQLite error \(code): \(message)" + (sql.map { " [\($0)]" } ?? "") }

    /// The primary result code (extended codes carry detail in their upper bits).
    public var primaryCode: Int32 { code & 0xFF }
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }
    /// `SQLITE_CONSTRAINT_FOREIGNKEY`: a row still named by another through a foreign key.
    public var isForeignKeyViolation: Bool { code == SQLITE_CONSTRAINT | (3 << 8) }
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
}

extension Int64 {
    /// `value` truncated toward zero, held to Int64's range; NaN is 0. `Int64(_: Double)` traps out of range
    /// (and was undefined under `-Ounchecked`); a REAL from `total(...)` can be any size (security review F12).
    init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9_223_372_036_854_775_807.0 {
            self = .max
        } else if value <= -9_223_372_036_854_775_808.0 {
            self = .min
        } else {
            self = Int64(value)
        }
    }
}

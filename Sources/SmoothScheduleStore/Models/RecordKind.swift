// The description of a scheduling record kind (docs/api.md §5): its table, fields, roles and quota.

/// How one field of a record is read from a request body, stored and shown.
public struct Field: Sendable {
    public enum FieldType: Sendable {
        /// A string of at most `maxLength` characters; `allowBlank` lets `""` (and whitespace) through.
        case text(maxLength: Int, allowBlank: Bool)
        case email(allowBlank: Bool)
        case bool
        case integer(ClosedRange<Int64>)
        case choice([String])
        /// ISO 4217 shape: three uppercase letters.
        case currency
        /// An ISO 8601 instant with an offset, stored as epoch seconds.
        case instant
        /// The id of a row of `table` in the same tenant.
        case reference(table: String, nullable: Bool)
        /// Write-only; stored hashed in `password_hash`, never shown.
        case password
    }

    public let name: String
    public let type: FieldType
    /// Required on create.
    public let isRequired: Bool

    init(_ name: String, _ type: FieldType, required: Bool = false) {
        self.name = name
        self.type = type
        isRequired = required
    }

    public var column: String {
        if case .password = type { return "password_hash" }
        return name
    }

    public var isReadable: Bool {
        if case .password = type { return false }
        return true
    }
}

/// One `AND` condition of a list query: a column of the kind compared with one value from the request. The
/// store writes the SQL; the column name comes from code, never from the request.
public struct Filter: Sendable {
    public enum Comparison: String, Sendable {
        case equal = "=", greater = ">", less = "<"
    }

    let column: String
    let comparison: Comparison
    let value: SQLValue

    public init(_ column: String, _ comparison: Comparison, _ value: SQLValue) {
        self.column = column
        self.comparison = comparison
        self.value = value
    }

    var sql: String { "\(column) \(comparison.rawValue) ?" }
}

/// The column values a write will set, in order.
public struct Changes: Sendable {
    public private(set) var values: [(column: String, value: SQLValue)] = []

    public init() {}

    public var isEmpty: Bool { values.isEmpty }

    public subscript(_ column: String) -> SQLValue? {
        get { values.first { $0.column == column }?.value }
        set {
            if let i = values.firstIndex(where: { $0.column == column }) {
                if let newValue { values[i].value = newValue } else { values.remove(at: i) }
            } else if let newValue {
                values.append((column, newValue))
            }
        }
    }
}

/// What a `customer` user may read of a kind (docs/api.md §5). Team roles and superusers read every row of the tenant.
public enum CustomerView: Sendable {
    /// Every row of the tenant: resources and services, which a booking page needs.
    case everything
    /// The customer records whose `email` equals the user's, case-insensitive.
    case ownCustomerRecord
    /// The appointments of those customer records.
    case ownAppointments
    /// Nothing: the kind's `readRoles` leave customers out (403 `permission_denied`).
    case nothing
}

/// A scheduling record kind: one row of the table in `RecordKind+Catalog.swift`.
public struct RecordKind: Sendable {
    /// The URL segment: `/api/<path>/`.
    public let path: String
    /// The SQL table, from this closed catalog: with its fields' columns and `order`, the names `RecordStore`
    /// writes into SQL text (the settable tenant columns are `TenantColumn`; nothing from a request).
    public let table: String
    /// Singular noun for messages and docs ("resource").
    public let noun: String
    public let fields: [Field]
    public let quota: Quota?
    public let readRoles: Roles
    public let writeRoles: Roles
    /// Which rows reads return to a `customer` user.
    public let customerView: CustomerView
    /// The ORDER BY of lists (column names from code).
    public let order: String

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    /// The quota the permission chain and the generic create count before the row is known. A monthly quota
    /// counts the month the row lands in, so the kind's rules check it in the write transaction instead.
    public var quotaBeforeBody: Quota? { quota == .maxAppointmentsPerMonth ? nil : quota }
}

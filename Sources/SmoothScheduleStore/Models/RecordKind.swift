// The description of a scheduling record kind (API.md §5): its table, fields, roles, quota and rules.

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

    var column: String {
        if case .password = type { return "password_hash" }
        return name
    }

    var isReadable: Bool {
        if case .password = type { return false }
        return true
    }
}

/// Kind-specific behaviour around the generic CRUD: everything here runs inside the write transaction.
struct RecordRules: Sendable {
    /// Defaults and cross-row checks before an insert (`existing` nil) or update; may add or rewrite changes.
    var prepare: @Sendable (inout Changes, _ existing: Row?, Context) throws -> Void = { _, _, _ in }
    /// Checks before a delete (the last owner stays).
    var beforeDelete: @Sendable (Row, Context) throws -> Void = { _, _ in }
    /// List filters read from the query string.
    var listFilters: @Sendable (Request) throws -> [Filter] = { _ in [] }
}

/// One `AND` condition of a list query: SQL text written in code, one bound value from the request.
public struct Filter: Sendable {
    let sql: String
    let value: SQLValue
}

/// The column values a write will set, in order.
public struct Changes: Sendable {
    public private(set) var values: [(column: String, value: SQLValue)] = []

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

/// What a `customer` user may read of a kind (API.md §5). Team roles and superusers read every row of the tenant.
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
    /// The SQL table: a closed set, the one way a name enters SQL text here.
    let table: String
    /// Singular noun for messages and docs ("resource").
    let noun: String
    let fields: [Field]
    let quota: Quota?
    let readRoles: Roles
    let writeRoles: Roles
    /// Which rows reads return to a `customer` user.
    let customerView: CustomerView
    /// The ORDER BY of lists (column names from code).
    let order: String
    let rules: RecordRules

    func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    /// The quota the permission chain and the generic create count before the row is known. A monthly quota
    /// counts the month the row lands in, so the kind's rules check it in the write transaction instead.
    var quotaBeforeBody: Quota? { quota == .maxAppointmentsPerMonth ? nil : quota }
}

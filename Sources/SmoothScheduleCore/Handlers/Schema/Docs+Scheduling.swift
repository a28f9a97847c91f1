// OpenAPI docs of the scheduling endpoints, generated from the kind catalog so they cannot drift from it.

enum SchedulingDocs {
    static let operations: [OperationDoc] = RecordKind.all.flatMap(docs)

    static func docs(_ kind: RecordKind) -> [OperationDoc] {
        let list = "/api/\(kind.path)/"
        let item = "/api/\(kind.path)/<id>/"
        let tag = kind.path
        let conflicts = kind.path == "appointments" || kind.path == "users"
        let writeErrors = conflicts ? [409] : []
        var listParameters = Schema.pageParameters
        if kind.path == "appointments" { listParameters += appointmentFilters }
        let seen = customerNote(kind)
        return [
            OperationDoc(
                "GET", list, "List \(kind.noun)s\(seen)", tag: tag, success: (200, Schema.paginated(record(kind))),
                parameters: listParameters),
            OperationDoc(
                "POST", list, "Create a \(kind.noun)\(quotaNote(kind))", tag: tag, body: body(kind, isCreate: true),
                success: (201, record(kind)), errors: writeErrors),
            OperationDoc("GET", item, "A \(kind.noun)\(seen)", tag: tag, success: (200, record(kind))),
            OperationDoc(
                "PATCH", item, "Change a \(kind.noun)", tag: tag, body: body(kind, isCreate: false),
                success: (200, record(kind)), errors: writeErrors),
            OperationDoc("DELETE", item, "Delete a \(kind.noun)", tag: tag, success: (204, nil), errors: [409]),
        ]
    }

    /// What a customer user reads of the kind (docs/api.md §5), when it is not every row or nothing.
    private static func customerNote(_ kind: RecordKind) -> String {
        switch kind.customerView {
        case .ownCustomerRecord: return " (a customer user: only the record with their e-mail)"
        case .ownAppointments: return " (a customer user: only their own)"
        case .everything, .nothing: return ""
        }
    }

    /// A quota the chain cannot count before the body is read is checked by the handler; say which.
    private static func quotaNote(_ kind: RecordKind) -> String {
        guard let quota = kind.quota, kind.quotaBeforeBody == nil else { return "" }
        return " (\(quota.rawValue): counted for the month it starts in, tenant time zone; 403 quota_exceeded)"
    }

    static let appointmentFilters: [JSONValue] = [
        Schema.queryParameter("start", Schema.dateTime, "Only appointments ending after this instant."),
        Schema.queryParameter("end", Schema.dateTime, "Only appointments starting before this instant."),
        Schema.queryParameter("status", Schema.enumeration(RecordKind.appointmentStatuses)),
        Schema.queryParameter("resource_id", Schema.id),
    ]

    /// The row as the API answers it: every readable field, always present.
    static func record(_ kind: RecordKind) -> JSONValue {
        let readable = kind.fields.filter(\.isReadable)
        let properties =
            [("id", Schema.integer)] + readable.map { ($0.name, schema($0, forResponse: true)) }
            + [("created_at", Schema.dateTime), ("updated_at", Schema.dateTime)]
        return Schema.object(properties, required: properties.map(\.0))
    }

    /// The request body: no other keys are accepted (forbidden and unknown keys are a 400).
    static func body(_ kind: RecordKind, isCreate: Bool) -> JSONValue {
        Schema.object(
            kind.fields.map { ($0.name, schema($0, forResponse: false)) },
            required: isCreate ? kind.fields.filter(\.isRequired).map(\.name) : [], additional: false)
    }

    /// A field's schema. Requests get every rule `RecordBody` enforces (lengths in code points, the blank and NUL
    /// rules as `TextRules` patterns); responses only the shape, since stored rows may predate a rule.
    private static func schema(_ field: Field, forResponse: Bool) -> JSONValue {
        switch field.type {
        case .text(let maxLength, let allowBlank):
            if forResponse { return Schema.string }
            return Schema.text(maxLength: maxLength, allowBlank: allowBlank)
        case .email(let allowBlank):
            if forResponse { return Schema.string }
            return [
                "type": "string", "maxLength": 254,
                "pattern": .string(allowBlank ? TextRules.optionalEmailPattern : TextRules.emailPattern),
            ]
        case .bool: return Schema.boolean
        case .integer(let range):
            return ["type": "integer", "minimum": .int(range.lowerBound), "maximum": .int(range.upperBound)]
        case .choice(let choices): return Schema.enumeration(choices)
        case .currency: return ["type": "string", "pattern": "^[A-Z]{3}$"]
        case .instant: return Schema.dateTime
        case .reference(_, let nullable): return nullable ? Schema.nullable(Schema.id) : Schema.id
        case .password:
            return [
                "type": "string", "minLength": 8, "maxLength": 1024, "pattern": .string(TextRules.noNULPattern),
                "writeOnly": true,
            ]
        }
    }
}

// Reading a scheduling record from a JSON body: every field checked, every problem reported in `fields`.

/// Turns a request body into `Changes` for a kind, or throws 400 `invalid` with `fields` (docs/api.md §2.8).
enum RecordBody {
    /// Reads the fields the body carries. On create, required fields must be present. Forbidden and unknown
    /// keys are refused before anything is applied. Passwords are hashed here, outside any transaction.
    static func read(_ request: Request, _ kind: RecordKind, isCreate: Bool, _ context: TenantContext) throws -> Changes
    {
        var body = try BodyReader(request)
        body.allowOnly(Set(kind.fields.map(\.name)))
        var changes = Changes()
        for field in kind.fields {
            if let value = try read(field, &body, required: isCreate && field.isRequired, context) {
                changes[field.column] = value
            }
        }
        try body.finish()
        return changes
    }

    private static func read(_ field: Field, _ body: inout BodyReader, required: Bool, _ context: TenantContext) throws
        -> SQLValue?
    {
        let key = field.name
        switch field.type {
        case .text(let maxLength, let allowBlank):
            return body.string(key, required: required, maxLength: maxLength, allowEmpty: allowBlank).map(SQLValue.text)
        case .email(let allowBlank):
            guard let email = body.string(key, required: required, maxLength: 254, allowEmpty: allowBlank) else {
                return nil
            }
            if email.isEmpty && allowBlank { return .text(email) }
            guard EmailAddress.isValid(email) else { body.fail(key, "Enter a valid email address."); return nil }
            return .text(email)
        case .bool:
            return body.bool(key, required: required).map(SQLValue.bool)
        case .integer(let range):
            return body.int(key, required: required, range: range).map(SQLValue.int)
        case .choice(let choices):
            return body.choice(key, choices, required: required).map(SQLValue.text)
        case .currency:
            guard let code = body.string(key, required: required, maxLength: 3) else { return nil }
            guard code.utf8.count == 3, code.utf8.allSatisfy({ (65...90).contains($0) }) else {
                body.fail(key, "Must be a three-letter ISO 4217 code in capitals, e.g. USD.")
                return nil
            }
            return .text(code)
        case .instant:
            return body.instant(key, required: required).map(SQLValue.int)
        case .reference(_, let nullable):
            guard let id = body.optionalID(key) else {
                if required && !body.has(key) { body.fail(key, "This field is required.") }
                return nil
            }
            guard let id else {
                if !nullable { body.fail(key, "This field may not be null.") }
                return nullable ? .null : nil
            }
            return .int(id)
        case .password:
            guard let password = body.string(key, required: required, maxLength: 1024) else { return nil }
            guard TextRules.length(password) >= 8 else {
                body.fail(key, "Ensure this field has at least 8 characters."); return nil
            }
            return .text(try PasswordHasher.hash(password, iterations: context.config.passwordIterations))
        }
    }

    /// Referenced ids must name rows of the same tenant (docs/api.md §5); otherwise 400 with `fields`.
    static func requireReferences(_ changes: Changes, _ kind: RecordKind, tenantID: Int, _ db: Database) throws {
        var problems: [(String, String)] = []
        for field in kind.fields {
            guard case .reference(let table, _) = field.type, case .int(let id)? = changes[field.column] else {
                continue
            }
            if try !RecordStore.exists(db, table: table, tenantID: tenantID, id: Int(id)) {
                problems.append((field.name, "Invalid pk \"\(id)\" - object does not exist."))
            }
        }
        if !problems.isEmpty { throw APIError.invalid(problems) }
    }
}

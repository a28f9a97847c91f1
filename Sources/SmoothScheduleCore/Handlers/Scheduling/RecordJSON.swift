/// A scheduling row as JSON: `id`, the readable fields, then `created_at` and `updated_at` (API.md §1).
enum RecordJSON {
    static func render(_ kind: RecordKind, _ row: Row) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .int(row.int64("id") ?? 0))]
        for field in kind.fields where field.isReadable {
            members.append((field.name, value(field, row)))
        }
        members.append(("created_at", ISOTime.json(row.int64("created_at"))))
        members.append(("updated_at", ISOTime.json(row.int64("updated_at"))))
        return .object(members)
    }

    private static func value(_ field: Field, _ row: Row) -> JSONValue {
        switch field.type {
        case .bool: return .bool(row.bool(field.column))
        case .integer, .reference: return JSONValue(row.int64(field.column))
        case .instant: return ISOTime.json(row.int64(field.column))
        case .text, .email, .choice, .currency, .password: return JSONValue(row.optionalString(field.column))
        }
    }
}

/// A scheduling row as JSON: `id`, the readable fields, then `created_at` and `updated_at` (docs/api.md §1).
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

    /// The same JSON as `render`, written straight into `out` from the row's positions (the list query's
    /// columns are `id`, the readable fields in catalog order, `created_at`, `updated_at`).
    static func write(_ kind: RecordKind, _ row: Row, into out: inout [UInt8]) {
        var position = 0
        func member(_ name: String, _ first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(name, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        out.append(UInt8(ascii: "{"))
        member("id", true)
        writeNumber(row.values[position], into: &out)
        position += 1
        for field in kind.fields where field.isReadable {
            member(field.name)
            let value = row.values[position]
            position += 1
            switch field.type {
            case .bool:
                if case .int(let v) = value { out += v != 0 ? trueBytes : falseBytes } else { out += falseBytes }
            case .integer, .reference: writeNumber(value, into: &out)
            case .instant: writeInstant(value, into: &out)
            case .text, .email, .choice, .currency, .password:
                if case .text(let text) = value { JSONValue.writeString(text, to: &out) } else { out += nullBytes }
            }
        }
        member("created_at")
        writeInstant(row.values[position], into: &out)
        member("updated_at")
        writeInstant(row.values[position + 1], into: &out)
        out.append(UInt8(ascii: "}"))
    }

    private static let nullBytes = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)

    private static func writeNumber(_ value: SQLValue, into out: inout [UInt8]) {
        if case .int(let v) = value { out += Array(String(v).utf8) } else { out += nullBytes }
    }

    private static func writeInstant(_ value: SQLValue, into out: inout [UInt8]) {
        if case .int(let v) = value { JSONValue.writeString(ISOTime.format(v), to: &out) } else { out += nullBytes }
    }
}

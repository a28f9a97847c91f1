// JSON Schema pieces of the OpenAPI document; request rules come from the code that enforces them.

/// Schema helpers that keep the per-area doc files short.
public enum Schema {
    public static let string: JSONValue = ["type": "string"]
    public static let integer: JSONValue = ["type": "integer"]
    public static let boolean: JSONValue = ["type": "boolean"]
    public static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    public static let date: JSONValue = ["type": "string", "format": "date"]
    /// A row id as the server reads it: a positive 64-bit integer.
    public static let id: JSONValue = ["type": "integer", "minimum": 1, "maximum": .int(Int64.max)]

    /// A string field as `BodyReader.string` checks it: at most `maxLength` code points, no NUL, and unless
    /// `allowBlank` at least one character that is not whitespace (`TextRules`).
    public static func text(maxLength: Int, allowBlank: Bool = true) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", "string"), ("maxLength", .int(Int64(maxLength)))]
        if !allowBlank { members.append(("minLength", 1)) }
        members.append(("pattern", .string(allowBlank ? TextRules.noNULPattern : TextRules.nonBlankPattern)))
        return .object(members)
    }
    public static func nullable(_ s: JSONValue) -> JSONValue {
        guard case .object(var members) = s else { return s }
        members.append(("nullable", true))
        return .object(members)
    }
    public static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    public static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    public static func enumeration(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    /// An object schema; `required` lists the keys always present.
    public static func object(_ properties: [(String, JSONValue)], required: [String] = [], additional: Bool = true)
        -> JSONValue
    {
        var members: [(String, JSONValue)] = [("type", "object"), ("properties", .object(properties))]
        if !required.isEmpty { members.append(("required", .array(required.map(JSONValue.string)))) }
        if !additional { members.append(("additionalProperties", false)) }
        return .object(members)
    }

    public static func paginated(_ item: JSONValue) -> JSONValue {
        object(
            [("count", integer), ("next", nullable(string)), ("previous", nullable(string)), ("results", array(item))],
            required: ["count", "next", "previous", "results"])
    }

    public static func queryParameter(_ name: String, _ schema: JSONValue, _ description: String = "") -> JSONValue {
        [
            "name": .string(name), "in": "query", "required": false, "schema": schema,
            "description": .string(description),
        ]
    }

    /// `Page` (HTTP/Pagination.swift): any positive integer; past the last page is 404 "Invalid page.", and a
    /// page size above the maximum is answered as the maximum (DRF's `max_page_size`), not refused.
    public static func pathParameter(_ name: String, _ schema: JSONValue) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "schema": schema]
    }

    public static let pageParameters: [JSONValue] = [
        queryParameter(
            "page", ["type": "integer", "minimum": 1],
            "Page number (1-based). A page past the last one is 404 \"Invalid page.\"; page 1 of an empty list is "
                + "200."),
        queryParameter(
            "page_size", ["type": "integer", "minimum": 1],
            "Items per page, default \(Page.defaultSize); larger values than \(Page.maxSize) are answered as "
                + "\(Page.maxSize)."),
    ]
}

extension Request {
    /// The body as a JSON object (docs/api.md §1). No body at all is `{}` (DRF's empty `request.data`); anything else,
    /// whitespace alone included, must be a JSON object within `JSONParser.Limits.requestBody` (docs/api-notes.md,
    /// "Request bodies").
    public func jsonObject() throws -> [(String, JSONValue)] {
        if body.isEmpty { return [] }
        if let type = header("content-type")?.lowercased(), !type.isEmpty,
            !type.hasPrefix("application/json"), !type.hasSuffix("+json")
        {
            throw APIError.unsupportedMediaType()
        }
        let value: JSONValue
        do { value = try JSONParser.parse(body, limits: .requestBody) } catch let error as JSONParseError {
            throw APIError.badRequest("\(error.message)")
        }
        guard let members = value.objectMembers else {
            throw APIError.badRequest("The request body must be a JSON object.")
        }
        return members
    }
}

/// Reads and validates fields of a JSON body, collecting every problem into one 400 with `fields`.
public struct BodyReader {
    public let members: [(String, JSONValue)]
    public private(set) var problems: [(String, String)] = []
    /// Each key's first position in `members`: a lookup costs O(1), whatever the body holds.
    private let positions: [String: Int]

    /// Fields a client may never set (docs/api.md §5): rejected, never applied.
    public static let forbidden: Set<String> = Set(
        ["id", "tenant", "tenant_id", "created_at", "updated_at", "plan", "schema_name"]
            + Feature.allCases.map(\.rawValue) + Quota.allCases.map(\.rawValue))

    public init(_ members: [(String, JSONValue)]) {
        self.members = members
        positions = Dictionary(members.enumerated().map { ($1.0, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public init(_ request: Request) throws { self.init(try request.jsonObject()) }

    public func has(_ key: String) -> Bool { positions[key] != nil }

    public func value(_ key: String) -> JSONValue? { positions[key].map { members[$0].1 } }

    /// Flags forbidden keys and keys outside `allowed`.
    public mutating func allowOnly(_ allowed: Set<String>) {
        for (key, _) in members {
            if Self.forbidden.contains(key) {
                problems.append((key, "This field cannot be set."))
            } else if !allowed.contains(key) {
                problems.append((key, "Unknown field."))
            }
        }
    }

    public mutating func fail(_ key: String, _ problem: String) { problems.append((key, problem)) }

    /// A string field; nil when absent (a problem is recorded when it is `required`) or when a problem was recorded.
    public mutating func string(
        _ key: String, required: Bool = false, maxLength: Int = 255, allowEmpty: Bool = true
    ) -> String? {
        guard let value = value(key) else {
            if required { problems.append((key, "This field is required.")) }
            return nil
        }
        guard case .string(let s) = value else {
            problems.append((key, value.isNull && !required ? "This field may not be null." : "Must be a string."))
            return nil
        }
        if TextRules.containsNUL(s) { problems.append((key, "Must not contain NUL characters.")); return nil }
        if !allowEmpty && TextRules.isBlank(s) {
            problems.append((key, "This field may not be blank.")); return nil
        }
        if TextRules.length(s) > maxLength {
            problems.append((key, "Ensure this field has no more than \(maxLength) characters.")); return nil
        }
        return s
    }

    /// An integer field within `range`.
    public mutating func int(_ key: String, required: Bool = false, range: ClosedRange<Int64>? = nil) -> Int? {
        guard let value = value(key) else {
            if required { problems.append((key, "This field is required.")) }
            return nil
        }
        guard case .int(let i) = value else {
            problems.append((key, "A valid integer is required."))
            return nil
        }
        if let range, !range.contains(i) {
            problems.append((key, "Must be between \(range.lowerBound) and \(range.upperBound)."))
            return nil
        }
        return Int(i)
    }

    /// An id field; `nullable` lets `null` through as `.some(nil)`.
    public mutating func optionalID(_ key: String) -> Int?? {
        guard let value = value(key) else { return nil }
        if value.isNull { return .some(nil) }
        guard case .int(let i) = value, i > 0 else { problems.append((key, "A valid id is required.")); return nil }
        return .some(Int(i))
    }

    public mutating func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = value(key) else {
            if required { problems.append((key, "This field is required.")) }
            return nil
        }
        guard case .bool(let b) = value else { problems.append((key, "Must be true or false.")); return nil }
        return b
    }

    /// One of `choices`.
    public mutating func choice(_ key: String, _ choices: [String], required: Bool = false) -> String? {
        guard let s = string(key, required: required) else { return nil }
        guard choices.contains(s) else {
            problems.append((key, "\"\(s.prefix(40))\" is not a valid choice (\(choices.joined(separator: ", ")))."))
            return nil
        }
        return s
    }

    /// An ISO 8601 instant with an offset, as epoch seconds.
    public mutating func instant(_ key: String, required: Bool = false) -> Int64? {
        guard let s = string(key, required: required, maxLength: 64) else { return nil }
        guard let t = ISOTime.parse(s) else {
            problems.append((key, "Must be an ISO 8601 date-time with an offset, e.g. 2025-12-02T10:30:00Z."))
            return nil
        }
        return t
    }

    /// Throws 400 `invalid` with `fields` if anything was wrong.
    public func finish() throws {
        if !problems.isEmpty { throw APIError.invalid(problems) }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

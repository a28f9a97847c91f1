// What a string in a request body may hold: one definition that both the validation (BodyReader, RecordBody)
// and the OpenAPI document (its `pattern`s) are built from, so the two cannot disagree (review: issue 11 item 21).

/// Blank, length and e-mail rules over Unicode scalars, as JSON Schema counts characters (RFC 8259 code points,
/// what DRF's `max_length` counts too), with the regular expressions that state the same rules in the document.
public enum TextRules {
    /// The Unicode `White_Space` property (a stable set of 25 code points), as inclusive ranges.
    static let whitespace: [ClosedRange<UInt32>] = [
        0x09...0x0D, 0x20...0x20, 0x85...0x85, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
        0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000,
    ]

    public static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        whitespace.contains { $0.contains(scalar.value) }
    }

    /// Every scalar is whitespace (the empty string included): DRF's "This field may not be blank."
    public static func isBlank(_ text: String) -> Bool { text.unicodeScalars.allSatisfy(isWhitespace) }

    /// The length JSON Schema's `maxLength`/`minLength` measure.
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }

    public static func containsNUL(_ text: String) -> Bool { text.unicodeScalars.contains("\0") }

    /// `local@domain`: one `@`, a non-empty local part, a domain with a dot neither first nor last, no whitespace.
    public static func isEmail(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count <= 254, !scalars.contains(where: isWhitespace),
            let at = scalars.firstIndex(of: "@"), at > 0, scalars.lastIndex(of: "@") == at
        else { return false }
        let domain = scalars[(at + 1)...]
        return domain.contains(".") && domain.first != "." && domain.last != "."
    }

    // MARK: - The same rules as ECMA-262 patterns (OpenAPI 3.0 §4.7.24 uses them for `pattern`)

    /// The body of a character class naming the whitespace scalars, e.g. `\u0009-\u000d\u0020…`.
    static let whitespaceClass: String = whitespace.map { range in
        range.count == 1 ? escape(range.lowerBound) : "\(escape(range.lowerBound))-\(escape(range.upperBound))"
    }.joined()

    /// Any string without NUL (every string field: `BodyReader.string` refuses NUL).
    public static let noNULPattern = "^[^\\u0000]*$"
    /// At least one scalar that is neither whitespace nor NUL, and no NUL anywhere.
    public static let nonBlankPattern = "^[^\\u0000]*[^\\u0000\(whitespaceClass)][^\\u0000]*$"
    /// `isEmail` as a pattern (NUL excluded as everywhere); the 254 limit is the schema's `maxLength`.
    public static let emailPattern = "^\(emailExpression)$"
    /// An e-mail address or the empty string (fields where `""` means "none", e.g. a customer's e-mail).
    public static let optionalEmailPattern = "^(?:\(emailExpression))?$"

    private static let emailExpression: String = {
        let part = "[^@\\u0000\(whitespaceClass)]"
        let edge = "[^@.\\u0000\(whitespaceClass)]"
        return "\(part)+@\(edge)\(part)*\\.\(part)*\(edge)"
    }()

    private static func escape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}

/// Why a body is not acceptable JSON; the message names the byte offset, never the content.
public struct JSONParseError: Error, Equatable {
    public let message: String
}

/// A strict RFC 8259 parser over UTF-8 bytes. Work is linear in the input's size, and `Limits` bound what one
/// document may hold, so hostile input can exhaust neither the stack, nor memory, nor a worker's time.
public struct JSONParser {
    /// Bounds on one document. Exceeding one is a `JSONParseError` naming the limit.
    public struct Limits: Sendable {
        /// Containers nested inside each other.
        public var maxDepth: Int
        /// Members of one object.
        public var maxMembers: Int
        /// Values in the whole document: every object, array, string, number, literal (a member's key is not one).
        public var maxValues: Int
        /// Bytes of one string (key or value) once decoded to UTF-8.
        public var maxStringBytes: Int

        public init(maxDepth: Int, maxMembers: Int, maxValues: Int, maxStringBytes: Int) {
            self.maxDepth = maxDepth
            self.maxMembers = maxMembers
            self.maxValues = maxValues
            self.maxStringBytes = maxStringBytes
        }

        /// Request bodies (docs/api.md §1), public endpoints included. No endpoint takes more than a few dozen fields;
        /// the longest text field is 10,000 characters (docs/review/parser.md gives the reasons for each number).
        public static let requestBody = Limits(
            maxDepth: 64, maxMembers: 1_000, maxValues: 10_000, maxStringBytes: 65_536)

        /// Everything else: provider responses (at most 16 MiB, `CurlHTTPClient`), stored audit details.
        public static let general = Limits(
            maxDepth: 64, maxMembers: 100_000, maxValues: 2_000_000, maxStringBytes: 16 * 1_048_576)
    }

    public static let maxDepth = Limits.requestBody.maxDepth
    /// Below this many members a linear scan finds a duplicate key faster than hashing; past it, a set does.
    private static let scanMembers = 8

    private let bytes: [UInt8]
    private let limits: Limits
    private var index = 0
    private var values = 0

    public static func parse(_ bytes: [UInt8], limits: Limits = .general) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes, limits: limits)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.failure("unexpected data after the JSON value") }
        return value
    }

    private init(bytes: [UInt8], limits: Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    private func failure(_ what: String) -> JSONParseError {
        JSONParseError(message: "Malformed JSON: \(what) at byte \(index).")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < limits.maxDepth else { throw JSONParseError(message: "JSON is nested too deeply.") }
        values += 1
        guard values <= limits.maxValues else {
            throw JSONParseError(message: "The JSON document has more than \(limits.maxValues) values.")
        }
        guard index < bytes.count else { throw failure("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return try parseNumber()
        }
    }

    private mutating func expect(_ word: String) throws {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else {
            throw failure("invalid literal")
        }
        index += w.count
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        index += 1
        var members: [(String, JSONValue)] = []
        // Keys seen so far, once the object outgrows a linear scan: each member costs O(1), not O(members).
        var seen: Set<String> = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            guard members.count < limits.maxMembers else {
                throw JSONParseError(message: "A JSON object has more than \(limits.maxMembers) members.")
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            if isDuplicate(key, members, &seen) {
                throw JSONParseError(message: "Duplicate key '\(key)' in JSON object.")
            }
            members.append((key, value))
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw failure("expected ',' or '}'")
        }
    }

    /// Whether `key` is already among `members`; records it in `seen` once there are `scanMembers` of them.
    private func isDuplicate(_ key: String, _ members: [(String, JSONValue)], _ seen: inout Set<String>) -> Bool {
        if members.count < Self.scanMembers { return members.contains { $0.0 == key } }
        if seen.isEmpty { seen = Set(members.map(\.0)) }
        return !seen.insert(key).inserted
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw failure("expected ',' or ']'")
        }
    }

    private mutating func parseString() throws -> String {
        index += 1
        // Most strings have no escape: then the input's bytes are the string, with no copy in between.
        let start = index
        let end = plainRunEnd(from: start)
        if end < bytes.count, bytes[end] == UInt8(ascii: "\""), end - start <= limits.maxStringBytes {
            index = end + 1
            guard let s = String(validating: bytes[start..<end], as: UTF8.self) else {
                throw failure("invalid UTF-8 in string")
            }
            return s
        }
        var out: [UInt8] = []
        while index < bytes.count {
            // Copy the run up to the next quote, backslash or control byte in one go.
            let start = index
            index = plainRunEnd(from: start)
            out.append(contentsOf: bytes[start..<index])
            guard out.count <= limits.maxStringBytes else {
                throw JSONParseError(message: "A JSON string is longer than \(limits.maxStringBytes) bytes.")
            }
            guard index < bytes.count else { break }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let s = String(validating: out, as: UTF8.self) else { throw failure("invalid UTF-8 in string") }
                return s
            case UInt8(ascii: "\\"):
                try parseEscape(into: &out)
            default:
                throw failure("control character in string")
            }
        }
        throw failure("unterminated string")
    }

    /// Where the run of bytes a string holds as they are, from `start`, ends: at a quote, a backslash, a control
    /// byte or the input's end. The hot loop of every body: it reads eight bytes at a time while none of them ends
    /// the run, then finds the exact byte one at a time. Over the buffer, no read needs a bounds check of its own.
    private func plainRunEnd(from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var i = start
            if let base = UnsafeRawPointer(buffer.baseAddress) {
                while i + 8 <= buffer.count, !Self.mayEndRun(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                    i += 8
                }
            }
            while i < buffer.count {
                let byte = buffer[i]
                if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
                i += 1
            }
            return i
        }
    }

    /// Whether any of a word's eight bytes is a quote, a backslash or below 0x20. Exact, never a false "no":
    /// `(x - 0x01…) & ~x & 0x80…` is non-zero iff some byte of x is zero, and `(w - n·0x01…) & ~w & 0x80…` iff
    /// some byte of w is below n (n ≤ 0x80), the classic SWAR tests.
    static func mayEndRun(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroInQuote = (quote &- ones) & ~quote & highs
        let zeroInBackslash = (backslash &- ones) & ~backslash & highs
        let control = (word &- ones &* 0x20) & ~word & highs
        return zeroInQuote | zeroInBackslash | control != 0
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws {
        guard index < bytes.count else { throw failure("unterminated escape") }
        let c = bytes[index]
        index += 1
        switch c {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw failure("unpaired surrogate")
                }
                index += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("invalid surrogate pair") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw failure("unpaired surrogate")
            }
            guard let u = Unicode.Scalar(scalar) else { throw failure("invalid code point") }
            UTF8.encode(u) { out.append($0) }
        default:
            throw failure("invalid escape")
        }
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            index += 1
            let digit: UInt32
            switch c {
            case 48...57: digit = UInt32(c - 48)
            case 65...70: digit = UInt32(c - 55)
            case 97...102: digit = UInt32(c - 87)
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | digit
        }
        return value
    }

    private mutating func parseNumber() throws -> JSONValue {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, (48...57).contains(bytes[index]) else { throw failure("invalid value") }
        if bytes[index] == 48, index + 1 < bytes.count, (48...57).contains(bytes[index + 1]) {
            throw failure("leading zero in number")
        }
        var isInteger = true
        while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, (48...57).contains(bytes[index]) else { throw failure("invalid number") }
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, (48...57).contains(bytes[index]) else { throw failure("invalid exponent") }
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        }
        // Up to 18 digits always fit an Int64: read them in place (ids, counts, cents: nearly every number).
        let digits = bytes[start] == UInt8(ascii: "-") ? index - start - 1 : index - start
        if isInteger && digits <= 18 {
            var magnitude: Int64 = 0
            for byte in bytes[(index - digits)..<index] { magnitude = magnitude * 10 + Int64(byte - 48) }
            return .int(bytes[start] == UInt8(ascii: "-") ? -magnitude : magnitude)
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let i = Int64(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { throw failure("number out of range") }
        return .double(d)
    }
}

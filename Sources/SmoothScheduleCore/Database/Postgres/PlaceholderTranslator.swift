/// Rewrites SQLite placeholders into PostgreSQL's: a bare `?` becomes `$n`, `?NNN` becomes `$NNN`.
///
/// SQLite's rule is kept: a bare `?` takes one more than the largest number assigned so far, so `?2, ?, ?1`
/// reads as `$2, $3, $1`. Text inside `'…'` strings, `"…"` identifiers, `$tag$…$tag$` bodies, `--` and
/// `/* */` comments is copied untouched. `$n` already written in PostgreSQL style passes through (and counts).
/// Run once per statement text: `PostgresConnection` caches the prepared result by the original text.
///
/// Not handled, on purpose: SQLite's named parameters (`:name`, `@name`, `$name`; the project uses none) and
/// PostgreSQL's jsonb `?`, `?|`, `?&` operators (write `jsonb_exists(…)` instead: a `?` is always a parameter).
public enum PlaceholderTranslator {
    public struct Translation: Equatable, Sendable {
        /// The PostgreSQL text.
        public let sql: String
        /// The highest parameter number used: the count of values the statement takes.
        public let parameterCount: Int
        /// Whether a `RETURNING` keyword appears outside literals and comments.
        public let hasReturning: Bool
    }

    public static func translate(_ sql: String) -> Translation {
        let input = Array(sql.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(input.count + 16)
        var highest = 0
        var hasReturning = false
        var i = 0
        let n = input.count

        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        func isWordStart(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c == 0x5F || c >= 0x80 }
        func isWord(_ c: UInt8) -> Bool { isWordStart(c) || isDigit(c) || c == 0x24 }

        /// Copies from `i` through the first `close` (a doubled `close` is an escaped one, not the end).
        func copyQuoted(_ close: UInt8) {
            output.append(input[i])
            i += 1
            while i < n {
                let c = input[i]
                output.append(c)
                i += 1
                if c == close {
                    if i < n && input[i] == close {
                        output.append(close)
                        i += 1
                    } else {
                        return
                    }
                }
            }
        }

        while i < n {
            let c = input[i]
            switch c {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                copyQuoted(c)
            case UInt8(ascii: "-") where i + 1 < n && input[i + 1] == UInt8(ascii: "-"):
                while i < n && input[i] != UInt8(ascii: "\n") {
                    output.append(input[i])
                    i += 1
                }
            case UInt8(ascii: "/") where i + 1 < n && input[i + 1] == UInt8(ascii: "*"):
                // PostgreSQL nests block comments; SQLite does not. Nesting is followed (harmless for SQLite text).
                var depth = 0
                while i < n {
                    if input[i] == UInt8(ascii: "/") && i + 1 < n && input[i + 1] == UInt8(ascii: "*") {
                        depth += 1
                        output.append(contentsOf: input[i...i + 1])
                        i += 2
                    } else if input[i] == UInt8(ascii: "*") && i + 1 < n && input[i + 1] == UInt8(ascii: "/") {
                        depth -= 1
                        output.append(contentsOf: input[i...i + 1])
                        i += 2
                        if depth == 0 { break }
                    } else {
                        output.append(input[i])
                        i += 1
                    }
                }
            case UInt8(ascii: "?"):
                i += 1
                var number = 0
                var digits = 0
                while i < n && isDigit(input[i]) {
                    number = min(number * 10 + Int(input[i] - 0x30), 1_000_000)
                    digits += 1
                    i += 1
                }
                if digits == 0 { number = highest + 1 }
                highest = max(highest, number)
                output.append(UInt8(ascii: "$"))
                output.append(contentsOf: Array(String(number).utf8))
            case UInt8(ascii: "$"):
                if i + 1 < n && isDigit(input[i + 1]) {
                    // Already a PostgreSQL parameter: keep it and count it.
                    output.append(c)
                    i += 1
                    var number = 0
                    while i < n && isDigit(input[i]) {
                        number = min(number * 10 + Int(input[i] - 0x30), 1_000_000)
                        output.append(input[i])
                        i += 1
                    }
                    highest = max(highest, number)
                } else if let end = dollarTagEnd(input, from: i) {
                    // `$tag$ … $tag$` (a function body in a migration): copy through the matching tag.
                    let tag = Array(input[i...end])
                    output.append(contentsOf: tag)
                    i = end + 1
                    while i < n {
                        if input[i] == UInt8(ascii: "$") && i + tag.count <= n && Array(input[i..<i + tag.count]) == tag
                        {
                            output.append(contentsOf: tag)
                            i += tag.count
                            break
                        }
                        output.append(input[i])
                        i += 1
                    }
                } else {
                    output.append(c)
                    i += 1
                }
            default:
                if isWordStart(c) {
                    // A whole word (so `?` never splits one, and `RETURNING` is seen only as a keyword).
                    let start = i
                    while i < n && isWord(input[i]) { i += 1 }
                    let word = input[start..<i]
                    if word.count == 9 && String(decoding: word, as: UTF8.self).uppercased() == "RETURNING" {
                        hasReturning = true
                    }
                    output.append(contentsOf: word)
                } else {
                    output.append(c)
                    i += 1
                }
            }
        }
        return Translation(
            sql: String(decoding: output, as: UTF8.self), parameterCount: highest, hasReturning: hasReturning)
    }

    /// The index of the closing `$` of a dollar-quote tag starting at `start` (`$$` or `$name$`), or nil.
    private static func dollarTagEnd(_ input: [UInt8], from start: Int) -> Int? {
        var j = start + 1
        while j < input.count {
            let c = input[j]
            if c == UInt8(ascii: "$") { return j }
            let letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c == 0x5F || c >= 0x80
            let digit = c >= 0x30 && c <= 0x39
            guard letter || (digit && j > start + 1) else { return nil }
            j += 1
        }
        return nil
    }
}

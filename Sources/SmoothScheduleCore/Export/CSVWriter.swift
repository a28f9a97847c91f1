// RFC 4180 CSV into a byte buffer, with OWASP's formula-injection guard on text cells (docs/api.md §8).

/// Appends CSV cells and rows to `bytes`. Pure: no I/O, so it can be unit-tested and fuzzed.
public struct CSVWriter {
    public private(set) var bytes: [UInt8] = []
    private var atRowStart = true

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// A text cell: quoted when it holds a comma, quote, CR or LF; a dangerous lead gets `'` (docs/api.md §8).
    public mutating func text(_ value: String) {
        separate()
        if Self.isFormulaLike(value.utf8) {
            // The `'` becomes part of the cell, so it sits inside the quotes when the cell needs them.
            appendEscaped(CollectionOfOne(UInt8(ascii: "'")), then: value.utf8)
        } else {
            appendEscaped(EmptyCollection(), then: value.utf8)
        }
    }

    /// A number cell: plain digits, never prefixed or quoted (ids, cents, counts).
    public mutating func number(_ value: Int64) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits: [UInt8] = []
        var magnitude = value.magnitude
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes.append(contentsOf: digits.reversed())
    }

    /// An empty cell (SQL NULL).
    public mutating func empty() { separate() }

    /// Raw ASCII known to be safe (ISO instants, dates, `HH:MM`, enum values): written as is.
    public mutating func safeASCII(_ raw: [UInt8]) {
        separate()
        bytes.append(contentsOf: raw)
    }

    /// Ends the row with CRLF (RFC 4180 §2.1).
    public mutating func endRow() {
        bytes.append(0x0D)
        bytes.append(0x0A)
        atRowStart = true
    }

    /// Hands the buffered bytes over and empties the buffer, keeping its capacity.
    public mutating func take() -> [UInt8] {
        let out = bytes
        bytes.removeAll(keepingCapacity: true)
        return out
    }

    /// OWASP CSV injection: a leading tab or CR, or `=`, `+`, `-`, `@` as the first character after leading spaces.
    public static func isFormulaLike<C: Collection>(_ utf8: C) -> Bool where C.Element == UInt8 {
        guard let first = utf8.first else { return false }
        if first == 0x09 || first == 0x0D { return true }
        guard let lead = utf8.first(where: { $0 != 0x20 }) else { return false }
        return lead == UInt8(ascii: "=") || lead == UInt8(ascii: "+") || lead == UInt8(ascii: "-")
            || lead == UInt8(ascii: "@")
    }

    private mutating func separate() {
        if !atRowStart { bytes.append(UInt8(ascii: ",")) }
        atRowStart = false
    }

    private mutating func appendEscaped<P: Collection, C: Collection>(_ prefix: P, then utf8: C)
    where P.Element == UInt8, C.Element == UInt8 {
        let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else {
            bytes.append(contentsOf: prefix)
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(0x22)
        bytes.append(contentsOf: prefix)
        for byte in utf8 {
            if byte == 0x22 { bytes.append(0x22) }
            bytes.append(byte)
        }
        bytes.append(0x22)
    }
}

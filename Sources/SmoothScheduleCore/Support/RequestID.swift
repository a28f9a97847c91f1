import Foundation

/// `X-Request-Id` (API.md §1): a valid incoming id is echoed, otherwise a new one is made.
public enum RequestID {
    /// Accepts 1–128 characters of `[A-Za-z0-9._-]`; anything else is replaced.
    public static func make(incoming: String?) -> String {
        if let incoming, !incoming.isEmpty, incoming.utf8.count <= 128,
            incoming.utf8.allSatisfy({ isAllowed($0) })
        {
            return incoming
        }
        return fresh()
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): return true
        default: return false
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// 16 random bytes as 32 hex digits.
    public static func fresh() -> String {
        var generator = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for _ in 0..<2 {
            let word = generator.next() as UInt64
            for shift in stride(from: 60, through: 0, by: -4) { out.append(hex[Int((word >> UInt64(shift)) & 0xF)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

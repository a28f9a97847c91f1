import Foundation
import Synchronization

/// `X-Request-Id` (docs/api.md §1): a valid incoming id is echoed, otherwise a new one is made.
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
    /// 64 random bits chosen once per process, then a counter: unique, unguessable enough for tracing,
    /// and no system call per request.
    private static let prefix: UInt64 = {
        var g = SystemRandomNumberGenerator(); return g.next()
    }()
    private static let counter = Atomic<UInt64>(0)

    /// 32 hex digits: the process prefix and a per-process sequence number.
    public static func fresh() -> String {
        let sequence = counter.wrappingAdd(1, ordering: .relaxed).newValue
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [prefix, sequence] {
            for shift in stride(from: 60, through: 0, by: -4) { out.append(hex[Int((word >> UInt64(shift)) & 0xF)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

import Foundation

// Which client an attempt comes from, and the addresses that signed in to an account before (review F4).

extension LoginThrottle {
    /// Addresses stay known this long after their last successful sign-in.
    static let knownFor: Int64 = 90 * 86_400
    /// At most this many known addresses per user (the most recent).
    static let knownPerUser = 20

    /// The client as the throttle counts it: an IPv4 address as is; an IPv6 address by its /64, the least a
    /// client is given (an IPv4-mapped one as its IPv4 address); anything else (no address) as given.
    public static func addressKey(_ remote: String) -> String {
        var v4 = in_addr()
        if inet_pton(AF_INET, remote, &v4) == 1 { return remote }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, remote, &v6) == 1 else { return remote }
        let b = withUnsafeBytes(of: &v6) { Array($0) }
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff {
            return "\(b[12]).\(b[13]).\(b[14]).\(b[15])"
        }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(b[$0]) << 8 | UInt16(b[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }

    /// Whether `addressKey` signed in to `userID`'s account within `knownFor`.
    public func isKnown(userID: Int, addressKey: String) throws -> Bool {
        try db.scalarInt(
            "SELECT count(*) FROM login_known_addresses WHERE user_id = ? AND address = ? AND last_success_at > ?",
            [.int(userID), .text(addressKey), .int(now - Self.knownFor)]) > 0
    }

    func rememberAddress(_ addressKey: String, userID: Int) throws {
        try db.run(
            """
            INSERT INTO login_known_addresses (user_id, address, last_success_at) VALUES (?, ?, ?)
            ON CONFLICT (user_id, address) DO UPDATE SET last_success_at = excluded.last_success_at
            """, [.int(userID), .text(addressKey), .int(now)])
        try db.run(
            """
            DELETE FROM login_known_addresses WHERE user_id = ? AND (last_success_at <= ? OR address NOT IN (
                SELECT address FROM login_known_addresses WHERE user_id = ?
                ORDER BY last_success_at DESC, address LIMIT ?))
            """, [.int(userID), .int(now - Self.knownFor), .int(userID), .int(Self.knownPerUser)])
    }
}

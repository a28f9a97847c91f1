import Foundation

/// Which IP addresses a webhook may connect to: public unicast only. Ranges from the IANA special-purpose address
/// registries (RFC 6890 and successors), plus the cloud metadata addresses by name in messages.
public enum AddressPolicy {
    /// nil when `bytes` (4 or 16) is a public unicast address; else what it is, as "a … address" reads.
    public static func refusal(_ bytes: [UInt8]) -> String? {
        switch bytes.count {
        case 4: return refusalV4(bytes)
        case 16: return refusalV6(bytes)
        default: return "an unknown kind of"
        }
    }

    private static func refusalV4(_ b: [UInt8]) -> String? {
        let (a, c) = (b[0], b[1])
        if b == [169, 254, 169, 254] || b == [100, 100, 100, 200] || b == [192, 0, 0, 192] {
            return "a cloud metadata"
        }
        switch a {
        case 0: return "a reserved (this-network)"
        case 10: return "a private"
        case 127: return "a loopback"
        case 224...239: return "a multicast"
        case 240...255: return "a reserved"
        default: break
        }
        if a == 100 && (64...127).contains(c) { return "a shared (carrier-grade NAT)" }
        if a == 169 && c == 254 { return "a link-local" }
        if a == 172 && (16...31).contains(c) { return "a private" }
        if a == 192 && c == 168 { return "a private" }
        if a == 192 && c == 0 && (b[2] == 0 || b[2] == 2) { return "a reserved" }
        if a == 198 && (c == 18 || c == 19) { return "a reserved (benchmarking)" }
        if a == 198 && c == 51 && b[2] == 100 { return "a reserved (documentation)" }
        if a == 203 && c == 0 && b[2] == 113 { return "a reserved (documentation)" }
        return nil
    }

    private static func refusalV6(_ b: [UInt8]) -> String? {
        let zero10 = b[0..<10].allSatisfy { $0 == 0 }
        // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d): judged as the IPv4.
        if zero10 && b[10] == 0xff && b[11] == 0xff { return refusalV4(Array(b[12..<16])) }
        if b[0..<12].allSatisfy({ $0 == 0 }) {
            if b[12..<15].allSatisfy({ $0 == 0 }) && (b[15] == 0 || b[15] == 1) {
                return b[15] == 1 ? "a loopback" : "a reserved (unspecified)"
            }
            return refusalV4(Array(b[12..<16]))
        }
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..<12].allSatisfy({ $0 == 0 }) {
            return refusalV4(Array(b[12..<16]))
        }
        // 6to4 (2002:a.b.c.d::/48) carries an IPv4 address in bits 16–47.
        if b[0] == 0x20 && b[1] == 0x02 { return refusalV4(Array(b[2..<6])) }
        if b[0] == 0xfd && b[1] == 0x00 && b[2] == 0x0e && b[3] == 0xc2 { return "a cloud metadata" }
        if b[0] & 0xfe == 0xfc { return "a private (unique local)" }
        if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return "a link-local" }
        if b[0] == 0xfe && b[1] & 0xc0 == 0xc0 { return "a reserved (site-local)" }
        if b[0] == 0xff { return "a multicast" }
        if b[0] == 0x01 && b[1] == 0x00 && b[2..<8].allSatisfy({ $0 == 0 }) { return "a reserved (discard)" }
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 { return "a reserved (documentation)" }
        return nil
    }

    /// The address in a `sockaddr` (IPv4 or IPv6) as text and bytes; nil for other families.
    public static func parse(_ address: UnsafePointer<sockaddr>) -> (text: String, bytes: [UInt8])? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                var addr = v4.pointee.sin_addr
                let bytes = withUnsafeBytes(of: &addr) { Array($0) }
                return (text(AF_INET, &addr, length: Int(INET_ADDRSTRLEN)), bytes)
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                var addr = v6.pointee.sin6_addr
                let bytes = withUnsafeBytes(of: &addr) { Array($0) }
                return (text(AF_INET6, &addr, length: Int(INET6_ADDRSTRLEN)), bytes)
            }
        default: return nil
        }
    }

    private static func text(_ family: Int32, _ addr: UnsafeRawPointer, length: Int) -> String {
        var buffer = [CChar](repeating: 0, count: length)
        guard inet_ntop(family, addr, &buffer, socklen_t(length)) != nil else { return "?" }
        return String(cString: buffer)
    }
}

import Foundation

/// Why a webhook URL may not be used: a sentence for the person who entered it.
public struct WebhookAddressError: Error, CustomStringConvertible, Equatable {
    public let message: String
    /// True when the host resolved to an address that is not public (as opposed to a URL that is malformed or a
    /// host that does not resolve).
    public let isRefusedAddress: Bool
    public var description: String { message }
}

/// A webhook URL checked for use: where curl will go, and the addresses it may connect to (docs/api.md §15).
public struct WebhookTarget: Sendable {
    public let url: CurlURL
    /// Every address the host resolved to, all allowed; the connection is pinned to them (`CURLOPT_RESOLVE`).
    public let addresses: [String]

    /// `host:port:addr,addr` for `CURLOPT_RESOLVE`.
    public var resolveEntry: String {
        let host = url.host.contains(":") ? "[\(url.host)]" : url.host
        let list = addresses.map { $0.contains(":") ? "[\($0)]" : $0 }.joined(separator: ",")
        return "\(host):\(url.port):\(list)"
    }
}

/// Checks webhook URLs at create and again at every delivery: https (http too when private targets are allowed),
/// no user-info or fragment, a host that resolves, and, unless `allowPrivate`, only public addresses: never
/// loopback, private, shared, link-local (cloud metadata lives there), multicast or reserved ranges.
public enum WebhookAddress {
    public static let maxURLLength = 2048

    /// Parses and resolves `text`, or throws `WebhookAddressError`.
    public static func check(_ text: String, allowPrivate: Bool) throws -> WebhookTarget {
        guard TextRules.length(text) <= maxURLLength else {
            throw refusal("Ensure the URL has at most \(maxURLLength) characters.")
        }
        guard let url = CurlURL(text) else { throw refusal("Enter a valid URL, e.g. https://example.com/hooks.") }
        let schemes = allowPrivate ? ["https", "http"] : ["https"]
        guard schemes.contains(url.scheme) else {
            throw refusal(
                allowPrivate ? "The URL must start with https:// or http://." : "The URL must start with https://.")
        }
        guard !url.hasUserInfo else { throw refusal("The URL must not carry a user name or password.") }
        guard !url.hasFragment else { throw refusal("The URL must not have a #fragment.") }
        guard !url.hasZoneID else { throw refusal("The URL must not name an IPv6 zone.") }
        guard (1...65_535).contains(url.port) else { throw refusal("The URL's port is not valid.") }
        let addresses = try resolve(url.host, port: url.port)
        if !allowPrivate {
            for address in addresses {
                if let kind = AddressPolicy.refusal(address.bytes) {
                    throw WebhookAddressError(
                        message: "The URL's host resolves to \(address.text), \(kind) address: webhooks may only "
                            + "reach public internet addresses.", isRefusedAddress: true)
                }
            }
        }
        return WebhookTarget(url: url, addresses: addresses.map(\.text))
    }

    private static func refusal(_ message: String) -> WebhookAddressError {
        WebhookAddressError(message: message, isRefusedAddress: false)
    }

    /// The host's addresses (`getaddrinfo`, TCP), deduplicated, in the resolver's order.
    static func resolve(_ host: String, port: Int) throws -> [(text: String, bytes: [UInt8])] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw refusal("The URL's host \(host) could not be resolved.")
        }
        defer { freeaddrinfo(list) }
        var out: [(text: String, bytes: [UInt8])] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let entry = node {
            if let address = entry.pointee.ai_addr, let parsed = AddressPolicy.parse(address),
                !out.contains(where: { $0.bytes == parsed.bytes })
            {
                out.append(parsed)
            }
            node = entry.pointee.ai_next
        }
        guard !out.isEmpty else { throw refusal("The URL's host \(host) has no usable address.") }
        return out
    }
}

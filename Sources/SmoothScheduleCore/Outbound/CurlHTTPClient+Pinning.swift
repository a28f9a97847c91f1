import CCurl
import Foundation

/// What pins one transfer to checked addresses; lives until the transfer ends.
final class CurlPinning {
    fileprivate var list: UnsafeMutablePointer<curl_slist>?
    fileprivate let publicOnly: Bool
    /// Set by the connect guard when it refused an address.
    fileprivate(set) var refusal: String?

    fileprivate init(publicOnly: Bool) { self.publicOnly = publicOnly }

    deinit { curl_slist_free_all(list) }
}

extension CurlHTTPClient {
    /// Applies `request.resolve` (`CURLOPT_RESOLVE`: curl connects to the addresses that were checked, with no lookup
    /// of its own) and `request.publicAddressesOnly` (`CURLOPT_OPENSOCKETFUNCTION`: every socket curl opens is checked
    /// against `AddressPolicy` first, the last line against a lookup that slipped past the pin). A pinned transfer
    /// ignores proxy settings from the environment, which would otherwise do the connecting. Nil when neither applies.
    func pin(_ request: OutboundRequest) -> CurlPinning? {
        guard !request.resolve.isEmpty || request.publicAddressesOnly else { return nil }
        let pinning = CurlPinning(publicOnly: request.publicAddressesOnly)
        for entry in request.resolve {
            // A cached entry of an earlier transfer on this handle is removed before the new one is added.
            if let hostPort = Self.hostAndPort(ofResolveEntry: entry) {
                pinning.list = curl_slist_append(pinning.list, "-\(hostPort)")
            }
            pinning.list = curl_slist_append(pinning.list, entry)
        }
        if pinning.list != nil { _ = ccurl_set_slist(handle, CURLOPT_RESOLVE, pinning.list) }
        _ = ccurl_set_string(handle, CURLOPT_NOPROXY, "*")
        if request.publicAddressesOnly {
            _ = ccurl_set_opensocket(handle, curlOpenCheckedSocket)
            _ = ccurl_set_pointer(handle, CURLOPT_OPENSOCKETDATA, Unmanaged.passUnretained(pinning).toOpaque())
        }
        return pinning
    }

    /// `host:port` of `host:port:addresses` (an IPv6 host stays bracketed).
    static func hostAndPort(ofResolveEntry entry: String) -> String? {
        let hostEnd: String.Index
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else { return nil }
            hostEnd = entry.index(after: close)
        } else {
            guard let colon = entry.firstIndex(of: ":") else { return nil }
            hostEnd = colon
        }
        guard hostEnd < entry.endIndex, entry[hostEnd] == ":" else { return nil }
        let afterHost = entry.index(after: hostEnd)
        guard let portEnd = entry[afterHost...].firstIndex(of: ":") else { return nil }
        return String(entry[..<portEnd])
    }

    /// Opens the socket curl asked for, or refuses (`CURL_SOCKET_BAD`) when the address is not public.
    fileprivate static func openChecked(
        _ pinning: CurlPinning, _ address: UnsafeMutablePointer<curl_sockaddr>
    ) -> curl_socket_t {
        let family = address.pointee.family
        if pinning.publicOnly {
            guard let parsed = AddressPolicy.parse(ccurl_sockaddr_address(address)) else {
                pinning.refusal = "refused to connect: not an IP address"
                return -1
            }
            if let kind = AddressPolicy.refusal(parsed.bytes) {
                pinning.refusal = "refused to connect to \(parsed.text): \(kind) address"
                return -1
            }
        }
        return socket(family, address.pointee.socktype, address.pointee.protocol)
    }
}

private func curlOpenCheckedSocket(
    _ data: UnsafeMutableRawPointer?, _ purpose: curlsocktype, _ address: UnsafeMutablePointer<curl_sockaddr>?
) -> curl_socket_t {
    guard let data, let address else { return -1 }
    return CurlHTTPClient.openChecked(Unmanaged<CurlPinning>.fromOpaque(data).takeUnretainedValue(), address)
}

import CCurl
import Foundation

/// Why an outbound call failed: what went wrong and where, never headers or bodies (they may hold secrets).
public struct OutboundError: Error, CustomStringConvertible {
    public enum Kind: Sendable { case timeout, connect, tooLarge, refused, other }
    public let kind: Kind
    public let message: String
    public var description: String { message }
}

/// `HTTPClient` on libcurl: one reused easy handle per worker thread (keeps connections alive), timeouts always
/// set, TLS verification on, no automatic redirects, a cap on response size.
public final class CurlHTTPClient: HTTPClient {
    let handle: UnsafeMutableRawPointer
    public let maxResponseBytes: Int

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public init(maxResponseBytes: Int = 16 * 1024 * 1024) {
        _ = Self.globalInit
        guard let h = curl_easy_init() else { fatalError("curl_easy_init failed at start-up") }
        handle = h
        self.maxResponseBytes = maxResponseBytes
    }

    deinit { curl_easy_cleanup(handle) }

    /// Collects the response while curl runs.
    fileprivate final class Sink {
        var body: [UInt8] = []
        var headers: [(name: String, value: String)] = []
        var limit: Int
        var overflowed = false
        init(limit: Int) { self.limit = limit }
    }

    public func send(_ request: OutboundRequest) throws -> OutboundResponse {
        curl_easy_reset(handle)
        let sink = Sink(limit: maxResponseBytes)
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers {
            let clean = "\(header.name): \(header.value)".filter { $0 != "\r" && $0 != "\n" }
            headerList = curl_slist_append(headerList, clean)
        }
        headerList = curl_slist_append(headerList, "Expect:")
        let target = Self.describe(request.url)
        _ = ccurl_set_string(handle, CURLOPT_URL, request.url)
        _ = ccurl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = ccurl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = ccurl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        _ = ccurl_set_long(handle, CURLOPT_TIMEOUT_MS, max(1, Int(request.timeout * 1000)))
        _ = ccurl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(request.connectTimeout * 1000)))
        _ = ccurl_set_long(handle, CURLOPT_PROTOCOLS, Int(CURLPROTO_HTTP | CURLPROTO_HTTPS))
        _ = ccurl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        _ = ccurl_set_slist(handle, CURLOPT_HTTPHEADER, headerList)
        _ = ccurl_set_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
        _ = ccurl_set_pointer(handle, CURLOPT_WRITEDATA, unmanaged.toOpaque())
        _ = ccurl_set_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        _ = ccurl_set_pointer(handle, CURLOPT_HEADERDATA, unmanaged.toOpaque())
        switch request.method {
        case "GET": _ = ccurl_set_long(handle, CURLOPT_HTTPGET, 1)
        case "HEAD": _ = ccurl_set_long(handle, CURLOPT_NOBODY, 1)
        default: _ = ccurl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
        let pinning = pin(request)
        let hasBody = request.method != "GET" && request.method != "HEAD"
        let code: CURLcode = request.body.withUnsafeBufferPointer { buffer in
            if hasBody {
                _ = ccurl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(buffer.count))
                if let base = buffer.baseAddress, !buffer.isEmpty {
                    _ = ccurl_set_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: base))
                } else {
                    _ = ccurl_set_string(handle, CURLOPT_POSTFIELDS, "")
                }
            }
            return curl_easy_perform(handle)
        }
        if let refused = pinning?.refusal { throw OutboundError(kind: .refused, message: refused) }
        if sink.overflowed {
            throw OutboundError(
                kind: .tooLarge, message: "the response from \(target) exceeded \(maxResponseBytes) bytes")
        }
        guard code == CURLE_OK else {
            let reason = String(cString: curl_easy_strerror(code))
            let kind: OutboundError.Kind =
                code == CURLE_OPERATION_TIMEDOUT
                ? .timeout : (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ? .connect : .other)
            throw OutboundError(kind: kind, message: "\(request.method) \(target) failed: \(reason)")
        }
        var status = 0
        _ = ccurl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return OutboundResponse(status: status, headers: sink.headers, body: sink.body)
    }

    /// Host and path only: a query string or user-info may carry codes or tokens, so errors never show them.
    static func describe(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "the provider" }
        return host + (components.port.map { ":\($0)" } ?? "") + components.path
    }

    fileprivate static func sink(_ pointer: UnsafeMutableRawPointer?) -> Sink? {
        pointer.map { Unmanaged<Sink>.fromOpaque($0).takeUnretainedValue() }
    }

    fileprivate static func appendBody(
        _ data: UnsafeMutablePointer<CChar>?, _ count: Int, _ pointer: UnsafeMutableRawPointer?
    ) -> Int {
        guard let sink = sink(pointer), let data else { return 0 }
        if sink.body.count + count > sink.limit {
            sink.overflowed = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: count) {
            sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: count))
        }
        return count
    }

    fileprivate static func appendHeader(
        _ data: UnsafeMutablePointer<CChar>?, _ count: Int, _ pointer: UnsafeMutableRawPointer?
    ) -> Int {
        guard let sink = sink(pointer), let data else { return 0 }
        let line = data.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
        if line.hasPrefix("HTTP/") { sink.headers.removeAll() }
        if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            sink.headers.append((name, value))
        }
        return count
    }
}

private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?
) -> Int {
    CurlHTTPClient.appendBody(data, size * count, user)
}

private func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?
) -> Int {
    CurlHTTPClient.appendHeader(data, size * count, user)
}

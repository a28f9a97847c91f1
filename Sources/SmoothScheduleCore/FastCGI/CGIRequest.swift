import Foundation

/// CGI params (FastCGI `PARAMS`) plus the body → `Request`, with no libfcgi types (docs/style.md §3).
/// Pure and total: hostile params never trap.
public enum CGIRequest {
    public static func parse(params: [String: String], body: [UInt8]) -> Request {
        var headers: [String: String] = [:]
        for (name, value) in params where name.hasPrefix("HTTP_") {
            let headerName = headerName(fromParam: name)
            if !headerName.isEmpty { headers[headerName] = value }
        }
        if let type = params["CONTENT_TYPE"], !type.isEmpty { headers["content-type"] = type }
        if let length = params["CONTENT_LENGTH"], !length.isEmpty { headers["content-length"] = length }
        let method = params["REQUEST_METHOD"].flatMap { $0.isEmpty ? nil : $0 } ?? "GET"
        return Request(
            method: method, path: path(from: params), query: query(params["QUERY_STRING"] ?? ""),
            headers: headers, body: body, remoteAddress: params["REMOTE_ADDR"] ?? "")
    }

    /// `HTTP_X_REQUEST_ID` → `x-request-id`: drop the prefix, lowercase ASCII, `_` → `-` (byte by byte: hot path).
    static func headerName(fromParam name: String) -> String {
        // Only ASCII names take the byte path; anything else (never sent by nginx) is lowercased by Unicode rules.
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else {
            return String(name.dropFirst(5)).lowercased().replacingOccurrences(of: "_", with: "-")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        for byte in name.utf8.dropFirst(5) {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
            case UInt8(ascii: "_"): bytes.append(UInt8(ascii: "-"))
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `DOCUMENT_URI` (nginx has already decoded and normalised it), else `SCRIPT_NAME` + `PATH_INFO`
    /// (decoded by the server, RFC 3875 §4.1), else `REQUEST_URI` before `?`, which is still encoded.
    /// Decoding an already-decoded path again would turn `%2541` into `A`.
    static func path(from params: [String: String]) -> String {
        let path: String
        if let uri = params["DOCUMENT_URI"], !uri.isEmpty {
            path = uri
        } else if let script = params["SCRIPT_NAME"], let info = params["PATH_INFO"], !(script + info).isEmpty {
            path = script + info
        } else if let uri = params["REQUEST_URI"], !uri.isEmpty {
            let raw = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            path = PercentDecoding.decode(raw, plusIsSpace: false)
        } else {
            path = ""
        }
        return path.isEmpty ? "/" : path
    }

    /// `a=1&b=x+y&a=2` → `[(a,1), (b,"x y"), (a,2)]`: order and repeats kept, empty pairs skipped.
    static func query(_ text: String) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(halves.first ?? "", plusIsSpace: true)
            let value = halves.count > 1 ? PercentDecoding.decode(halves[1], plusIsSpace: true) : ""
            if name.isEmpty && value.isEmpty { continue }
            pairs.append((name, value))
        }
        return pairs
    }
}

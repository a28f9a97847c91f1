/// `Response` → the CGI response head a FastCGI responder writes (`Status:` line, headers, blank line).
public enum CGIResponse {
    /// `Status: 200 OK\r\n`, each header, `Content-Length` for whole bodies, then `\r\n`.
    /// CR, LF and NUL are stripped from names and values so a value can never start a new header.
    public static func head(_ response: Response) -> [UInt8] {
        var text = "Status: \(response.status.code) \(clean(response.status.reason))\r\n"
        var length: Int?
        if case .bytes(let bytes) = response.body { length = bytes.count }
        for header in response.headers {
            var name = clean(header.name)
            if name.utf8.contains(UInt8(ascii: ":")) { name.removeAll { $0 == ":" } }
            if name.isEmpty { continue }
            // The real length wins over one a handler set by hand.
            if length != nil && name.utf8.count == 14 && name.lowercased() == "content-length" { continue }
            text += "\(name): \(clean(header.value))\r\n"
        }
        if let length { text += "Content-Length: \(length)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    private static func clean(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" }))
    }
}

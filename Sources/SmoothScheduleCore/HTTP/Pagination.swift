/// DRF PageNumberPagination (docs/api.md §1): `?page=N&page_size=M`, page_size ≤ 200, default 50.
public struct Page: Sendable {
    public let number: Int
    public let size: Int
    public var offset: Int { (number - 1) * size }

    public static let defaultSize = 50
    public static let maxSize = 200

    /// Reads `page` and `page_size`: any positive decimal integer (OpenAPI `type: integer, minimum: 1`). Anything
    /// else is a 400 with `fields`. A page past the end is DRF's 404 "Invalid page." (in `response`), however large
    /// its number; a `page_size` above 200 is answered as 200 (DRF's `max_page_size`).
    public init(_ request: Request) throws {
        var problems: [(String, String)] = []
        var number = 1
        var size = Self.defaultSize
        if let text = request.queryValue("page") {
            if let n = Self.positiveInteger(text, saturatingAt: Self.maxNumber) {
                number = n
            } else {
                problems.append(("page", "Must be a positive integer."))
            }
        }
        if let text = request.queryValue("page_size") {
            if let n = Self.positiveInteger(text, saturatingAt: Self.maxSize) {
                size = n
            } else {
                problems.append(("page_size", "Must be a positive integer."))
            }
        }
        if !problems.isEmpty { throw APIError.invalid(problems) }
        self.number = number
        self.size = size
    }

    /// Page numbers above this are all past the end of any list (a list this long would need 400 billion rows at
    /// the largest page size); saturating keeps `offset` far from overflow.
    static let maxNumber = Int(Int32.max)

    /// `text` as a positive decimal integer (ASCII digits only, as OpenAPI serialises an integer), capped at
    /// `cap`: digits beyond the range of `Int` are simply a very large number. Nil for anything else, 0 included.
    static func positiveInteger(_ text: String, saturatingAt cap: Int) -> Int? {
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            guard (48...57).contains(byte) else { return nil }
            digits += 1
            value = min(value * 10 + Int(byte - 48), cap)
        }
        return digits > 0 && value > 0 ? value : nil
    }

    /// `{"count", "next", "previous", "results"}` with links relative to the request path.
    public func response(_ request: Request, count: Int, results: [JSONValue]) throws -> Response {
        try response(request, count: count) { out in
            for (index, result) in results.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                result.write(to: &out)
            }
        }
    }

    /// The same page, its results written straight into the body by `writeResults` (comma-separated JSON
    /// values): a list of many rows never builds a `JSONValue` tree.
    public func response(_ request: Request, count: Int, writeResults: (inout [UInt8]) -> Void) throws -> Response {
        if number > 1 && offset >= count { throw APIError.notFound("Invalid page.") }
        func link(_ page: Int) -> JSONValue {
            var query = request.query.filter { $0.name != "page" }.map {
                "\(URLCoding.encode($0.name))=\(URLCoding.encode($0.value))"
            }
            query.append("page=\(page)")
            return .string(request.path + "?" + query.joined(separator: "&"))
        }
        let next: JSONValue = offset + size < count ? link(number + 1) : .null
        let previous: JSONValue = number > 1 ? link(number - 1) : .null
        var out: [UInt8] = []
        out.reserveCapacity(size * 320)
        let head: JSONValue = ["count": .int(Int64(count)), "next": next, "previous": previous, "results": []]
        head.write(to: &out)
        out.removeLast(2)  // `[]}`: reopen the results array
        writeResults(&out)
        out += Array("]}".utf8)
        return Response(status: .ok, headers: [("Content-Type", Response.jsonContentType)], body: .bytes(out))
    }
}

/// Percent-encoding for query components (RFC 3986 unreserved characters stay as they are).
public enum URLCoding {
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case 48...57, 65...90, 97...122, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0xF)])"
            }
        }
        return out
    }

    /// `a=1&b=x%20y` from ordered pairs (form bodies, authorize URLs).
    public static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}

/// One HTTP request as the responder sees it, independent of FastCGI (docs/style.md §3).
public struct Request: Sendable {
    public var method: String
    /// The path without the query string, percent-decoded.
    public var path: String
    /// Query parameters in order, percent-decoded; repeated keys are kept.
    public var query: [(name: String, value: String)]
    /// Header names are lowercased (`host`, `authorization`, `content-type`).
    public var headers: [String: String]
    public var body: [UInt8]
    public var remoteAddress: String

    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [String: String] = [:], body: [UInt8] = [], remoteAddress: String = ""
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The first value of a query parameter, or nil when absent.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    public func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }
}

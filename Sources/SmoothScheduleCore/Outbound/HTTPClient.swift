/// An outbound HTTP request (to an OAuth provider or calendar API).
public struct OutboundRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Seconds for the whole exchange and for connecting; always set (issue: hung providers are bounded by us).
    public var timeout: Double
    public var connectTimeout: Double
    /// `CURLOPT_RESOLVE` entries (`host:port:address`): connect to these checked addresses, not a fresh lookup.
    public var resolve: [String] = []
    /// Refuse, at connect time, any address that is not public unicast (webhooks: `AddressPolicy`).
    public var publicAddressesOnly = false

    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeout: Double = 15, connectTimeout: Double = 5
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
    }
}

/// What came back: status, headers (names lowercased) and body.
public struct OutboundResponse: Sendable, HeaderList {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body parsed as JSON, or nil if it is not JSON.
    public var json: JSONValue? { try? JSONParser.parse(body) }
}

/// Sends outbound HTTP. One client per worker thread (docs/style.md §7).
public protocol HTTPClient: AnyObject {
    func send(_ request: OutboundRequest) throws -> OutboundResponse
}

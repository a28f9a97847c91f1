/// Where a streamed body goes; throws `ClientGone` once the client has disconnected.
public protocol BodyWriter {
    func write(_ bytes: [UInt8]) throws
}

extension BodyWriter {
    public func write(_ text: String) throws { try write(Array(text.utf8)) }
}

/// Thrown by a `BodyWriter` whose client went away: the producer stops, nothing is logged as an error.
public struct ClientGone: Error {
    public init() {}
}

/// One HTTP response: a status, headers, and a body that is either whole or streamed.
public struct Response: HeaderList {
    public enum Body {
        case bytes([UInt8])
        /// Produced chunk by chunk while the response is written (exports).
        case stream((any BodyWriter) throws -> Void)
    }

    public var status: Status
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: Status = .ok, headers: [(name: String, value: String)] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public mutating func setHeader(_ name: String, _ value: String) {
        let wanted = name.lowercased()
        headers.removeAll { $0.name.lowercased() == wanted }
        headers.append((name, value))
    }

    /// The whole body, for tests and small responses; a stream is drained into memory.
    public func bodyBytes() throws -> [UInt8] {
        switch body {
        case .bytes(let bytes): return bytes
        case .stream(let produce):
            let sink = CollectingWriter()
            try produce(sink)
            return sink.bytes
        }
    }
}

/// A `BodyWriter` that keeps everything in memory (tests, `bodyBytes()`).
public final class CollectingWriter: BodyWriter {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public func write(_ chunk: [UInt8]) throws { bytes += chunk }
}

extension Response {
    public static let jsonContentType = "application/json; charset=utf-8"

    /// A JSON response with the API's content type.
    public static func json(_ value: JSONValue, status: Status = .ok) -> Response {
        Response(status: status, headers: [("Content-Type", jsonContentType)], body: .bytes(value.serialized()))
    }

    public static var noContent: Response { Response(status: .noContent) }

    /// A 302 to `location`.
    public static func redirect(to location: String) -> Response {
        Response(status: .found, headers: [("Location", location)])
    }

    /// A streamed download. nginx is asked to buffer it (to disk if need be), so the responder finishes at
    /// disk speed however slowly the client reads and its thread and read snapshot are free again within seconds
    /// (security review F8); nginx still passes the first bytes on at once (docs/operations.md).
    public static func stream(
        contentType: String, filename: String?, _ produce: @escaping (any BodyWriter) throws -> Void
    ) -> Response {
        var headers: [(name: String, value: String)] = [("Content-Type", contentType), ("X-Accel-Buffering", "yes")]
        if let filename { headers.append(("Content-Disposition", "attachment; filename=\"\(filename)\"")) }
        return Response(status: .ok, headers: headers, body: .stream(produce))
    }
}

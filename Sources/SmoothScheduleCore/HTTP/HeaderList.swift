/// Something that carries an ordered list of HTTP headers (a response we write, or one a provider sent).
public protocol HeaderList {
    var headers: [(name: String, value: String)] { get }
}

extension HeaderList {
    /// The first value of header `name`, compared case-insensitively (RFC 9110 §5.1).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

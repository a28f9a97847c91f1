/// A sync that cannot go on; `message` is what the job's `error` says (no tokens, no URLs with cursors).
public struct SyncFailure: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

extension ISOTime {
    /// An instant as a JSON string (`2025-12-02T10:30:00Z`), or null.
    public static func json(_ seconds: Int64?) -> JSONValue { seconds.map { .string(format($0)) } ?? .null }
}

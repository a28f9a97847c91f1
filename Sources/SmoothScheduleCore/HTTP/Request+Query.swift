// Query parameters read exactly as the OpenAPI document declares them (review: issue 11 item 21).

extension Request {
    /// A boolean query parameter as OpenAPI serialises one (`type: boolean`, form style): `true` or `false`.
    /// Nil when absent; any other value, the empty one included, is recorded as a problem of `name`.
    public func queryBool(_ name: String, problems: inout [(String, String)]) -> Bool? {
        guard let text = queryValue(name) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            problems.append((name, "Use true or false."))
            return nil
        }
    }
}

/// The only writer of the error envelope (docs/api.md §1): `success`, `error`, `detail`, `code`, extras.
public enum ErrorEnvelope {
    /// Maps any error to a response. Unknown errors become a 500 whose details go to the log only.
    public static func response(for error: any Error, requestID: String, log: Log = .shared) -> Response {
        let apiError: APIError
        switch error {
        case let e as APIError: apiError = e
        case let e as StoreError: apiError = APIError(e)
        case let e as JSONParseError: apiError = .badRequest(e.message)
        default:
            log.error("unhandled error", ["request_id": requestID, "error": String(describing: error)])
            apiError = APIError(
                .internalServerError, code: "server_error",
                "Something went wrong on our side. Quote request id \(requestID) if you contact support.",
                extra: [("request_id", .string(requestID))])
        }
        return response(for: apiError)
    }

    public static func response(for error: APIError) -> Response {
        var members: [(String, JSONValue)] = [
            ("success", false), ("error", .string(error.message)), ("detail", .string(error.message)),
            ("code", .string(error.code)),
        ]
        members += error.extra
        var response = Response.json(.object(members), status: error.status)
        for header in error.headers { response.headers.append(header) }
        return response
    }
}

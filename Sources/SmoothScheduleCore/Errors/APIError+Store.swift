// THE mapper from the storage target's domain errors to the contract's envelope (docs/api.md §1–2).

extension APIError {
    /// A store's refusal as the client sees it.
    public init(_ error: StoreError) {
        switch error {
        case .conflict(let message): self = .conflict(message)
        case .notFound: self = .notFound()
        case .tooManyAttempts(let message, let retryAfter): self = .tooManyAttempts(message, retryAfter: retryAfter)
        }
    }

    /// 429 `too_many_attempts` with `Retry-After` (docs/api.md §4).
    public static func tooManyAttempts(_ message: String, retryAfter: Int64) -> APIError {
        APIError(
            .tooManyRequests, code: "too_many_attempts", message, headers: [("Retry-After", String(retryAfter))])
    }
}

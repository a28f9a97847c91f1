/// What a store refuses, in domain terms. Stores know no HTTP: the one mapper above them
/// (in the core target's Errors/, used by the error envelope) turns each case into its status
/// and `code`.
public enum StoreError: Error, Equatable, Sendable {
    /// The write would break a uniqueness or reference rule (409 `conflict`); `message` is for a person.
    case conflict(String)
    /// The row named is not there for this tenant (404 `not_found`): another tenant's row is not found either.
    case notFound
    /// Too many sign-in attempts (429 `too_many_attempts` with `Retry-After: retryAfter`).
    case tooManyAttempts(String, retryAfter: Int64)
}

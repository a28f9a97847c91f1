/// Why an OAuth step failed. `code` is what the callback puts in `?error=` and what calendar sync reports;
/// messages name the provider and the step, never a token, code, verifier or secret.
public struct OAuthError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The provider refused the grant (RFC 6749 §5.2 `invalid_grant`): the refresh token is dead.
        case invalidGrant
        /// The provider answered, but not with what we needed (non-2xx, or a body we cannot use).
        case providerFailed(status: Int)
        /// The call did not complete: timeout, refused connection, oversized response.
        case unreachable
        /// The provider's account answer carried no e-mail address to name the connection by.
        case noEmail
        /// The stored credential is marked invalid, or has no refresh token to renew an expired access token.
        case credentialInvalid
        /// Another process is refreshing this credential and did not finish in time.
        case refreshBusy
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

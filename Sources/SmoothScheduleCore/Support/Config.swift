import Foundation

/// Settings from the environment, or from a `KEY=VALUE` file named by `SMOOTHSCHEDULE_CONFIG` (docs/api.md §11).
/// The environment wins over the file. Read once at start-up.
public struct Config: Sendable {
    public var databasePath: String
    public var baseDomain: String
    public var secretKey: String
    /// Earlier secret keys, still accepted for reading while `keys rotate` re-encrypts (comma-separated).
    public var previousSecretKeys: [String]
    public var publicURL: String
    public var frontendURL: String
    public var maxBodyBytes: Int
    public var passwordIterations: Int
    /// Total seconds allowed for one outbound call to a provider (connect is bounded separately, at most 5 s).
    public var outboundTimeout: Double
    /// Seconds an API token stays valid after it is issued (`SMOOTHSCHEDULE_TOKEN_TTL_DAYS`); nil: no expiry.
    public var tokenLifetime: Int64?
    public var google: ProviderConfig
    public var microsoft: ProviderConfig
    /// Per-tenant job and OAuth limits and the job lease (Jobs/JobLimits.swift).
    public var jobs: JobLimits
    /// `SMOOTHSCHEDULE_LOG_LEVEL`: `debug` adds one line per request; default `info`.
    public var logLevel: Log.Level
    /// Webhook limits, timings and the private-address switch (Jobs/WebhookSettings.swift).
    public var webhooks: WebhookSettings
    public var values: [String: String]

    public static let minimumSecretKeyLength = 32

    /// Builds the configuration from `environment` (and the file it names). Throws on bad values.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Config {
        var values: [String: String] = [:]
        if let file = environment["SMOOTHSCHEDULE_CONFIG"], !file.isEmpty {
            values = try parseFile(at: file)
        }
        for (key, value) in environment { values[key] = value }
        return try Config(values: values)
    }

    public init(values: [String: String]) throws {
        self.values = values
        databasePath = values["SMOOTHSCHEDULE_DATABASE"] ?? "data/smoothschedule.sqlite3"
        baseDomain = Self.normalizedDomain(values["SMOOTHSCHEDULE_BASE_DOMAIN"] ?? "smoothschedule.test")
        secretKey = values["SMOOTHSCHEDULE_SECRET_KEY"] ?? ""
        previousSecretKeys = (values["SMOOTHSCHEDULE_PREVIOUS_SECRET_KEYS"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        publicURL = Self.trimmedURL(values["SMOOTHSCHEDULE_PUBLIC_URL"] ?? "https://\(baseDomain)")
        frontendURL = values["SMOOTHSCHEDULE_FRONTEND_URL"] ?? "https://{tenant}.\(baseDomain)/settings/integrations"
        maxBodyBytes = try Self.positiveInt(values, "SMOOTHSCHEDULE_MAX_BODY_BYTES", default: 1_048_576)
        passwordIterations = try Self.passwordIterations(values)
        outboundTimeout = Double(
            try Self.positiveInt(values, "SMOOTHSCHEDULE_OUTBOUND_TIMEOUT_SECONDS", default: 10, atMost: 300))
        tokenLifetime = try Self.tokenLifetime(values["SMOOTHSCHEDULE_TOKEN_TTL_DAYS"])
        google = ProviderConfig(prefix: "GOOGLE", values: values, defaults: .google)
        microsoft = ProviderConfig(prefix: "MICROSOFT", values: values, defaults: .microsoft)
        jobs = try JobLimits(values: values)
        logLevel = Log.level(named: values["SMOOTHSCHEDULE_LOG_LEVEL"])
        webhooks = try WebhookSettings(values: values)
    }

    /// Start-up checks for commands that serve or touch stored secrets.
    public func validateForServing() throws {
        guard !secretKey.isEmpty else {
            throw ConfigError(
                message:
                    "SMOOTHSCHEDULE_SECRET_KEY is not set: it encrypts stored tokens. Set it to at least \(Self.minimumSecretKeyLength) random characters."
            )
        }
        guard secretKey.utf8.count >= Self.minimumSecretKeyLength else {
            throw ConfigError(
                message:
                    "SMOOTHSCHEDULE_SECRET_KEY is too short: use at least \(Self.minimumSecretKeyLength) random characters."
            )
        }
        guard !baseDomain.isEmpty else { throw ConfigError(message: "SMOOTHSCHEDULE_BASE_DOMAIN is empty.") }
    }

    static func normalizedDomain(_ domain: String) -> String {
        var d = domain.lowercased().trimmingCharacters(in: .whitespaces)
        if d.hasSuffix(".") { d.removeLast() }
        return d
    }

    static func trimmedURL(_ url: String) -> String {
        var u = url
        while u.hasSuffix("/") { u.removeLast() }
        return u
    }

    /// A whole number from 1 to `atMost` (a bound keeps arithmetic on the value, such as deadlines built from a
    /// timeout, clear of overflow).
    static func positiveInt(_ values: [String: String], _ key: String, default value: Int, atMost: Int = Int(Int32.max))
        throws -> Int
    {
        guard let text = values[key], !text.isEmpty else { return value }
        guard let number = Int(text), (1...atMost).contains(number) else {
            throw ConfigError(message: "\(key) must be a whole number from 1 to \(atMost), got '\(text)'.")
        }
        return number
    }

    /// Whole days, 1 to 36,500 (a century); unset or empty means tokens do not expire.
    static func tokenLifetime(_ text: String?) throws -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        guard let days = Int64(text), (1...36_500).contains(days) else {
            throw ConfigError(
                message: "SMOOTHSCHEDULE_TOKEN_TTL_DAYS must be a whole number of days from 1 to 36500, got '\(text)'.")
        }
        return days * 86_400
    }

    /// Below the floor new hashes are weak; above the ceiling nobody could sign in (security review F16).
    private static func passwordIterations(_ values: [String: String]) throws -> Int {
        let key = "SMOOTHSCHEDULE_PASSWORD_ITERATIONS"
        guard let text = values[key], !text.isEmpty else { return PasswordHasher.defaultIterations }
        let range = PasswordHasher.iterationRange
        guard let number = Int(text), range.contains(number) else {
            throw ConfigError(
                message: "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'."
            )
        }
        return number
    }

    private static func parseFile(at path: String) throws -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(message: "cannot read the configuration file \(path) (SMOOTHSCHEDULE_CONFIG).")
        }
        var values: [String: String] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw ConfigError(message: "\(path):\(number + 1): expected KEY=VALUE.")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            values[key] = value
        }
        return values
    }
}

/// One OAuth provider's client and endpoint settings; URLs default to the real provider (docs/api.md §11).
public struct ProviderConfig: Sendable {
    public var clientID: String
    public var clientSecret: String
    public var authURL: String
    public var tokenURL: String
    public var revokeURL: String
    public var userinfoURL: String
    /// Google: the Calendar API base; Microsoft: the Graph base.
    public var apiURL: String

    struct Defaults {
        let auth, token, revoke, userinfo, api: String
        static let google = Defaults(
            auth: "https://accounts.google.com/o/oauth2/v2/auth", token: "https://oauth2.googleapis.com/token",
            revoke: "https://oauth2.googleapis.com/revoke",
            userinfo: "https://openidconnect.googleapis.com/v1/userinfo",
            api: "https://www.googleapis.com/calendar/v3")
        static let microsoft = Defaults(
            auth: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
            token: "https://login.microsoftonline.com/common/oauth2/v2.0/token", revoke: "",
            userinfo: "https://graph.microsoft.com/v1.0/me", api: "https://graph.microsoft.com/v1.0")
    }

    /// A URL that is not set follows the ones that are (docs/api.md §11: `ProviderConfig.followingSiblings`).
    init(prefix: String, values: [String: String], defaults: Defaults) {
        func set(_ suffix: String) -> String? {
            let v = values["\(prefix)_\(suffix)"] ?? ""
            return v.isEmpty ? nil : v
        }
        clientID = set("CLIENT_ID") ?? ""
        clientSecret = set("CLIENT_SECRET") ?? ""
        let urls = Self.followingSiblings(
            provider: prefix == "GOOGLE" ? .google : .microsoft,
            Defaults(
                auth: set("AUTH_URL") ?? "", token: set("TOKEN_URL") ?? "", revoke: set("REVOKE_URL") ?? "",
                userinfo: set("USERINFO_URL") ?? "",
                api: set(prefix == "GOOGLE" ? "CALENDAR_API_URL" : "GRAPH_URL") ?? ""),
            defaults: defaults)
        authURL = urls.auth
        tokenURL = urls.token
        revokeURL = urls.revoke
        userinfoURL = urls.userinfo
        apiURL = Config.trimmedURL(urls.api)
    }
}

// The configuration's view of the storage target's types, which know nothing of `Config`.

extension TokenCipher {
    /// The cipher under `SMOOTHSCHEDULE_SECRET_KEY`, still opening what `SMOOTHSCHEDULE_PREVIOUS_SECRET_KEYS` sealed.
    public init(_ config: Config) {
        self.init(secretKey: config.secretKey, previousSecretKeys: config.previousSecretKeys)
    }
}

extension AuditStore {
    /// Records an audit entry whose `detail` is built as JSON.
    public func record(
        tenantID: Int?, userID: Int?, action: String, objectType: String = "", objectID: String = "",
        outcome: String = "success", detail: JSONValue, now: Int64
    ) throws {
        try record(
            tenantID: tenantID, userID: userID, action: action, objectType: objectType, objectID: objectID,
            outcome: outcome, detail: detail.text, now: now)
    }
}

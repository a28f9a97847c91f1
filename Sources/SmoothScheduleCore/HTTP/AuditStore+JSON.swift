// Audit details are built as JSON above the storage target, which stores their text.

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

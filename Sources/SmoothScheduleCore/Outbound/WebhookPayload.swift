/// The body of a delivery (docs/api.md §15): `{"id", "type", "created_at", "tenant", "data"}`, keys in that order, `data`
/// the stored JSON of the object as the API showed it when the event happened. The same bytes on every attempt.
public enum WebhookPayload {
    public static func body(eventID: Int, type: String, createdAt: Int64, tenant: String, data: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.utf8.count + 160)
        out += Array("{\"id\":\(eventID),\"type\":".utf8)
        JSONValue.writeString(type, to: &out)
        out += Array(",\"created_at\":".utf8)
        JSONValue.writeString(ISOTime.format(createdAt), to: &out)
        out += Array(",\"tenant\":".utf8)
        JSONValue.writeString(tenant, to: &out)
        out += Array(",\"data\":".utf8)
        out += Array(data.utf8)
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// `GET /api/audit-log/`: the tenant's audit records, newest first, paged (owners; docs/api.md §7).
public enum AuditHandlers {
    public static func list(_ request: Request, _ context: TenantContext) throws -> Response {
        let tenant = context.tenant
        let page = try Page(request)
        let store = AuditStore(context.db)
        return try context.db.readTransaction {
            let count = try store.count(tenantID: tenant.id)
            let entries = try store.list(tenantID: tenant.id, limit: page.size, offset: page.offset)
            let results: [JSONValue] = entries.map {
                [
                    "id": .int(Int64($0.id)), "created_at": ISOTime.json($0.createdAt), "user_id": JSONValue($0.userID),
                    "action": .string($0.action), "object_type": .string($0.objectType),
                    "object_id": .string($0.objectID),
                    "outcome": .string($0.outcome),
                    "detail": (try? JSONParser.parse(Array($0.detail.utf8))) ?? .object([]),
                ]
            }
            return try page.response(request, count: count, results: results)
        }
    }
}

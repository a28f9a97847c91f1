// Scheduling changes as webhook events (docs/api.md §15): appointments created, updated and cancelled; customers created.

/// Called by the scheduling handlers inside the transaction of the change (Handlers/Scheduling/RecordCRUD.swift).
enum RecordEvents {
    /// `appointment.created` or `customer.created`, with the row as `GET /api/<kind>/<id>/` shows it.
    static func created(_ kind: RecordKind, id: Int, tenant: Tenant, _ context: TenantContext) throws {
        let type: WebhookEventType
        switch kind.table {
        case RecordKind.appointments.table: type = .appointmentCreated
        case RecordKind.customers.table: type = .customerCreated
        default: return
        }
        try emit(type, kind, id: id, tenant: tenant, context)
    }

    /// `appointment.cancelled` when the change moves an appointment to `CANCELLED`, else `appointment.updated`.
    static func updated(
        _ kind: RecordKind, id: Int, before: Row, _ changes: Changes, tenant: Tenant, _ context: TenantContext
    )
        throws
    {
        guard kind.table == RecordKind.appointments.table, !changes.isEmpty else { return }
        let cancelled = "CANCELLED"
        var type = WebhookEventType.appointmentUpdated
        if case .text(let status)? = changes["status"], status == cancelled, before.string("status") != cancelled {
            type = .appointmentCancelled
        }
        try emit(type, kind, id: id, tenant: tenant, context)
    }

    private static func emit(
        _ type: WebhookEventType, _ kind: RecordKind, id: Int, tenant: Tenant, _ context: TenantContext
    )
        throws
    {
        try WebhookOutbox.emit(type, tenant: tenant, db: context.db, now: context.now) {
            try RecordStore(context.db, kind).find(tenantID: tenant.id, id: id, scope: .tenant).map {
                RecordJSON.render(kind, $0)
            }
        }
    }
}

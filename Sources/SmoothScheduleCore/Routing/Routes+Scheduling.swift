// The scheduling endpoints (docs/api.md §5): one list route and one item route per kind.

extension Routes {
    static let scheduling: [Route] =
        crud(UserHandlers.self) + crud(ResourceHandlers.self) + crud(ServiceHandlers.self)
        + crud(CustomerHandlers.self) + crud(AppointmentHandlers.self) + crud(EmailTemplateHandlers.self)
        + crud(AutomatedTaskHandlers.self)

    /// `/api/<kind>/` (GET list, POST with the kind's quota) and `/api/<kind>/<id>/` (GET, PATCH, DELETE).
    /// Reads need `kind.readRoles` (a customer user then sees `kind.customerView`); writes need `kind.writeRoles`.
    /// The chain counts a quota before the body is read only if it does not depend on the row (`quotaBeforeBody`).
    private static func crud<H: RecordHandlers>(_ handlers: H.Type) -> [Route] {
        let kind = H.kind
        let access = Access.tenantMember(roles: kind.readRoles)
        return [
            Route(
                "/api/\(kind.path)/", access: access,
                [
                    .get({ try H.list($0, $1) }),
                    .post({ try H.create($0, $1) }, roles: kind.writeRoles, quota: kind.quotaBeforeBody),
                ]),
            Route(
                "/api/\(kind.path)/<id>/", access: access,
                [
                    .get({ try H.show($0, $1) }),
                    .patch({ try H.update($0, $1) }, roles: kind.writeRoles),
                    .delete({ try H.delete($0, $1) }, roles: kind.writeRoles),
                ]),
        ]
    }
}

// Working hours, time off, closures and free slots (docs/api.md §13).

extension Routes {
    /// Reads: any member for hours, closures and slots (a booking page needs them), the team for time off (its
    /// reasons are private). Writes: owners and managers.
    static let availability: [Route] = [
        Route(
            "/api/working-hours/", access: .tenantMember(),
            [
                .get(WorkingHoursHandlers.showTenant),
                .put(WorkingHoursHandlers.updateTenant, roles: .ownerOrManager),
            ]),
        Route(
            "/api/closures/", access: .tenantMember(),
            [.get(ClosureHandlers.list), .post(ClosureHandlers.create, roles: .ownerOrManager)]),
        Route(
            "/api/closures/<id>/", access: .tenantMember(),
            [
                .get(ClosureHandlers.show), .patch(ClosureHandlers.update, roles: .ownerOrManager),
                .delete(ClosureHandlers.delete, roles: .ownerOrManager),
            ]),
        Route(
            "/api/resources/<id>/working-hours/", access: .tenantMember(),
            [
                .get(WorkingHoursHandlers.showResource),
                .put(WorkingHoursHandlers.updateResource, roles: .ownerOrManager),
            ]),
        Route(
            "/api/resources/<id>/time-off/", access: .tenantMember(roles: .team),
            [.get(TimeOffHandlers.list), .post(TimeOffHandlers.create, roles: .ownerOrManager)]),
        Route(
            "/api/resources/<id>/time-off/<time_off_id>/", access: .tenantMember(roles: .team),
            [
                .get(TimeOffHandlers.show), .patch(TimeOffHandlers.update, roles: .ownerOrManager),
                .delete(TimeOffHandlers.delete, roles: .ownerOrManager),
            ]),
        Route("/api/resources/<id>/availability/", access: .tenantMember(), [.get(AvailabilityHandlers.slots)]),
    ]
}

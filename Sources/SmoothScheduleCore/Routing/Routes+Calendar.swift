// The calendar sync endpoints (docs/api.md §7): every one behind `can_use_calendar_sync` except `status` and
// reading events.

extension Routes {
    static let calendar: [Route] = {
        let manage = Access.tenantMember(roles: .ownerOrManager, feature: .calendarSync)
        return [
            Route("/api/calendar/list/", access: manage, [.get(CalendarHandlers.list)]),
            Route("/api/calendar/status/", access: .tenantMember(), [.get(CalendarHandlers.status)]),
            Route("/api/calendar/sync/", access: manage, [.post(CalendarHandlers.sync)]),
            Route("/api/calendar/sync/<job_id>/", access: manage, [.get(CalendarHandlers.job)]),
            Route("/api/calendar/<id>/calendars/", access: manage, [.get(CalendarHandlers.calendars)]),
            Route("/api/calendar/<id>/", access: manage, [.delete(CalendarHandlers.disconnect)]),
            Route("/api/events/sync_from_calendar/", access: manage, [.post(EventHandlers.syncFromCalendar)]),
            Route(
                "/api/events/", access: .tenantMember(),
                [
                    .get(EventHandlers.list),
                    .post(EventHandlers.create, roles: .team, feature: .calendarSync),
                ]),
            Route(
                "/api/events/<id>/", access: .tenantMember(),
                [
                    .get(EventHandlers.show),
                    .patch(EventHandlers.update, roles: .team, feature: .calendarSync),
                    .delete(EventHandlers.delete, roles: .team, feature: .calendarSync),
                ]),
            Route("/api/audit-log/", access: .tenantMember(roles: .ownerOnly), [.get(AuditHandlers.list)]),
        ]
    }()
}

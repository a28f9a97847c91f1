// The export and analytics rows of the route table (docs/api.md §8, §9).

extension Routes {
    static let exports: [Route] = [
        Route(
            "/api/export/<kind>/", access: .tenantMember(roles: .ownerOrManager, feature: .exportData),
            [.get(ExportHandlers.export)]),
        Route(
            "/api/analytics/dashboard/", access: .tenantMember(roles: .ownerOrManager, feature: .analytics),
            [.get(AnalyticsHandlers.dashboard)]),
        Route(
            "/api/analytics/appointments/", access: .tenantMember(roles: .ownerOrManager, feature: .analytics),
            [.get(AnalyticsHandlers.appointments)]),
        Route(
            "/api/analytics/revenue/", access: .tenantMember(roles: .ownerOrManager, feature: .analytics),
            [.get(AnalyticsHandlers.revenue)]),
    ]
}

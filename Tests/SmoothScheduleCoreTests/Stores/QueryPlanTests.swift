import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// The export and analytics statements use indexes and never sort: a sort would read every row before the first
/// byte could leave (docs/api.md §8).
struct QueryPlanTests {
    private func plan(_ env: TestEnv, _ sql: String, _ parameters: [SQLValue]) throws -> String {
        try env.db.query("EXPLAIN QUERY PLAN " + sql, parameters).map { $0.string("detail") }.joined(separator: "\n")
    }

    @Test(arguments: ExportKind.allCases)
    func exportQueriesStreamWithoutSorting(kind: ExportKind) throws {
        let env = try TestEnv()
        let parameters: [SQLValue] = [.int(1), .int(0), .int(1), .null]
        let detail = try plan(
            env, ExportStore.selectSQL(kind),
            Array(parameters.prefix(kind == .appointments ? 4 : kind == .customers ? 1 : 2)))
        #expect(!detail.contains("TEMP B-TREE"), "\(detail)")
        #expect(detail.contains("USING INDEX") || detail.contains("USING INTEGER PRIMARY KEY"), "\(detail)")
    }

    @Test func periodBucketingRangeScansTheTenantIndex() throws {
        let env = try TestEnv()
        let detail = try plan(
            env, AnalyticsStore.byPeriodSQL, [.int(1), .text("[[0,1]]")])
        #expect(
            detail.contains("appointments_tenant_start (tenant_id=? AND start_time>? AND start_time<?)"), "\(detail)")
    }
}

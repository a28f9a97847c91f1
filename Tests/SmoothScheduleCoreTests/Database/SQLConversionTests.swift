import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

// REAL values (from `total(...)`) turn into integers without undefined behaviour (security review F12).

@Test(arguments: [
    ("1e300", Int.max), ("-1e300", Int.min), ("9.3e18", Int.max), ("2.9", 2), ("-2.9", -2), ("1234.0", 1234),
])
func realResultsBecomeSaturatedIntegers(literal: String, expected: Int) throws {
    let env = try TestEnv()
    #expect(try env.db.scalarInt("SELECT \(literal)") == expected)
    #expect(try env.db.queryOne("SELECT \(literal) AS v")?.int64("v") == Int64(expected))
    #expect(try env.db.queryOne("SELECT \(literal) AS v")?.int("v") == expected)
}

@Test func analyticsTotalsSaturate() {
    #expect(AnalyticsStore.int(.double(1e300)) == Int.max)
    #expect(AnalyticsStore.int(.double(-1e300)) == Int.min)
    #expect(AnalyticsStore.int(.double(.infinity)) == Int.max)
    #expect(AnalyticsStore.int(.double(.nan)) == 0)
    #expect(AnalyticsStore.int(.double(12.0)) == 12)
}

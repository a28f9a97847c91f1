import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// The route table is checked when a dispatcher starts: no duplicates, no ambiguous overlaps, tenant handlers
/// only behind tenant access, and matching that does not depend on position.
struct RouteTableTests {
    static let ok: Handler = { _, _ in .noContent }
    static let tenantOK: TenantHandler = { _, _ in .noContent }

    @Test func theShippedTableHasNoProblems() {
        #expect(RouteTable.problems(Routes.all) == [])
    }

    @Test func theSamePathTwiceIsAProblemWhateverTheParameterNames() {
        let routes = [
            Route("/api/things/<id>/", access: .public, [.get(Self.ok)]),
            Route("/api/things/<thing_id>/", access: .public, [.get(Self.ok)]),
        ]
        #expect(RouteTable.problems(routes).count == 1)
    }

    /// Overlapping paths are no problem: the first segment where they differ in kind decides (the literal).
    @Test func overlappingPathsResolveByTheFirstLiteral() {
        let routes = [
            Route("/api/<a>/x/", access: .public, [.get(Self.ok)]),
            Route("/api/b/<c>/", access: .public, [.get(Self.ok)]),
        ]
        #expect(RouteTable.problems(routes) == [])
        #expect(RouteTable.ordered(routes).map(\.pattern.path) == ["/api/b/<c>/", "/api/<a>/x/"])
    }

    @Test func aMethodListedTwiceIsAProblem() {
        let routes = [Route("/api/things/", access: .public, [.get(Self.ok), .get(Self.ok)])]
        #expect(RouteTable.problems(routes).count == 1)
    }

    @Test func aTenantHandlerBehindPublicAccessIsAProblem() {
        let routes = [
            Route("/api/things/", access: .public, [.get(Self.tenantOK)]),
            Route("/api/mine/", access: .authenticated, [.get(Self.tenantOK)]),
            Route("/api/ours/", access: .tenantMember(), [.get(Self.tenantOK)]),
        ]
        #expect(RouteTable.problems(routes).count == 2)
    }

    /// The order by specificity keeps every overlapping pair of the shipped table in its listed order, so the
    /// dispatcher answers as the first-match scan did.
    @Test func orderingByLiteralsChangesNoShippedMatch() {
        let ordered = RouteTable.ordered(Routes.all).map(\.pattern.path)
        for (i, a) in Routes.all.enumerated() {
            for b in Routes.all[(i + 1)...] where Self.overlap(a.pattern, b.pattern) {
                let first = ordered.firstIndex(of: a.pattern.path) ?? 0
                let second = ordered.firstIndex(of: b.pattern.path) ?? 0
                #expect(first < second, "\(a.pattern.path) / \(b.pattern.path)")
            }
        }
    }

    static func overlap(_ a: PathPattern, _ b: PathPattern) -> Bool {
        a.segments.count == b.segments.count
            && zip(a.segments, b.segments).allSatisfy { x, y in
                if case .literal(let l) = x, case .literal(let r) = y { return l == r }
                return true
            }
    }

    /// `/api/events/sync_from_calendar/` wins over `/api/events/<id>/` wherever either is listed.
    @Test func theLiteralSegmentWinsWhateverTheOrder() throws {
        let reversed = Routes.all.reversed().map { $0 }
        let ordered = RouteTable.ordered(reversed)
        let sync = try #require(ordered.firstIndex { $0.pattern.path == "/api/events/sync_from_calendar/" })
        let item = try #require(ordered.firstIndex { $0.pattern.path == "/api/events/<id>/" })
        #expect(sync < item)
        let calendarSync = try #require(ordered.firstIndex { $0.pattern.path == "/api/calendar/sync/<job_id>/" })
        let calendarItem = try #require(ordered.firstIndex { $0.pattern.path == "/api/calendar/<id>/calendars/" })
        #expect(calendarSync < calendarItem)
    }

    @Test func aReversedTableDispatchesTheSame() throws {
        let env = try TestEnv()
        _ = try env.seedTenant("demo", plan: "business")
        let owner = try env.seedUser("demo", role: .owner)
        let dispatcher = Dispatcher(routes: Routes.all.reversed(), deps: env.deps)
        let response = dispatcher.respond(
            to: TestRequest.post(
                "/api/events/sync_from_calendar/", host: "demo.smoothschedule.test", token: owner.token))
        // The sync handler reads the body (400 invalid), where `/api/events/<id>/` would answer 405.
        #expect(response.status.code == 400)
    }
}

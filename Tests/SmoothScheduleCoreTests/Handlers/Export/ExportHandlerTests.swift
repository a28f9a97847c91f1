import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// `GET /api/export/<kind>/` through the whole pipeline: access, validation, filters, CSV and JSON shape.
struct ExportHandlerTests {
    /// A business-plan tenant in New York with one of everything, plus a second tenant with its own rows.
    struct World {
        let env: TestEnv
        let demo: Tenant
        let owner: TestEnv.Member
        let resource: Int
        let service: Int
        let customer: Int
    }

    private func world() throws -> World {
        let env = try TestEnv()
        let demo = try env.seedTenant("demo", plan: "business", timezone: "America/New_York")
        let owner = try env.seedUser("demo", role: .owner)
        let resource = try env.insertResource(demo, "Alice, stylist")
        let service = try env.insertService(demo, "Cut \"deluxe\"", priceCents: 4500)
        let customer = try env.insertCustomer(demo, "=1+1", email: "x@example.com", notes: "line1\nline2")
        let acme = try env.seedTenant("acme", plan: "business")
        let r2 = try env.insertResource(acme, "ACME ROOM", type: "room")
        let s2 = try env.insertService(acme, "ACME SERVICE")
        try env.insertCustomer(acme, "ACME CUSTOMER")
        try env.insertAppointment(acme, resource: r2, service: s2, start: "2025-12-10T15:00:00Z", notes: "ACME NOTE")
        return World(env: env, demo: demo, owner: owner, resource: resource, service: service, customer: customer)
    }

    private func get(_ w: World, _ kind: String, _ query: [(String, String)] = [], token: String? = nil) -> Response {
        w.env.respond(
            TestRequest.get("/api/export/\(kind)/", host: host("demo"), token: token ?? w.owner.token, query: query))
    }

    private func csv(_ r: Response) throws -> [[String]] { CSVReader.parse(try r.bodyBytes()) }

    @Test func appointmentsCSVHasHeaderLocalColumnsAndNames() throws {
        let w = try world()
        // 2025-11-30T23:30 in New York is 2025-12-01T04:30Z.
        try w.env.insertAppointment(
            w.demo, resource: w.resource, service: w.service, customer: w.customer, start: "2025-12-01T04:30:00Z",
            minutes: 45, status: "COMPLETED", priceCents: 4500, notes: "@cmd")
        let r = get(w, "appointments")
        #expect(r.status.code == 200)
        #expect(r.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(r.header("X-Accel-Buffering") == "yes")
        #expect(r.header("Content-Disposition") == "attachment; filename=\"appointments_all.csv\"")
        let rows = try csv(r)
        #expect(rows.count == 2)
        #expect(
            rows[0] == [
                "id", "resource_id", "resource_name", "service_id", "service_name", "customer_id", "customer_name",
                "start_time", "end_time", "local_date", "local_start_time", "local_end_time", "timezone", "status",
                "price_cents", "currency", "notes", "created_at",
            ])
        let row = Dictionary(uniqueKeysWithValues: zip(rows[0], rows[1]))
        #expect(row["resource_name"] == "Alice, stylist" && row["service_name"] == "Cut \"deluxe\"")
        #expect(row["customer_name"] == "'=1+1" && row["notes"] == "'@cmd")
        #expect(row["start_time"] == "2025-12-01T04:30:00Z" && row["end_time"] == "2025-12-01T05:15:00Z")
        #expect(
            row["local_date"] == "2025-11-30" && row["local_start_time"] == "23:30" && row["local_end_time"] == "00:15")
        #expect(row["timezone"] == "America/New_York" && row["status"] == "COMPLETED" && row["price_cents"] == "4500")
        #expect(row["currency"] == "USD" && row["customer_id"] == String(w.customer))
        #expect(!(try String(decoding: r.bodyBytes(), as: UTF8.self)).contains("ACME"))
    }

    @Test func localTimesFollowDaylightSavingTime() throws {
        let w = try world()
        // 2025-03-09 is the spring-forward day in New York; 2025-11-02 falls back.
        for start in ["2025-03-09T06:30:00Z", "2025-03-09T07:30:00Z", "2025-11-02T05:30:00Z", "2025-11-02T06:30:00Z"] {
            try w.env.insertAppointment(w.demo, resource: w.resource, service: w.service, start: start, minutes: 30)
        }
        let rows = try csv(get(w, "appointments"))
        let local = rows.dropFirst().map { "\($0[9]) \($0[10])-\($0[11])" }
        // 07:00Z is both 02:00 EST and 03:00 EDT (clocks jump); 06:00Z is 02:00 EDT = 01:00 EST (clocks fall back).
        #expect(
            local == [
                "2025-03-09 01:30-03:00", "2025-03-09 03:30-04:00", "2025-11-02 01:30-01:00",
                "2025-11-02 01:30-02:00",
            ])
    }

    @Test func dateRangeIsInclusiveLocalDatesAndNamesTheFile() throws {
        let w = try world()
        for start in ["2025-12-01T04:30:00Z", "2025-12-01T05:00:00Z", "2025-12-31T23:00:00Z", "2026-01-01T05:00:00Z"] {
            try w.env.insertAppointment(w.demo, resource: w.resource, service: w.service, start: start)
        }
        let r = get(w, "appointments", [("start_date", "2025-12-01"), ("end_date", "2025-12-31")])
        #expect(r.header("Content-Disposition") == "attachment; filename=\"appointments_2025-12-01_2025-12-31.csv\"")
        // 04:30Z is Nov 30 local (out); 2026-01-01T05:00Z is midnight Jan 1 local (out); 23:00Z Dec 31 is 18:00 local (in).
        #expect(try csv(r).dropFirst().map { $0[7] } == ["2025-12-01T05:00:00Z", "2025-12-31T23:00:00Z"])
    }

    @Test func statusFilterAcceptsSeveral() throws {
        let w = try world()
        for (i, status) in ["PENDING", "COMPLETED", "CANCELLED", "NO_SHOW"].enumerated() {
            try w.env.insertAppointment(
                w.demo, resource: w.resource, service: w.service, start: "2025-12-0\(i + 1)T15:00:00Z", status: status)
        }
        let one = try csv(get(w, "appointments", [("status", "COMPLETED")]))
        #expect(one.dropFirst().map { $0[13] } == ["COMPLETED"])
        let two = try csv(get(w, "appointments", [("status", "CANCELLED,NO_SHOW")]))
        #expect(two.dropFirst().map { $0[13] } == ["CANCELLED", "NO_SHOW"])
    }

    @Test func inactiveResourcesAndServicesOnlyWhenAsked() throws {
        let w = try world()
        try w.env.insertResource(w.demo, "Old room", type: "room", active: false)
        try w.env.insertService(w.demo, "-Retired", description: "+old", minutes: 30, priceCents: 0, active: false)
        #expect(try csv(get(w, "resources")).count == 2)
        let resources = try csv(get(w, "resources", [("include_inactive", "true")]))
        #expect(resources[0] == ["id", "name", "type", "is_active", "created_at"])
        #expect(resources.dropFirst().map { $0[3] } == ["true", "false"])
        let services = try csv(get(w, "services", [("include_inactive", "true")]))
        #expect(
            services[0] == [
                "id", "name", "description", "duration_minutes", "price_cents", "currency", "is_active",
                "buffer_before_minutes", "buffer_after_minutes", "created_at",
            ])
        #expect(
            services[2][1] == "'-Retired" && services[2][2] == "'+old" && services[2][3] == "30"
                && services[2][4] == "0")
    }

    @Test func customersCSVRoundTripsAwkwardText() throws {
        let w = try world()
        try w.env.insertCustomer(w.demo, "Zoë \"Z\", Jr.", email: "z@example.com", phone: "+1 555 0100", notes: "\tx")
        let r = get(w, "customers")
        #expect(r.header("Content-Disposition") == "attachment; filename=\"customers_all.csv\"")
        let rows = try csv(r)
        #expect(rows[0] == ["id", "name", "email", "phone", "notes", "created_at"])
        #expect(rows[1][1] == "'=1+1" && rows[1][4] == "line1\nline2")
        #expect(rows[2][1] == "Zoë \"Z\", Jr." && rows[2][3] == "'+1 555 0100" && rows[2][4] == "'\tx")
        #expect(rows.count == 3)
    }

    @Test func jsonExportHasCountThenResults() throws {
        let w = try world()
        try w.env.insertAppointment(
            w.demo, resource: w.resource, service: w.service, customer: w.customer, start: "2025-12-05T15:00:00Z",
            notes: "=x")
        let r = get(w, "appointments", [("format", "json")])
        #expect(r.header("Content-Type") == Response.jsonContentType)
        #expect(r.header("Content-Disposition") == "attachment; filename=\"appointments_all.json\"")
        let text = String(decoding: try r.bodyBytes(), as: UTF8.self)
        #expect(
            text.hasPrefix(
                "{\"kind\":\"appointments\",\"exported_at\":\"2025-12-02T10:30:00Z\",\"count\":1,\"results\":["))
        let body = r.json
        #expect(body["count"]?.intValue == 1)
        guard case .array(let results)? = body["results"] else { Issue.record("no results"); return }
        #expect(results.count == 1)
        #expect(results[0]["notes"]?.stringValue == "=x")
        #expect(results[0]["start_time"]?.stringValue == "2025-12-05T15:00:00Z")
        #expect(results[0]["customer_id"]?.intValue == Int64(w.customer))
        #expect(results[0]["updated_at"]?.stringValue == "2025-12-02T10:30:00Z")
    }

    @Test func jsonServicesHaveBooleansAndNumbers() throws {
        let w = try world()
        let body = get(w, "services", [("format", "json")]).json
        #expect(body["kind"]?.stringValue == "services" && body["count"]?.intValue == 1)
        guard case .array(let results)? = body["results"] else { Issue.record("no results"); return }
        #expect(results[0]["is_active"]?.boolValue == true && results[0]["price_cents"]?.intValue == 4500)
        #expect(results[0]["name"]?.stringValue == "Cut \"deluxe\"")
    }

    @Test(arguments: [
        ("appointments", [("format", "xml")], "format"), ("bookings", [], "kind"),
        ("appointments", [("start_date", "2025-13-01")], "start_date"),
        ("appointments", [("end_date", "2025-02-30")], "end_date"),
        ("appointments", [("start_date", "2025-12-10"), ("end_date", "2025-12-09")], "end_date"),
        ("appointments", [("status", "DONE")], "status"),
        ("resources", [("include_inactive", "maybe")], "include_inactive"),
        // Exactly what the OpenAPI document states (issue 11 item 21): no case folding, no empty values.
        ("resources", [("include_inactive", "1")], "include_inactive"),
        ("resources", [("include_inactive", "")], "include_inactive"),
        ("appointments", [("format", "CSV")], "format"), ("appointments", [("status", "cancelled")], "status"),
        ("appointments", [("status", "PENDING,")], "status"), ("appointments", [("start_date", "")], "start_date"),
    ])
    func badParametersAre400WithFields(kind: String, query: [(String, String)], field: String) throws {
        let w = try world()
        let r = get(w, kind, query)
        #expect(r.status.code == 400 && r.code == "invalid")
        #expect(r.json["fields"]?[field] != nil)
    }

    @Test func staffIsDeniedAndManagerAllowed() throws {
        let w = try world()
        let staff = try w.env.seedUser("demo", role: .staff)
        let denied = get(w, "customers", token: staff.token)
        #expect(denied.status.code == 403 && denied.code == "permission_denied")
        let manager = try w.env.seedUser("demo", role: .manager)
        #expect(get(w, "customers", token: manager.token).status.code == 200)
    }

    @Test func planWithoutExportIs403NamingTheFeature() throws {
        let env = try TestEnv()
        try env.seedTenant("demo", plan: "free")
        let owner = try env.seedUser("demo", role: .owner)
        let r = env.respond(TestRequest.get("/api/export/customers/", host: host("demo"), token: owner.token))
        #expect(r.status.code == 403 && r.code == "feature_not_available")
        #expect(r.json["feature"]?.stringValue == "can_export_data")
        #expect(r.json["error"]?.stringValue?.contains("Data Export") == true)
        let post = env.respond(TestRequest.post("/api/export/customers/", host: host("demo"), token: owner.token))
        #expect(post.status.code == 403)
    }

    @Test func otherTenantsRowsNeverAppear() throws {
        let w = try world()
        for kind in ["appointments", "customers", "resources", "services"] {
            for format in ["csv", "json"] {
                let text = String(
                    decoding: try get(w, kind, [("format", format), ("include_inactive", "true")]).bodyBytes(),
                    as: UTF8.self)
                #expect(!text.contains("ACME"), "\(kind) \(format)")
            }
        }
    }
}

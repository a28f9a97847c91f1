import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Every verb of every scheduling kind through the whole pipeline (docs/api.md §5).
struct SchedulingCRUDTests {
    @Test(arguments: SchedulingFixture.kinds)
    func everyVerbWorks(kind: String) throws {
        let f = try SchedulingFixture()
        let created = try f.create(kind, try f.validBody(kind))
        let id = f.id(created)
        #expect(id > 0)
        #expect(created["created_at"]?.stringValue?.hasSuffix("Z") == true)
        #expect(created["tenant_id"] == nil && created["password"] == nil && created["password_hash"] == nil)

        let list = f.send("GET", "/api/\(kind)/")
        #expect(list.status.code == 200)
        #expect(
            list.json["results"].flatMap { if case .array(let a) = $0 { a } else { nil } }?.contains { f.id($0) == id }
                == true)
        #expect(list.json["count"]?.intValue ?? 0 >= 1 && list.json["next"] == .null)

        let one = f.send("GET", "/api/\(kind)/\(id)/")
        #expect(one.status.code == 200 && one.json == created)

        let (patch, key, value) = SchedulingFixture.patchBody(kind)
        let patched = f.send("PATCH", "/api/\(kind)/\(id)/", patch)
        #expect(patched.status.code == 200 && patched.json[key] == value)
        #expect(f.send("GET", "/api/\(kind)/\(id)").json[key] == value)

        let deleted = f.send("DELETE", "/api/\(kind)/\(id)/")
        #expect(deleted.status.code == 204)
        #expect(f.send("GET", "/api/\(kind)/\(id)/").status.code == 404)
    }

    @Test func listPagesWithCountNextAndPrevious() throws {
        let f = try SchedulingFixture()
        for i in 1...5 { try f.create("customers", ["name": .string("C\(i)")]) }
        let first = f.send("GET", "/api/customers/", query: [("page_size", "2")])
        #expect(first.json["count"] == 5 && first.json["next"]?.stringValue?.contains("page=2") == true)
        let last = f.send("GET", "/api/customers/", query: [("page_size", "2"), ("page", "3")])
        #expect(last.json["next"] == .null && last.json["previous"]?.stringValue?.contains("page=2") == true)
    }

    @Test func stringsAreStoredExactlyAsSent() throws {
        let f = try SchedulingFixture()
        let tricky = "Robert'); DROP TABLE customers;-- \"quoted\" 😀 \\ % _"
        let long = String(repeating: "é", count: 10_000)
        let c = try f.create("customers", ["name": .string(tricky), "notes": .string(long)])
        let back = f.send("GET", "/api/customers/\(f.id(c))/").json
        #expect(back["name"]?.stringValue == tricky && back["notes"]?.stringValue == long)
    }

    @Test func deletingAResourceWithAppointmentsIs409() throws {
        let f = try SchedulingFixture()
        let appointment = try f.create("appointments", try f.validBody("appointments"))
        let r = f.send("DELETE", "/api/resources/\(appointment["resource_id"]?.intValue ?? 0)/")
        #expect(r.status.code == 409 && r.code == "conflict")
    }

    @Test func scheduleDocumentListsEverySchedulingEndpoint() throws {
        let f = try SchedulingFixture()
        let doc = f.env.respond(TestRequest.get("/api/schema/", host: TestEnv.baseDomain)).json
        for kind in SchedulingFixture.kinds {
            let list = doc["paths"]?["/api/\(kind)/"]
            let item = doc["paths"]?["/api/\(kind)/{id}/"]
            #expect(list?["get"] != nil && list?["post"]?["requestBody"] != nil)
            #expect(item?["get"] != nil && item?["patch"] != nil && item?["delete"]?["responses"]?["204"] != nil)
        }
    }
}

/// The list writes rows straight to bytes; it must say exactly what `GET /api/<kind>/<id>/` says.
@Test(arguments: SchedulingFixture.kinds)
func listRowsEqualTheirDetailView(kind: String) throws {
    let f = try SchedulingFixture()
    let created = try f.create(kind, try f.validBody(kind))
    let detail = f.send("GET", "/api/\(kind)/\(f.id(created))/").json
    guard case .array(let results) = f.send("GET", "/api/\(kind)/", query: [("page_size", "200")]).json["results"]
    else {
        Issue.record("no results array")
        return
    }
    let listed = results.first { $0["id"] == created["id"] }
    #expect(listed == detail)
    #expect(listed?.text == detail.text)
}

import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// The served document must describe every route and method: contract fuzzing and the access matrix read it.
@Test func everyRouteMethodIsDocumentedWithItsAccess() throws {
    let document = OpenAPI.document(routes: Routes.all, docs: Routes.docs, version: "test")
    let paths = try #require(document["paths"]?.objectMembers)
    for route in Routes.all {
        let operations = try #require(paths.first { $0.0 == route.pattern.openAPIPath }?.1, "\(route.pattern.path)")
        for method in route.methods {
            let operation = try #require(
                operations[method.method.lowercased()], "\(method.method) \(route.pattern.path)")
            #expect(operation["x-access"]?["auth"] != nil)
        }
    }
}

@Test func pathTemplatesUseBraces() {
    #expect(PathPattern("/api/users/<id>/").openAPIPath == "/api/users/{id}/")
}

@Test(arguments: [
    (Access.public, "public", [String]()),
    (Access.authenticated, "authenticated", ["owner", "manager", "staff", "customer", "superuser"]),
    (Access.tenantMember(roles: .ownerOrManager), "tenant", ["owner", "manager", "superuser"]),
])
func accessExtensionListsWhoPasses(access: Access, auth: String, roles: [String]) {
    let ext = OpenAPI.accessExtension(access)
    #expect(ext["auth"] == .string(auth))
    #expect(ext["roles"] == .array(roles.map(JSONValue.string)))
}

/// A request body is required exactly when its schema requires a key: no body at all reads as `{}`.
@Test func requestBodyIsRequiredOnlyWhenItsSchemaRequiresAKey() throws {
    let document = OpenAPI.document(routes: Routes.all, docs: Routes.docs, version: "test")
    let paths = try #require(document["paths"]?.objectMembers)
    var seen = 0
    for (_, operations) in paths {
        for (_, operation) in try #require(operations.objectMembers) {
            guard let body = operation["requestBody"] else { continue }
            let schema = body["content"]?["application/json"]?["schema"]
            let requiresKey = schema?["required"].map { $0 != .array([]) } ?? false
            #expect(body["required"] == .bool(requiresKey))
            seen += 1
        }
    }
    #expect(seen > 10)
}

@Test func idParametersMatchDigitsOnly() {
    let pattern = PathPattern("/api/calendar/<id>/")
    #expect(pattern.match(["api", "calendar", "12"]) == ["id": "12"])
    #expect(pattern.match(["api", "calendar", "calendars"]) == nil)
    #expect(PathPattern("/api/export/<kind>/").match(["api", "export", "customers"]) == ["kind": "customers"])
}

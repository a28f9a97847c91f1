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

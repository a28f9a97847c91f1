import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

struct ErrorEnvelopeTests {
    struct Boom: Error {}

    @Test func unexpectedErrorIs500WithRequestIDAndNoDetails() throws {
        let response = ErrorEnvelope.response(for: Boom(), requestID: "req-1", log: Log(minimum: .error))
        #expect(response.status.code == 500)
        let body = try JSONParser.parse(try response.bodyBytes())
        #expect(body["success"] == false && body["code"] == "server_error" && body["request_id"] == "req-1")
        #expect(body["error"] == body["detail"])
        #expect(body["error"]?.stringValue?.contains("Boom") == false)
    }

    @Test func apiErrorKeepsItsStatusCodeExtrasAndHeaders() throws {
        let response = ErrorEnvelope.response(
            for: APIError.quotaExceeded(.maxResources, limit: 3, used: 3), requestID: "r")
        #expect(response.status.code == 403)
        let body = try JSONParser.parse(try response.bodyBytes())
        #expect(body["code"] == "quota_exceeded" && body["limit"] == 3 && body["used"] == 3)
        let unauthorized = ErrorEnvelope.response(for: APIError.invalidToken(), requestID: "r")
        #expect(unauthorized.header("WWW-Authenticate") == "Token")
    }

    @Test func sqliteErrorsNeverReachTheClient() throws {
        let error = SQLiteError(code: 1, message: "no such table: secrets", sql: "SELECT * FROM secrets")
        let response = ErrorEnvelope.response(for: error, requestID: "r", log: Log(minimum: .error))
        let text = String(decoding: try response.bodyBytes(), as: UTF8.self)
        #expect(response.status.code == 500 && !text.contains("secrets") && !text.contains("SELECT"))
    }

    @Test func handlerFailureThroughDispatcherIs500AndTheNextRequestWorks() throws {
        let env = try TestEnv()
        try env.seedTenant("demo")
        let owner = try env.seedUser("demo", role: .owner)
        try env.db.execute("DROP TABLE row_counts")
        let broken = env.respond(TestRequest.get("/api/resources/", host: host("demo"), token: owner.token))
        #expect(broken.status.code == 500 && broken.code == "server_error")
        #expect(broken.json["request_id"]?.stringValue == broken.header("X-Request-Id"))
        let health = env.respond(TestRequest.get("/api/health/", host: TestEnv.baseDomain))
        #expect(health.status.code == 200)
    }
}

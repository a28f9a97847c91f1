import Testing

@testable import SmoothScheduleCore

private func text(_ response: Response) -> String { String(decoding: CGIResponse.head(response), as: UTF8.self) }

@Test func headHasStatusHeadersAndLength() {
    let response = Response(status: .created, headers: [("Content-Type", "application/json")], body: .bytes([1, 2, 3]))
    #expect(text(response) == "Status: 201 Created\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n")
}

@Test func emptyBodyHasZeroLength() {
    #expect(text(.noContent) == "Status: 204 No Content\r\nContent-Length: 0\r\n\r\n")
}

@Test func streamHasNoContentLength() {
    let response = Response.stream(contentType: "text/csv", filename: "a.csv") { _ in }
    #expect(
        text(response)
            == "Status: 200 OK\r\nContent-Type: text/csv\r\nX-Accel-Buffering: yes\r\n"
            + "Content-Disposition: attachment; filename=\"a.csv\"\r\n\r\n")
}

@Test(arguments: [
    ("a\r\nSet-Cookie: x=1", "aSet-Cookie: x=1"),
    ("line\nbreak\r", "linebreak"),
    ("nul\0byte", "nulbyte"),
    ("plain", "plain"),
])
func headerValuesCannotInjectLines(value: String, cleaned: String) {
    let response = Response(status: .ok, headers: [("X-Test", value), ("X-Bad\r\nName", "v")])
    #expect(text(response) == "Status: 200 OK\r\nX-Test: \(cleaned)\r\nX-BadName: v\r\nContent-Length: 0\r\n\r\n")
}

@Test func handSetContentLengthIsReplaced() {
    let response = Response(status: .ok, headers: [("content-length", "99")], body: .bytes([0]))
    #expect(text(response) == "Status: 200 OK\r\nContent-Length: 1\r\n\r\n")
}

@Test func errorEnvelopeFor413Serialises() throws {
    let response = ErrorEnvelope.response(for: APIError.payloadTooLarge(limit: 10))
    #expect(text(response).hasPrefix("Status: 413 Payload Too Large\r\nContent-Type: application/json"))
}

import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

private func page(_ query: [(String, String)]) throws -> Page {
    try Page(Request(method: "GET", path: "/api/customers/", query: query.map { (name: $0.0, value: $0.1) }))
}

@Test(arguments: [
    ("1", 1), ("007", 7), ("1000001", 1_000_001), ("2147483648", Int(Int32.max)),
    ("99999999999999999999999999", Int(Int32.max)),
])
func anyPositiveIntegerIsAPageNumber(text: String, number: Int) throws {
    #expect(try page([("page", text)]).number == number)
}

@Test(arguments: ["0", "-1", "", "abc", "1.5", "+1", " 1", "1e3", "00"])
func otherPageValuesAre400(text: String) {
    #expect(throws: APIError.self) { try page([("page", text)]) }
    #expect(throws: APIError.self) { try page([("page_size", text)]) }
}

@Test(arguments: [("1", 1), ("200", 200), ("201", 200), ("123456789012345678901234567890", 200)])
func pageSizeAboveTheMaximumIsTheMaximum(text: String, size: Int) throws {
    #expect(try page([("page_size", text)]).size == size)
}

@Test func pagePastTheEndIs404InvalidPageAndEmptyFirstPageIs200() throws {
    let request = Request(method: "GET", path: "/api/customers/")
    #expect(try page([]).response(request, count: 0, results: []).status == .ok)
    for text in ["2", "99999999999999999999"] {
        do {
            _ = try page([("page", text)]).response(request, count: 0, results: [])
            Issue.record("page \(text) answered")
        } catch let error as APIError {
            #expect(error.status == .notFound && error.message == "Invalid page.")
        }
    }
}

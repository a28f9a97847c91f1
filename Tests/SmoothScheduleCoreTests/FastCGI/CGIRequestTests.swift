import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// One `CGIRequest.parse` case: params in, the fields that matter out.
struct QueryCase: Sendable, CustomStringConvertible {
    let queryString: String
    let expected: [String]  // "name=value" after decoding
    var description: String { queryString }
}

let queryCases: [QueryCase] = [
    QueryCase(queryString: "", expected: []),
    QueryCase(queryString: "a=1&b=2", expected: ["a=1", "b=2"]),
    QueryCase(queryString: "a=1&b=2&a=3", expected: ["a=1", "b=2", "a=3"]),
    QueryCase(queryString: "q=hello+world&x=%41%42", expected: ["q=hello world", "x=AB"]),
    QueryCase(queryString: "name%20with=v%2Bplus", expected: ["name with=v+plus"]),
    QueryCase(queryString: "flag&&empty=&=v", expected: ["flag=", "empty=", "=v"]),
    QueryCase(queryString: "bad=%zz%4&end=%", expected: ["bad=%zz%4", "end=%"]),
    QueryCase(queryString: "eq=a=b", expected: ["eq=a=b"]),
    QueryCase(queryString: "u=%C3%A9t%C3%A9", expected: ["u=été"]),
    QueryCase(queryString: "bin=%FF%00%C3", expected: ["bin=\u{FFFD}\u{0}\u{FFFD}"]),
]

@Test(arguments: queryCases)
func queryStringIsDecodedInOrder(_ c: QueryCase) {
    let request = CGIRequest.parse(params: ["QUERY_STRING": c.queryString], body: [])
    #expect(request.query.map { "\($0.name)=\($0.value)" } == c.expected)
}

@Test func repeatedKeysAreKeptForQueryValues() {
    let request = CGIRequest.parse(params: ["QUERY_STRING": "id=1&id=2&other=x&id=3"], body: [])
    #expect(request.queryValues("id") == ["1", "2", "3"])
    #expect(request.queryValue("id") == "1")
}

@Test(arguments: [
    (["DOCUMENT_URI": "/api/health/"], "/api/health/"),
    (["DOCUMENT_URI": "/api/a b/€/%2541/"], "/api/a b/€/%2541/"),
    (["REQUEST_URI": "/api/a%20b/%E2%82%AC/"], "/api/a b/€/"),
    (["DOCUMENT_URI": "/a+b/"], "/a+b/"),
    (["SCRIPT_NAME": "/api", "PATH_INFO": "/resources/"], "/api/resources/"),
    (["REQUEST_URI": "/api/x%2Fy/?q=1?2"], "/api/x/y/"),
    (["DOCUMENT_URI": "/doc/", "REQUEST_URI": "/other/"], "/doc/"),
    ([:], "/"),
    (["DOCUMENT_URI": "/%"], "/%"),
])
func pathComesFromTheFirstPresentParam(params: [String: String], path: String) {
    #expect(CGIRequest.parse(params: params, body: []).path == path)
}

@Test func headersAreMappedFromHTTPParams() {
    let params = [
        "REQUEST_METHOD": "POST", "HTTP_HOST": "demo.example", "HTTP_X_REQUEST_ID": "abc",
        "HTTP_AUTHORIZATION": "Token t", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": "2",
        "REMOTE_ADDR": "10.0.0.1", "SERVER_NAME": "ignored", "HTTP_": "nameless",
    ]
    let request = CGIRequest.parse(params: params, body: Array("{}".utf8))
    #expect(request.method == "POST")
    #expect(
        request.headers == [
            "host": "demo.example", "x-request-id": "abc", "authorization": "Token t",
            "content-type": "application/json", "content-length": "2",
        ])
    #expect(request.header("X-Request-Id") == "abc")
    #expect(request.remoteAddress == "10.0.0.1")
    #expect(request.body == Array("{}".utf8))
}

@Test func emptyContentParamsAreNotHeaders() {
    let request = CGIRequest.parse(params: ["CONTENT_TYPE": "", "CONTENT_LENGTH": ""], body: [])
    #expect(request.headers.isEmpty)
    #expect(request.method == "GET")
}

@Test func hostileBytesNeverTrap() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("%+&=?/\0\r\n aZ09\u{FF}é".unicodeScalars)
    for _ in 0..<500 {
        var text = ""
        for _ in 0..<Int.random(in: 0..<40, using: &generator) {
            text.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
        }
        let request = CGIRequest.parse(
            params: ["QUERY_STRING": text, "DOCUMENT_URI": text, "HTTP_\(text)": text, "REQUEST_METHOD": text],
            body: [])
        #expect(!request.path.isEmpty)
    }
    let huge = String(repeating: "%", count: 100_000) + String(repeating: "a=%FF&", count: 10_000)
    #expect(CGIRequest.parse(params: ["QUERY_STRING": huge], body: []).query.count == 10_000)
}

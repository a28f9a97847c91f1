import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

// The parser's limits on request bodies (docs/review/parser.md, security review F1).

/// `{"k<start>":0,"k<start+1>":0,…}` with `count` distinct keys.
private func keysObject(_ count: Int, from start: Int = 0) -> [UInt8] {
    Array(("{" + (start..<start + count).map { "\"k\($0)\":0" }.joined(separator: ",") + "}").utf8)
}

private func bodyRequest(_ body: [UInt8]) -> Request {
    Request(method: "POST", path: "/api/customers/", headers: ["content-type": "application/json"], body: body)
}

/// The `APIError` a request body is refused with, or nil when it is accepted.
private func refusal(_ body: [UInt8]) -> APIError? {
    do {
        _ = try bodyRequest(body).jsonObject()
        return nil
    } catch let error as APIError {
        return error
    } catch {
        return APIError(.internalServerError, code: "unexpected", "\(error)")
    }
}

@Test func bodyObjectOverTheMemberLimitIs400() {
    let error = refusal(keysObject(1_001))
    #expect(error?.status == .badRequest)
    #expect(error?.message == "A JSON object has more than 1000 members.")
}

@Test func bodyObjectAtTheMemberLimitIsAccepted() throws {
    #expect(try bodyRequest(keysObject(1_000)).jsonObject().count == 1_000)
}

@Test func bodyOfSixtyThousandDistinctKeysIsRefusedByTheMemberLimit() {
    // The security review's body: about 535 KB, which took 8 s of a worker thread to parse before the limit.
    let body = keysObject(60_000)
    #expect(body.count > 500_000)
    #expect(refusal(body)?.message == "A JSON object has more than 1000 members.")
}

@Test func bodyOverTheValueLimitIs400() {
    let zeros = { (n: Int) in Array(("{\"a\":[" + Array(repeating: "0", count: n).joined(separator: ",") + "]}").utf8) }
    // The object, the array and its items are all values: 2 + 9,998 is exactly the limit.
    #expect(refusal(zeros(9_998)) == nil)
    let error = refusal(zeros(9_999))
    #expect(error?.status == .badRequest)
    #expect(error?.message == "The JSON document has more than 10000 values.")
}

@Test func bodyStringOverTheLengthLimitIs400() {
    let string = { (s: String) in Array("{\"a\":\"\(s)\"}".utf8) }
    #expect(refusal(string(String(repeating: "x", count: 65_536))) == nil)
    #expect(
        refusal(string(String(repeating: "x", count: 65_537)))?.message
            == "A JSON string is longer than 65536 bytes.")
    // The limit counts decoded UTF-8 bytes: each \u00e9 escape is two of them.
    #expect(refusal(string(String(repeating: "\\u00e9", count: 32_768))) == nil)
    #expect(refusal(string(String(repeating: "\\u00e9", count: 32_769))) != nil)
    // Keys are strings too.
    #expect(refusal(Array("{\"\(String(repeating: "k", count: 65_537))\":1}".utf8))?.status == .badRequest)
}

@Test func sixtyThousandDistinctKeysParseInOrderWhereTheLimitsAllowThem() throws {
    let members = try #require(JSONParser.parse(keysObject(60_000)).objectMembers)
    #expect(members.count == 60_000)
    #expect(members.first?.0 == "k0" && members.last?.0 == "k59999")
    #expect(members.enumerated().allSatisfy { $1.0 == "k\($0)" })
}

@Test(arguments: [2, 8, 9, 60_000])
func aDuplicateKeyIsFoundWhereverItIs(count: Int) {
    // The last key repeats the first: found by the scan in small objects and by the set in large ones.
    var body = keysObject(count)
    body.removeLast()
    body += Array(",\"k0\":1}".utf8)
    #expect(throws: JSONParseError(message: "Duplicate key 'k0' in JSON object.")) { try JSONParser.parse(body) }
}

@Test func providerSizedLimitsAreLooserThanRequestLimits() {
    let general = JSONParser.Limits.general
    let request = JSONParser.Limits.requestBody
    #expect(general.maxMembers > request.maxMembers && general.maxValues > request.maxValues)
    #expect(general.maxStringBytes > request.maxStringBytes && general.maxDepth == request.maxDepth)
}

@Test func invalidGroupsProblemsByFieldInFirstSeenOrder() throws {
    var problems: [(String, String)] = []
    for i in 0..<20_000 { problems.append(("f\(i)", "first")) }
    for i in stride(from: 19_999, through: 0, by: -1) { problems.append(("f\(i)", "second")) }
    let error = APIError.invalid(problems)
    let fields = try #require(error.extra.first { $0.0 == "fields" }?.1.objectMembers)
    #expect(fields.count == 20_000)
    #expect(fields.enumerated().allSatisfy { $1.0 == "f\($0)" && $1.1 == ["first", "second"] })
    #expect(error.message == "f0: first")
}

@Test func bodyReaderFindsTheFirstOfRepeatedKeys() {
    // The parser refuses duplicates; a reader built from members directly keeps the first, as before.
    var body = BodyReader([("a", 1), ("b", "x"), ("a", 2)])
    #expect(body.has("a") && body.has("b") && !body.has("c"))
    #expect(body.value("a") == 1)
    #expect(body.string("b") == "x")
    #expect(body.value("c") == nil)
}

@Test func theWordScanFlagsExactlyTheBytesThatEndAPlainRun() {
    // Every byte value, at every position of a word of otherwise plain bytes (including UTF-8 continuation bytes).
    for filler: UInt8 in [0x78, 0xC3, 0x80, 0xFF, 0x20, 0x7F] {
        for position in 0..<8 {
            for byte in 0...255 {
                var word = [UInt8](repeating: filler, count: 8)
                word[position] = UInt8(byte)
                let value = word.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(JSONParser.mayEndRun(value) == (byte == 0x22 || byte == 0x5C || byte < 0x20))
            }
        }
    }
}

@Test(arguments: 0..<24)
func stringsSplitAcrossWordsParseExactly(offset: Int) throws {
    // A quote, an escape, non-ASCII text and a control byte at every offset against the eight-byte scan.
    let lead = String(repeating: "a", count: offset)
    let value = try JSONParser.parse(Array("[\"\(lead)é\\n\(lead)\",\"\(lead)\"]".utf8))
    #expect(value == .array([.string("\(lead)é\n\(lead)"), .string(lead)]))
    #expect(throws: JSONParseError.self) { try JSONParser.parse(Array("\"\(lead)\u{01}x\"".utf8)) }
    #expect(throws: JSONParseError.self) { try JSONParser.parse(Array("\"\(lead)".utf8)) }
}

@Test(arguments: [
    ("0", JSONValue.int(0)), ("-0", .int(0)), ("7", .int(7)), ("-42", .int(-42)),
    ("999999999999999999", .int(999_999_999_999_999_999)), ("-999999999999999999", .int(-999_999_999_999_999_999)),
    ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
    ("9223372036854775808", .double(9_223_372_036_854_775_808)), ("1.5", .double(1.5)), ("-2e3", .double(-2000)),
])
func numbersKeepTheirExactValue(text: String, expected: JSONValue) throws {
    let value = try JSONParser.parse(Array(text.utf8))
    #expect(value == expected)
    if case .int = expected { #expect(value.intValue == expected.intValue) }
}

@Test func stringsWithAndWithoutEscapesReadAlike() throws {
    #expect(
        try JSONParser.parse(Array(#"["plain","é€😀","a\"b","\u00e9",""]"#.utf8)) == ["plain", "é€😀", "a\"b", "é", ""])
    #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC3, 0x22]) }
}

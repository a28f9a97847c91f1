import Testing
@testable import SmoothScheduleCore

@Test func jsonRoundTripKeepsOrderAndEscapes() throws {
    let value = try JSONParser.parse(Array(#"{"b":1,"a":"x\"<y\u00e9","c":[true,null,-2.5]}"#.utf8))
    #expect(value.text == #"{"b":1,"a":"x\"\u003cyé","c":[true,null,-2.5]}"#)
}

@Test(arguments: ["{", "[1,]", "{\"a\":1,\"a\":2}", "01", "\"\\ud800\"", "nul", "1 2", String(repeating: "[", count: 100)])
func malformedJSONIsRejected(text: String) {
    #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
}

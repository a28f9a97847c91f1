import Foundation
import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

@Test func jsonRoundTripKeepsOrderAndEscapes() throws {
    let value = try JSONParser.parse(Array(#"{"b":1,"a":"x\"<y\u00e9","c":[true,null,-2.5]}"#.utf8))
    #expect(value.text == #"{"b":1,"a":"x\"\u003cyé","c":[true,null,-2.5]}"#)
}

@Test(arguments: [
    "{", "[1,]", "{\"a\":1,\"a\":2}", "01", "\"\\ud800\"", "nul", "1 2", String(repeating: "[", count: 100),
])
func malformedJSONIsRejected(text: String) {
    #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
}

@Test(arguments: [Int64(0), 951_782_400, 1_764_671_400, -1, -86_401, 4_102_444_799, 253_402_300_799])
func isoFormatMatchesTheCLibrary(seconds: Int64) {
    var t = time_t(seconds)
    var parts = tm()
    gmtime_r(&t, &parts)
    let expected = String(
        format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
        Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    #expect(ISOTime.format(seconds) == expected)
    #expect(ISOTime.parse(expected) == seconds)
}

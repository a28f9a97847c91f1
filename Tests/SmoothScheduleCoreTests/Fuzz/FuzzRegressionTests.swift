import Testing

@testable import SmoothScheduleCore

/// Inputs the libFuzzer targets (Fuzz/, scripts/fuzz) stopped on, kept so they run on every `swift test`.
/// Each is also a seed under Fuzz/corpus/<target>/.
struct FuzzCase: Sendable, CustomStringConvertible {
    let target: String
    let bytes: [UInt8]
    var description: String { "\(target) \(bytes)" }
}

let fuzzCases: [FuzzCase] = [
    // query_decoding: `+` fused with a combining mark (U+064B) is still one `+` byte to turn into a space;
    // the first harness compared Characters and stopped here (a harness bug, the decoder was right).
    FuzzCase(target: "query_decoding", bytes: [0x2B, 0xD9, 0x8B, 0x63, 0x3B]),
]

@Test(arguments: fuzzCases)
func fuzzRegression(_ c: FuzzCase) {
    let text = String(decoding: c.bytes, as: UTF8.self)
    switch c.target {
    case "query_decoding":
        let form = PercentDecoding.decode(text, plusIsSpace: true)
        #expect(Array(form.utf8) == text.utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 })
        #expect(PercentDecoding.decode(text, plusIsSpace: false) == text)
        _ = CGIRequest.parse(params: ["REQUEST_URI": text, "QUERY_STRING": text], body: c.bytes)
    default:
        Issue.record("unknown target \(c.target)")
    }
}

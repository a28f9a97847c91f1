import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

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
    // cgi_request: an HTTP_ param whose name holds non-ASCII bytes; the ASCII fast path of the header-name
    // mapping left a non-ASCII capital as it was (Fuzz/corpus/cgi_request/crash-1362…). Now: Unicode lowercasing.
    FuzzCase(target: "cgi_header_name", bytes: Array("HTTP_X_\u{C9}T\u{C9}".utf8)),
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
    case "cgi_header_name":
        let request = CGIRequest.parse(params: [text: "v"], body: [])
        for (name, _) in request.headers { #expect(name == name.lowercased()) }
        #expect(request.header("x-étÉ") == "v")
    default:
        Issue.record("unknown target \(c.target)")
    }
}

// libFuzzer target: percent-decoding of paths and `application/x-www-form-urlencoded` query strings.
@testable import SmoothScheduleCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let path = PercentDecoding.decode(text, plusIsSpace: false)
    let form = PercentDecoding.decode(text, plusIsSpace: true)
    // Decoding never more than triples the input (an invalid byte becomes U+FFFD, 3 bytes).
    precondition(path.utf8.count <= text.utf8.count * 3 && form.utf8.count <= text.utf8.count * 3)
    if !text.contains("%") {
        precondition(path == text)
        // Byte-wise: `replacingOccurrences` works on Characters and misses a `+` fused with a combining mark.
        precondition(Array(form.utf8) == text.utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 })
    }
    let pairs = CGIRequest.query(text)
    for pair in pairs { precondition(!(pair.name.isEmpty && pair.value.isEmpty)) }
    precondition(pairs.count <= text.split(separator: "&").count)
    let request = CGIRequest.parse(params: ["REQUEST_URI": text, "QUERY_STRING": text], body: [])
    precondition(!request.path.isEmpty)
    return 0
}

// libFuzzer target: FastCGI PARAMS records (name-value pairs, FastCGI 1.0 §3.4) + stdin → CGIRequest.parse.
import SmoothScheduleCore

/// Decodes FastCGI name-value pairs; what follows the pairs (after a 0-length name and value) is the body.
func fastCGIPairs(_ bytes: [UInt8]) -> (params: [String: String], body: [UInt8]) {
    var params: [String: String] = [:]
    var i = 0
    func length() -> Int? {
        guard i < bytes.count else { return nil }
        if bytes[i] & 0x80 == 0 {
            i += 1
            return Int(bytes[i - 1])
        }
        guard i + 4 <= bytes.count else { return nil }
        let n = Int(bytes[i] & 0x7F) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
        i += 4
        return n
    }
    while let nameLength = length(), let valueLength = length() {
        if nameLength == 0 && valueLength == 0 { break }
        guard nameLength <= bytes.count - i, valueLength <= bytes.count - i - nameLength else { break }
        let name = String(decoding: bytes[i..<i + nameLength], as: UTF8.self)
        let value = String(decoding: bytes[i + nameLength..<i + nameLength + valueLength], as: UTF8.self)
        params[name] = value
        i += nameLength + valueLength
    }
    return (params, Array(bytes[min(i, bytes.count)...]))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let (params, body) = fastCGIPairs(Array(UnsafeBufferPointer(start: data, count: size)))
    let request = CGIRequest.parse(params: params, body: body)
    precondition(request.path.hasPrefix("/") || !request.path.isEmpty)
    precondition(request.body == body)
    for (name, _) in request.headers { precondition(name == name.lowercased()) }
    _ = request.header("Host")
    _ = request.queryValue("page")
    _ = request.queryValues("status")
    _ = try? request.jsonObject()
    return 0
}

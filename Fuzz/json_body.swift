// libFuzzer target: JSON request bodies — JSONParser.parse, then BodyReader as the handlers use it.
import SmoothScheduleCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let value = try? JSONParser.parse(bytes, limits: .requestBody) {
        // What we accept, we can write, and what we write, we accept again.
        let again = try? JSONParser.parse(value.serialized(), limits: .requestBody)
        precondition(again != nil, "serialized JSON does not parse again")
    }
    let request = Request(
        method: "POST", path: "/api/customers/", headers: ["content-type": "application/json"], body: bytes)
    guard var body = try? BodyReader(request) else { return 0 }
    body.allowOnly(["name", "email", "duration_minutes", "is_active", "status", "start_time", "resource_id"])
    let keys = body.members.map(\.0) + ["name", "start_time"]
    for key in keys.prefix(32) {
        _ = body.string(key, maxLength: 64)
        _ = body.int(key, range: 0...1_000_000)
        _ = body.bool(key)
        _ = body.optionalID(key)
        _ = body.instant(key)
        _ = body.choice(key, ["PENDING", "CONFIRMED"])
    }
    _ = try? body.finish()
    return 0
}

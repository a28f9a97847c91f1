import CFastCGI
import Glibc

/// One thread's libfcgi request slot: the only Swift file that touches libfcgi types (STYLE §2).
/// `FCGX_Request` lives at a fixed heap address because libfcgi's streams point back into it.
final class FCGXRequest {
    struct InitError: Error, CustomStringConvertible {
        let description: String
    }

    private let raw: UnsafeMutablePointer<FCGX_Request>

    /// `FCGX_Init`: call once per process, before any thread accepts. It installs libfcgi's
    /// SIGPIPE and SIGUSR1 handlers (FIELD-NOTES: libfcgi).
    static func initLibrary() throws {
        let status = FCGX_Init()
        guard status == 0 else { throw InitError(description: "FCGX_Init failed with \(status)") }
    }

    init(listenFD: Int32) throws {
        raw = UnsafeMutablePointer<FCGX_Request>.allocate(capacity: 1)
        raw.initialize(to: FCGX_Request())
        // Accept fails on EINTR so a SIGUSR1 from the worker's monitor can end FCGX_Accept_r.
        let status = FCGX_InitRequest(raw, listenFD, cfcgi_fail_accept_on_intr())
        guard status == 0 else {
            raw.deallocate()
            throw InitError(description: "FCGX_InitRequest failed with \(status)")
        }
    }

    deinit {
        FCGX_Free(raw, 1)
        raw.deinitialize(count: 1)
        raw.deallocate()
    }

    /// The accepted connection's socket (valid between `accept()` and `finish()`).
    var socket: Int32 { raw.pointee.ipcFd }

    /// Blocks until a request arrives: 0 on success, negative when interrupted or failed (caller checks for stop).
    func accept() -> Int32 { FCGX_Accept_r(raw) }

    /// The CGI params, read once (`NAME=value` strings; the first `=` splits), scanned as bytes.
    func params() -> [String: String] {
        var params: [String: String] = [:]
        params.reserveCapacity(40)
        guard var cursor = raw.pointee.envp else { return params }
        while let entry = cursor.pointee {
            let length = strlen(entry)
            entry.withMemoryRebound(to: UInt8.self, capacity: length) { base in
                let bytes = UnsafeBufferPointer(start: base, count: length)
                if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<equals]), as: UTF8.self)
                    let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[(equals + 1)...]), as: UTF8.self)
                    params[name] = value
                }
            }
            cursor += 1
        }
        return params
    }

    /// Reads up to `limit` bytes of FCGI_STDIN; stops early at end of input. The buffer grows with what
    /// arrives, so a GET (no body, often no CONTENT_LENGTH) costs nothing and a cap is never allocated up front.
    func readBody(limit: Int) -> [UInt8] {
        guard limit > 0, let stream = raw.pointee.in else { return [] }
        var body: [UInt8] = []
        var chunk = [CChar](repeating: 0, count: min(limit, 16_384))
        while body.count < limit {
            let want = Int32(clamping: min(limit - body.count, chunk.count))
            let got = chunk.withUnsafeMutableBufferPointer { FCGX_GetStr($0.baseAddress, want, stream) }
            if got <= 0 { break }
            chunk.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: UInt8.self) { body.append(contentsOf: $0.prefix(Int(got))) }
            }
        }
        return body
    }

    /// Writes bytes to FCGI_STDOUT; false once the client is gone (EPIPE, reset, libfcgi error).
    func write(_ bytes: [UInt8]) -> Bool {
        guard let stream = raw.pointee.out else { return false }
        if bytes.isEmpty { return true }
        var offset = 0
        while offset < bytes.count {
            let chunk = Int32(clamping: min(bytes.count - offset, 1 << 20))
            let put = bytes.withUnsafeBufferPointer { buffer -> Int32 in
                guard let base = buffer.baseAddress else { return -1 }
                return (base + offset).withMemoryRebound(to: CChar.self, capacity: Int(chunk)) {
                    FCGX_PutStr($0, chunk, stream)
                }
            }
            if put != chunk { return false }
            offset += Int(put)
        }
        return true
    }

    /// Pushes buffered output to the web server now (streamed bodies).
    func flush() -> Bool {
        guard let stream = raw.pointee.out else { return false }
        return FCGX_FFlush(stream) == 0 && FCGX_GetError(stream) == 0
    }

    /// Ends the request: flushes, sends FCGI_END_REQUEST, closes or keeps the connection.
    func finish() { FCGX_Finish_r(raw) }
}

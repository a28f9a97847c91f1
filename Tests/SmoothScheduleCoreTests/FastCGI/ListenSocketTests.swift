import Foundation
import Glibc
import Testing

@testable import SmoothScheduleCore

// The responder's listening socket (security review F13).

@Test func aUnixSocketIsCreated0660WithTheConfiguredGroup() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ls-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("fcgi.sock").path
    // Root may give the socket any group; anyone else, one of their own.
    let gid: gid_t = geteuid() == 0 ? 65_534 : getegid()
    let fd = try ListenSocket.open(.unixSocket(path), backlog: 16, group: String(gid))
    defer { close(fd) }
    var info = stat()
    #expect(stat(path, &info) == 0)
    #expect(info.st_mode & S_IFMT == S_IFSOCK)
    #expect(info.st_mode & 0o7777 == 0o660)
    #expect(info.st_gid == gid)
}

@Test func aSocketGroupThatDoesNotExistIsRefusedAndLeavesNoSocket() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ls-\(UUID().uuidString.prefix(8)).sock")
        .path
    #expect(throws: (any Error).self) {
        _ = try ListenSocket.open(.unixSocket(path), backlog: 16, group: "no-such-group-smoothschedule")
    }
    #expect(access(path, F_OK) != 0)
}

@Test(arguments: [
    ("127.0.0.1:9000", ListenAddress.tcp(host: "127.0.0.1", port: 9000)),
    ("0.0.0.0:9000", .tcp(host: "0.0.0.0", port: 9000)),
    ("[::1]:9000", .tcp(host: "::1", port: 9000)),
    ("localhost:1", .tcp(host: "localhost", port: 1)),
])
func listenTakesAnExplicitHost(text: String, expected: ListenAddress) throws {
    #expect(try ListenAddress.tcp(parsing: text) == expected)
}

@Test(arguments: [":9000", "[]:9000", "9000", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:70000", "host:port"])
func listenWithoutAHostOrPortIsRefused(text: String) {
    #expect(throws: ListenAddress.ParseError.self) { _ = try ListenAddress.tcp(parsing: text) }
}

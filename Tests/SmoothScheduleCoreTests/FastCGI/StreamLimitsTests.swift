import Glibc
import Testing

@testable import SmoothScheduleCore

// Streamed responses' cap and time limit (security review F8), with explicit clocks.

@Test func streamsBeyondTheCapAreRefusedUntilOneEnds() {
    let limits = StreamLimits(maxConcurrent: 2, timeLimit: 10)
    let a = limits.admit(socket: -1, now: 0)
    let b = limits.admit(socket: -1, now: 0)
    #expect(a != nil && b != nil)
    #expect(limits.admit(socket: -1, now: 0) == nil)
    #expect(limits.release(a ?? 0) == false)
    #expect(limits.admit(socket: -1, now: 1) != nil)
    #expect(limits.running == 2)
}

@Test func aStreamPastItsLimitHasItsConnectionShutDownSoABlockedWriteFails() throws {
    var fds: [Int32] = [-1, -1]
    #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
    defer { close(fds[0]); close(fds[1]) }
    let limits = StreamLimits(maxConcurrent: 1, timeLimit: 5)
    let id = try #require(limits.admit(socket: fds[0], now: 100))
    #expect(limits.enforce(now: 104.9) == 0)
    var byte: UInt8 = 1
    #expect(send(fds[0], &byte, 1, Int32(MSG_NOSIGNAL)) == 1)
    #expect(limits.enforce(now: 105) == 1)
    #expect(limits.enforce(now: 106) == 0)  // cut once
    #expect(send(fds[0], &byte, 1, Int32(MSG_NOSIGNAL)) == -1)
    #expect(limits.release(id) == true)
    #expect(limits.running == 0)
}

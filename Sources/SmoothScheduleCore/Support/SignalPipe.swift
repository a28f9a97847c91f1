import Glibc
import Synchronization

private let signalWriteFD = Atomic<Int32>(-1)
private let stopSignalled = Atomic<Bool>(false)

/// Async-signal-safe only: an atomic store and `write(2)` (signal-safety(7)).
private func forwardSignal(_ signal: Int32) {
    if signal == SIGTERM || signal == SIGINT { stopSignalled.store(true, ordering: .sequentiallyConsistent) }
    var byte = UInt8(truncatingIfNeeded: signal)
    let saved = errno
    _ = write(signalWriteFD.load(ordering: .sequentiallyConsistent), &byte, 1)
    errno = saved
}

/// The self-pipe trick: chosen signals become bytes (the signal number) on a pipe a loop can `poll`.
/// One per process; handlers are installed without `SA_RESTART` so blocking calls see `EINTR`.
enum SignalPipe {
    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    /// Whether SIGTERM or SIGINT has arrived (set inside the handler, before any byte is read).
    static var stopRequested: Bool { stopSignalled.load(ordering: .sequentiallyConsistent) }

    /// Installs the handlers and returns the non-blocking read end of the pipe.
    static func install(_ signals: [Int32]) throws -> Int32 {
        guard let fds = makePipe(nonBlocking: true) else {
            throw SetupError(description: "pipe failed: errno \(errno)")
        }
        signalWriteFD.store(fds.1, ordering: .sequentiallyConsistent)
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { forwardSignal($0) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            guard sigaction(signal, &action, nil) == 0 else {
                throw SetupError(description: "sigaction(\(signal)) failed: errno \(errno)")
            }
        }
        return fds.0
    }

    /// A close-on-exec pipe `(read, write)`; both ends non-blocking when asked.
    static func makePipe(nonBlocking: Bool) -> (Int32, Int32)? {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            if nonBlocking { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        }
        return (fds[0], fds[1])
    }

    /// Every signal number waiting on the pipe, oldest first (empty when none).
    static func drain(_ readFD: Int32) -> [Int32] {
        var signals: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readFD, &buffer, buffer.count)
            if count <= 0 { break }
            signals += buffer[0..<count].map { Int32($0) }
        }
        return signals
    }

    /// Waits up to `milliseconds` for `fds` to become readable; returns the readable ones.
    static func poll(_ fds: [Int32], milliseconds: Int32) -> Set<Int32> {
        var entries = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let ready = Glibc.poll(&entries, nfds_t(entries.count), milliseconds)
        guard ready > 0 else { return [] }
        return Set(entries.filter { $0.revents != 0 }.map(\.fd))
    }
}

import Glibc
import Synchronization

/// Streamed responses (exports) in one worker process: at most `maxConcurrent` at once, each given at most
/// `timeLimit` seconds of wall-clock time (security review F8). A stream holds a thread and an SQLite read
/// snapshot for as long as it runs, and writes block for as long as the reader does not read: at the limit its
/// connection is shut down, so a write blocked on a stalled reader fails at once and the stream ends (the
/// client sees a cut-off download). The worker's main thread calls `enforce` about twice a second.
final class StreamLimits: Sendable {
    private struct Stream {
        let socket: Int32
        let deadline: Double
        var cut = false
    }

    private struct State {
        var nextID = 0
        var streams: [Int: Stream] = [:]
    }

    let maxConcurrent: Int
    let timeLimit: Double
    private let state = Mutex(State())

    init(maxConcurrent: Int, timeLimit: Double) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.timeLimit = timeLimit
    }

    /// Registers a stream about to be written to `socket`; nil when `maxConcurrent` are already running.
    func admit(socket: Int32, now: Double = WorkerPool.now()) -> Int? {
        state.withLock { state in
            guard state.streams.count < maxConcurrent else { return nil }
            state.nextID += 1
            state.streams[state.nextID] = Stream(socket: socket, deadline: now + timeLimit)
            return state.nextID
        }
    }

    /// Ends a stream; true when it was cut at its time limit. Call before the connection is closed: once
    /// released, `enforce` no longer touches its socket (whose number may then be reused).
    func release(_ id: Int) -> Bool {
        state.withLock { $0.streams.removeValue(forKey: id)?.cut ?? false }
    }

    /// Shuts down the connection of every stream past its deadline; answers how many were cut now.
    @discardableResult
    func enforce(now: Double = WorkerPool.now()) -> Int {
        state.withLock { state in
            var cut = 0
            for (id, stream) in state.streams where !stream.cut && stream.deadline <= now {
                shutdown(stream.socket, Int32(SHUT_RDWR))
                state.streams[id]?.cut = true
                cut += 1
            }
            return cut
        }
    }

    var running: Int { state.withLock { $0.streams.count } }
}

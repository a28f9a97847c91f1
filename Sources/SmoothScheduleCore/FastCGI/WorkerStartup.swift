import Dispatch
import Synchronization

extension FastCGIWorker {
    /// The start-up barrier: every thread builds its responder, then all accept together (or none do).
    final class Startup: Sendable {
        private let count: Int
        private let built = DispatchSemaphore(value: 0)
        private let gate = DispatchSemaphore(value: 0)
        private let go = Atomic<Bool>(false)
        private let failure = Mutex<(any Error)?>(nil)

        init(count: Int) { self.count = count }

        /// A thread's factory threw: the worker will not start.
        func report(_ error: any Error) {
            failure.withLock { if $0 == nil { $0 = error } }
            built.signal()
        }

        /// Called by a thread whose responder is built; true when it should go on to accept.
        func reportReadyAndWait() -> Bool {
            built.signal()
            gate.wait()
            return go.load(ordering: .sequentiallyConsistent)
        }

        /// Waits for every thread to report; the first factory error, if any.
        func waitForAll() -> (any Error)? {
            for _ in 0..<count { built.wait() }
            return failure.withLock { $0 }
        }

        func release(go shouldGo: Bool) {
            go.store(shouldGo, ordering: .sequentiallyConsistent)
            for _ in 0..<count { gate.signal() }
        }
    }
}

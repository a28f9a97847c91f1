import Glibc

/// The supervisor's worker processes: spawns, signals and reaps them; `WorkerBook` keeps the record of who is
/// starting, serving or retiring and decides what each exit means.
final class WorkerPool {
    let spawner: WorkerSpawner
    private let size: Int
    private let signals: Int32
    var book = WorkerBook()

    init(spawner: WorkerSpawner, size: Int, signals: Int32) {
        self.spawner = spawner
        self.size = size
        self.signals = signals
    }

    var hasPendingRespawns: Bool { !book.respawns.isEmpty }
    var currentPIDs: String { book.servingPIDs.map(String.init).joined(separator: ",") }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    // MARK: - Generations

    func startFirstGeneration() -> Bool {
        startGeneration() != nil
    }

    /// SIGHUP: a full new generation; only once all are ready are the old ones sent SIGTERM.
    func reload() {
        Log.shared.info("reload: starting new workers", ["old": currentPIDs])
        guard let old = startGeneration() else {
            Log.shared.error("reload failed: keeping the old workers", ["old": currentPIDs])
            return
        }
        for pid in old { kill(pid, SIGTERM) }
        Log.shared.info("reload: new workers ready, old ones finishing", ["new": currentPIDs])
    }

    /// Starts `size` workers and waits for each to report ready; on success answers the old workers to stop,
    /// on failure the new ones are stopped and nil is answered.
    private func startGeneration() -> [pid_t]? {
        var started: [WorkerSpawner.Started] = []
        for _ in 0..<size {
            do {
                started.append(try spawner.spawn())
            } catch {
                Log.shared.error("cannot start worker", ["error": String(describing: error)])
                break
            }
        }
        book.beginGeneration(started.map(\.pid))
        let ready = started.count == size ? waitReady(started) : []
        for worker in started { close(worker.readyFD) }
        switch book.finishGeneration(started.map(\.pid), expected: size, ready: ready, now: Self.now()) {
        case .adopted(let old): return old
        case .failed(let stops):
            for stop in stops { kill(stop.pid, stop.signal) }
            return nil
        }
    }

    /// Polls the readiness pipes until all are ready, one dies, the timeout passes, or a stop is requested.
    private func waitReady(_ started: [WorkerSpawner.Started]) -> Set<pid_t> {
        var ready: Set<pid_t> = []
        let deadline = Self.now() + Supervisor.readyTimeoutSeconds
        while ready.count < started.count {
            let remaining = deadline - Self.now()
            guard remaining > 0 else {
                Log.shared.error(
                    "workers not ready within timeout", ["seconds": String(Supervisor.readyTimeoutSeconds)])
                return ready
            }
            let waiting = started.filter { !ready.contains($0.pid) }
            let timeout = Int32(min(remaining, 0.2) * 1000) + 1
            let readable = SignalPipe.poll(waiting.map(\.readyFD) + [signals], milliseconds: timeout)
            if readable.contains(signals) && book.note(SignalPipe.drain(signals)) { reap() }
            if SignalPipe.stopRequested { return ready }
            for worker in waiting where readable.contains(worker.readyFD) {
                var byte: UInt8 = 0
                guard read(worker.readyFD, &byte, 1) == 1 else {
                    Log.shared.error("new worker exited before it was ready", ["pid": String(worker.pid)])
                    return ready
                }
                ready.insert(worker.pid)
            }
        }
        return ready
    }
}

import Glibc

/// The supervisor's worker processes: the current generation, old ones finishing, and replacements due.
final class WorkerPool {
    let spawner: WorkerSpawner
    private let size: Int
    private let signals: Int32
    /// pid → start time (monotonic seconds) of the generation that serves.
    var current: [pid_t: Double] = [:]
    /// Told to stop (old generation, or new workers of a failed reload): their exit is expected.
    var retiring: Set<pid_t> = []
    /// New workers of a generation not yet ready.
    var starting: Set<pid_t> = []
    var respawns: [Double] = []
    var quickDeaths = 0

    init(spawner: WorkerSpawner, size: Int, signals: Int32) {
        self.spawner = spawner
        self.size = size
        self.signals = signals
    }

    var hasPendingRespawns: Bool { !respawns.isEmpty }
    var currentPIDs: String { current.keys.sorted().map(String.init).joined(separator: ",") }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    // MARK: - Generations

    func startFirstGeneration() -> Bool {
        guard let fresh = startGeneration() else { return false }
        current = fresh
        return true
    }

    /// SIGHUP: a full new generation; only once all are ready are the old ones sent SIGTERM.
    func reload() {
        Log.shared.info("reload: starting new workers", ["old": currentPIDs])
        guard let fresh = startGeneration() else {
            Log.shared.error("reload failed: keeping the old workers", ["old": currentPIDs])
            return
        }
        let old = current
        current = fresh
        respawns.removeAll()
        quickDeaths = 0
        for pid in old.keys {
            retiring.insert(pid)
            kill(pid, SIGTERM)
        }
        Log.shared.info("reload: new workers ready, old ones finishing", ["new": currentPIDs])
    }

    /// Starts `size` workers and waits for each to report ready; on failure the new ones are stopped.
    private func startGeneration() -> [pid_t: Double]? {
        var started: [WorkerSpawner.Started] = []
        for _ in 0..<size {
            do {
                started.append(try spawner.spawn())
            } catch {
                Log.shared.error("cannot start worker", ["error": String(describing: error)])
                break
            }
        }
        starting = Set(started.map(\.pid))
        let ready = started.count == size ? waitReady(started) : []
        starting = []
        for worker in started { close(worker.readyFD) }
        if ready.count == size {
            let now = Self.now()
            return Dictionary(uniqueKeysWithValues: ready.map { ($0, now) })
        }
        for worker in started {
            retiring.insert(worker.pid)
            // Ready ones may hold a request: let them finish it. The rest may be stuck: kill outright.
            kill(worker.pid, ready.contains(worker.pid) ? SIGTERM : SIGKILL)
        }
        return nil
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
            if readable.contains(signals) && SignalPipe.drain(signals).contains(SIGCHLD) { reap() }
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

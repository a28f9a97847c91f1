import Glibc

/// The supervisor's record of its worker processes: pure state, no system calls, so it is unit-tested with
/// made-up pids. `WorkerPool` does the spawning, killing and reaping and asks the book what each event means.
struct WorkerBook {
    /// What one worker process is doing.
    enum Role: Equatable {
        /// Part of a generation being started; not serving yet.
        case starting
        /// Serving since the given monotonic time.
        case serving(since: Double)
        /// Told to stop (old generation, or a failed start): its exit is expected.
        case retiring
    }

    /// What the exit of a reaped child meant.
    enum Exit: Equatable {
        case retired
        case diedStarting
        case diedServing(restartIn: Double)
        case unknown
    }

    /// How a generation's start ended.
    enum Outcome: Equatable {
        /// Every new worker is ready and serving: stop these old ones (SIGTERM).
        case adopted(stopping: [pid_t])
        /// The new workers are retired: signal each (SIGTERM when it was ready, SIGKILL otherwise).
        case failed(signals: [Signal])
    }

    struct Signal: Equatable {
        let pid: pid_t
        let signal: Int32
    }

    private(set) var roles: [pid_t: Role] = [:]
    /// Monotonic times at which a replacement worker is due.
    private(set) var respawns: [Double] = []
    private var quickDeaths = 0
    private var startingNow = false

    var servingPIDs: [pid_t] {
        roles.compactMap { if case .serving = $0.value { $0.key } else { nil } }.sorted()
    }
    var allPIDs: [pid_t] { roles.keys.sorted() }
    func role(of pid: pid_t) -> Role? { roles[pid] }

    // MARK: - Generations

    /// New workers were spawned for a generation and are now waiting to report ready.
    mutating func beginGeneration(_ pids: [pid_t]) {
        startingNow = true
        for pid in pids { roles[pid] = .starting }
    }

    /// The wait for a generation ended: `pids` were spawned (of `expected`), `ready` of them reported ready.
    mutating func finishGeneration(_ pids: [pid_t], expected: Int, ready: Set<pid_t>, now: Double) -> Outcome {
        startingNow = false
        if pids.count == expected && ready.count == pids.count {
            let old = servingPIDs
            for pid in old { roles[pid] = .retiring }
            for pid in pids { roles[pid] = .serving(since: now) }
            respawns.removeAll()
            quickDeaths = 0
            return .adopted(stopping: old)
        }
        var signals: [Signal] = []
        for pid in pids {
            roles[pid] = .retiring
            // Ready ones may hold a request: let them finish it. The rest may be stuck: kill outright.
            signals.append(Signal(pid: pid, signal: ready.contains(pid) ? SIGTERM : SIGKILL))
        }
        return .failed(signals: signals)
    }

    // MARK: - Exits and replacements

    /// A child was reaped.
    mutating func exited(_ pid: pid_t, now: Double) -> Exit {
        guard let role = roles[pid] else { return .unknown }
        switch role {
        case .retiring:
            roles[pid] = nil
            return .retired
        case .starting:
            return .diedStarting  // seen by the wait as EOF on its pipe
        case .serving(let since):
            roles[pid] = nil
            // A worker that dies within 1 s of start is crash-looping: back off 1, 2, 4 … 30 s.
            var delay = 0.0
            if now - since < 1 {
                quickDeaths += 1
                delay = min(30, Double(1 << min(quickDeaths - 1, 5)))
            } else {
                quickDeaths = 0
            }
            respawns.append(now + delay)
            return .diedServing(restartIn: delay)
        }
    }

    /// Takes the replacements due by `now` off the schedule; the caller spawns that many.
    mutating func takeDueRespawns(now: Double) -> Int {
        let due = respawns.filter { $0 <= now }.count
        respawns.removeAll { $0 <= now }
        return due
    }

    /// A replacement could not be spawned: try again at `at`.
    mutating func retryRespawn(at time: Double) { respawns.append(time) }

    /// A replacement worker was spawned; it serves as soon as it accepts (it is not waited for).
    mutating func replaced(_ pid: pid_t, now: Double) { roles[pid] = .serving(since: now) }

    // MARK: - Signals

    /// Signals drained from the supervisor's pipe; answers whether a child exited (time to reap).
    /// SIGHUP is kept for `takeReload()`.
    mutating func note(_ signals: [Int32]) -> Bool {
        if signals.contains(SIGHUP) && !startingNow { reloadPending = true }
        return signals.contains(SIGCHLD)
    }

    private var reloadPending = false

    /// Whether a SIGHUP asked for a reload since the last call.
    mutating func takeReload() -> Bool {
        defer { reloadPending = false }
        return reloadPending
    }

    /// Everything is stopped.
    mutating func clear() {
        roles.removeAll()
        respawns.removeAll()
    }
}

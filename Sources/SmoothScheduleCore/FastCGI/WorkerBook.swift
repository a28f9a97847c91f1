import Glibc

/// The supervisor's record of its worker processes: pure state, no system calls, so it is unit-tested with
/// made-up pids. `WorkerPool` does the spawning, killing and reaping and asks the book what each event means.
///
/// A pid is in the book exactly while its process is a child not yet reaped, with one role. The kernel never
/// gives a pid to a new process before the old one is reaped, so an entry always names one process: a reaped
/// worker leaves the book at once (whatever its role), nothing is ever signalled or waited for by a stale pid,
/// and a later worker that gets the same pid is a new entry (security review F14).
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
    private var reloadPending = false

    var servingPIDs: [pid_t] {
        roles.compactMap { if case .serving = $0.value { $0.key } else { nil } }.sorted()
    }
    var allPIDs: [pid_t] { roles.keys.sorted() }
    func role(of pid: pid_t) -> Role? { roles[pid] }

    // MARK: - Generations

    /// New workers were spawned for a generation and are now waiting to report ready.
    mutating func beginGeneration(_ pids: [pid_t]) {
        for pid in pids { roles[pid] = .starting }
    }

    /// The wait for a generation ended: `pids` were spawned (of `expected`), `ready` of them reported ready.
    /// Adopted only when all `expected` were spawned, reported ready and are still alive.
    mutating func finishGeneration(_ pids: [pid_t], expected: Int, ready: Set<pid_t>, now: Double) -> Outcome {
        // A new worker that died during the wait (even after reporting ready) fails the generation.
        let alive = pids.allSatisfy { roles[$0] == .starting }
        if alive && pids.count == expected && pids.allSatisfy(ready.contains) {
            let old = servingPIDs
            for pid in old { roles[pid] = .retiring }
            for pid in pids { roles[pid] = .serving(since: now) }
            respawns.removeAll()
            quickDeaths = 0
            return .adopted(stopping: old)
        }
        var signals: [Signal] = []
        // Only the ones still alive (not reaped during the wait) are signalled and expected to exit.
        for pid in pids where roles[pid] == .starting {
            roles[pid] = .retiring
            // Ready ones may hold a request: let them finish it. The rest may be stuck: kill outright.
            signals.append(Signal(pid: pid, signal: ready.contains(pid) ? SIGTERM : SIGKILL))
        }
        return .failed(signals: signals)
    }

    // MARK: - Exits and replacements

    /// A child was reaped.
    mutating func exited(_ pid: pid_t, now: Double) -> Exit {
        guard let role = roles.removeValue(forKey: pid) else { return .unknown }
        switch role {
        case .retiring:
            return .retired
        case .starting:
            roles[pid] = nil  // the wait sees it as EOF on its pipe; the generation then fails
            return .diedStarting
        case .serving(let since):
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

    /// Signals drained from the supervisor's pipe, wherever they were read (also while a generation is
    /// starting); answers whether a child exited (time to reap). A SIGHUP is kept until `takeReload()`, so one
    /// that arrives during a start is not lost: the reload runs once that start is over.
    mutating func note(_ signals: [Int32]) -> Bool {
        if signals.contains(SIGHUP) { reloadPending = true }
        return signals.contains(SIGCHLD)
    }

    var reloadIsPending: Bool { reloadPending }

    /// Whether a SIGHUP asked for a reload since the last call (several SIGHUPs make one reload).
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

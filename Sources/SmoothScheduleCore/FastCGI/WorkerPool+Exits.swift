import Glibc

extension WorkerPool {
    /// Collects every exited child (SIGCHLD) and schedules replacements for unexpected deaths.
    func reap() {
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, WNOHANG)
            if pid <= 0 { return }
            handleExit(pid, status: status)
        }
    }

    /// Replaces dead workers whose back-off has passed.
    func respawnDue() {
        let now = Self.now()
        let due = respawns.filter { $0 <= now }
        guard !due.isEmpty else { return }
        respawns.removeAll { $0 <= now }
        for _ in due {
            do {
                let worker = try spawner.spawn()
                close(worker.readyFD)  // a replacement is not waited for; it starts accepting when it can
                current[worker.pid] = now
                Log.shared.info("worker replaced", ["pid": String(worker.pid)])
            } catch {
                Log.shared.error("cannot replace worker", ["error": String(describing: error)])
                respawns.append(now + 1)
            }
        }
    }

    /// SIGTERM to every worker, then waits for all of them: in-flight requests finish first.
    func stopAll() {
        let all = Set(current.keys).union(retiring).union(starting)
        for pid in all { kill(pid, SIGTERM) }
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, 0)
            if pid > 0 {
                Log.shared.info("worker exited", ["pid": String(pid), "status": Self.describe(status)])
                continue
            }
            if errno == EINTR { continue }
            break  // ECHILD: none left
        }
        current.removeAll()
        retiring.removeAll()
        respawns.removeAll()
    }

    private func handleExit(_ pid: pid_t, status: Int32) {
        if retiring.remove(pid) != nil {
            Log.shared.info("old worker exited", ["pid": String(pid), "status": Self.describe(status)])
            return
        }
        if starting.contains(pid) { return }  // seen by waitReady as EOF on its pipe
        guard let startedAt = current.removeValue(forKey: pid) else { return }
        let now = Self.now()
        // A worker that dies within 1 s of start is crash-looping: back off 1, 2, 4 … 30 s.
        var delay = 0.0
        if now - startedAt < 1 {
            quickDeaths += 1
            delay = min(30, Double(1 << min(quickDeaths - 1, 5)))
        } else {
            quickDeaths = 0
        }
        respawns.append(now + delay)
        Log.shared.error(
            "worker died unexpectedly",
            ["pid": String(pid), "status": Self.describe(status), "restart_in_s": String(delay)])
    }

    /// `exit 3` or `signal 9`, decoded by hand (WIFEXITED and friends are C macros).
    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        return signal == 0 ? "exit \((status >> 8) & 0xff)" : "signal \(signal)"
    }
}

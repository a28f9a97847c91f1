import Glibc

extension WorkerPool {
    /// Collects every exited child (SIGCHLD) and schedules replacements for unexpected deaths.
    func reap() {
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, WNOHANG)
            if pid <= 0 { return }
            let (id, code) = (String(pid), Self.describe(status))
            switch book.exited(pid, now: Self.now()) {
            case .retired: Log.shared.info("old worker exited", ["pid": id, "status": code])
            case .diedStarting, .unknown: break  // a new worker's death is seen by waitReady as EOF on its pipe
            case .diedServing(let delay):
                Log.shared.error(
                    "worker died unexpectedly", ["pid": id, "status": code, "restart_in_s": String(delay)])
            }
        }
    }

    /// Replaces dead workers whose back-off has passed.
    func respawnDue() {
        let now = Self.now()
        for _ in 0..<book.takeDueRespawns(now: now) {
            do {
                let worker = try spawner.spawn()
                close(worker.readyFD)  // a replacement is not waited for; it starts accepting when it can
                book.replaced(worker.pid, now: now)
                Log.shared.info("worker replaced", ["pid": String(worker.pid)])
            } catch {
                Log.shared.error("cannot replace worker", ["error": String(describing: error)])
                book.retryRespawn(at: now + 1)
            }
        }
    }

    /// SIGTERM to every worker, then waits for all of them: in-flight requests finish first.
    func stopAll() {
        for pid in book.allPIDs { kill(pid, SIGTERM) }
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
        book.clear()
    }

    /// `exit 3` or `signal 9`, decoded by hand (WIFEXITED and friends are C macros).
    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        return signal == 0 ? "exit \((status >> 8) & 0xff)" : "signal \(signal)"
    }
}

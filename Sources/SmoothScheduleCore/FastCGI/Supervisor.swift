import Glibc

/// How `serve` runs: where to listen, how many worker processes, and how to start one.
public struct SupervisorOptions: Sendable {
    public var address: ListenAddress
    /// Group of a unix socket created by `serve` (name or gid; nil: the process's group). Mode is 0660.
    public var socketGroup: String?
    public var workers: Int
    /// Threads per worker; informational here (the CLI puts it in `workerArguments`).
    public var threads: Int
    public var pidFile: String?
    /// `listen()` backlog: size it for requests/s × restart time (FIELD-NOTES).
    public var backlog: Int
    /// Arguments (after the executable path) that start one worker process, e.g. ["serve-worker", "--threads", "4"].
    public var workerArguments: [String]

    public init(
        address: ListenAddress, workers: Int = 2, threads: Int = 4, pidFile: String? = nil, backlog: Int = 1024,
        workerArguments: [String]
    ) {
        self.address = address
        self.workers = workers
        self.threads = threads
        self.pidFile = pidFile
        self.backlog = backlog
        self.workerArguments = workerArguments
    }
}

/// The `serve` process (API.md §11): owns the listening socket for its whole life and runs the workers.
/// SIGHUP swaps in workers from the binary now on disk (new ones ready before old ones stop); SIGTERM or
/// SIGINT stops them all gracefully; a worker that dies is replaced.
public enum Supervisor {
    static let readyTimeoutSeconds = 30.0

    /// Owns the listening socket for its whole life; runs `workers` worker processes;
    /// returns the exit status (0 on SIGTERM or SIGINT, 1 when the first workers never become ready).
    public static func run(_ options: SupervisorOptions) throws -> Int32 {
        let executable = try WorkerSpawner.currentExecutable()
        signal(SIGPIPE, SIG_IGN)
        let signals = try SignalPipe.install([SIGCHLD, SIGHUP, SIGTERM, SIGINT])
        let listenFD = try ListenSocket.open(
            options.address, backlog: max(options.backlog, 1024), group: options.socketGroup)
        if let pidFile = options.pidFile { try writePIDFile(pidFile) }
        let spawner = WorkerSpawner(executable: executable, arguments: options.workerArguments, listenFD: listenFD)
        let pool = WorkerPool(spawner: spawner, size: max(1, options.workers), signals: signals)
        defer { cleanUp(options, listenFD: listenFD) }
        Log.shared.info(
            "supervisor starting",
            ["executable": executable, "workers": String(options.workers), "threads": String(options.threads)])
        guard pool.startFirstGeneration() else {
            Log.shared.error("workers failed to start; exiting")
            pool.stopAll()
            return 1
        }
        Log.shared.info("supervisor ready", ["workers": pool.currentPIDs])
        while true {
            let wait: Int32 = pool.book.reloadIsPending ? 0 : pool.hasPendingRespawns ? 100 : 1000
            _ = SignalPipe.poll([signals], milliseconds: wait)
            if pool.book.note(SignalPipe.drain(signals)) { pool.reap() }
            if !SignalPipe.stopRequested && pool.book.takeReload() { pool.reload() }
            if SignalPipe.stopRequested {
                Log.shared.info("supervisor stopping")
                pool.stopAll()
                Log.shared.info("supervisor stopped")
                return 0
            }
            pool.respawnDue()
        }
    }

    private static func writePIDFile(_ path: String) throws {
        let text = "\(getpid())\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ListenSocket.OpenError(description: "cannot write pid file \(path): \(reason)")
        }
        _ = text.withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }

    private static func cleanUp(_ options: SupervisorOptions, listenFD: Int32) {
        close(listenFD)
        if case .unixSocket(let path) = options.address { unlink(path) }
        if let pidFile = options.pidFile { unlink(pidFile) }
    }
}

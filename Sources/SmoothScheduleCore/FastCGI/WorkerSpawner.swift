import Glibc

/// Starts worker processes: the binary resolved once at supervisor start, the listening socket as fd 0,
/// a readiness pipe as fd 3 (`--ready-fd 3`), the environment inherited.
struct WorkerSpawner {
    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }

    /// A started worker: its pid and the read end of its readiness pipe (one byte = ready, EOF = died).
    struct Started {
        let pid: pid_t
        let readyFD: Int32
    }

    let executable: String
    let arguments: [String]
    let listenFD: Int32

    /// readlink("/proc/self/exe"): after a deploy replaces the file, SIGHUP starts the new binary.
    static func currentExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { throw SpawnError(description: "readlink /proc/self/exe failed: errno \(errno)") }
        let bytes = buffer[0..<count].map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    func spawn() throws -> Started {
        guard let (readEnd, writeEnd) = SignalPipe.makePipe(nonBlocking: false) else {
            throw SpawnError(description: "pipe failed: errno \(errno)")
        }
        defer { close(writeEnd) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies; every other supervisor fd stays behind.
        posix_spawn_file_actions_adddup2(&actions, listenFD, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGUSR1] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments + ["--ready-fd", "3"]).map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else {
            close(readEnd)
            throw SpawnError(description: "posix_spawn \(executable) failed: \(String(cString: strerror(status)))")
        }
        return Started(pid: pid, readyFD: readEnd)
    }
}

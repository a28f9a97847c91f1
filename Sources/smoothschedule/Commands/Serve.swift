// `serve` and `serve-worker`: wires the FastCGI supervisor and worker (Core/FastCGI) to the command line.
import Foundation
import SmoothScheduleCore

/// Parses `serve` / `serve-worker` flags and runs them.
enum ServeCommand {
    static func run(_ command: String, _ rest: [String], config: Config) throws -> Int32 {
        var flags: [String: String] = [:]
        var i = 0
        while i < rest.count {
            let key = rest[i]
            guard key.hasPrefix("--"), i + 1 < rest.count else { throw CommandError("unexpected argument '\(key)'") }
            flags[String(key.dropFirst(2))] = rest[i + 1]
            i += 2
        }
        let threads = Int(flags["threads"] ?? "4") ?? 4
        if command == "serve-worker" {
            let ready = flags["ready-fd"].flatMap { Int32($0) }
            try FastCGIWorker.run(
                listenFD: 0, options: WorkerOptions(threads: threads, maxBodyBytes: config.maxBodyBytes), readyFD: ready,
                makeResponder: { try App.makeResponder(config) })
            return 0
        }
        let db = try App.openDatabase(config)
        try Migrator(db).requireCurrent()
        let address: ListenAddress
        if let socket = flags["socket"] {
            address = .unixSocket(socket)
        } else if let listen = flags["listen"], let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) {
            address = .tcp(host: String(listen[..<colon]), port: port)
        } else {
            address = .inheritedFD0
        }
        let options = SupervisorOptions(
            address: address, workers: Int(flags["workers"] ?? "2") ?? 2, threads: threads, pidFile: flags["pid-file"],
            workerArguments: ["serve-worker", "--threads", String(threads)])
        return try Supervisor.run(options)
    }
}

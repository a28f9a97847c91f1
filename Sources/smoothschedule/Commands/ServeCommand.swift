import Foundation
import SmoothScheduleCore

/// `serve` (the supervisor) and `serve-worker` (one worker process it starts).
enum ServeCommand {
    static func serve(_ args: [String], config: Config) throws -> Int32 {
        let a = try Arguments(args, known: ["socket", "listen", "workers", "threads", "pid-file", "backlog"])
        try a.noExtraPositional(after: 0)
        try config.validateForServing()
        try checkDatabase(config)
        let address: ListenAddress
        switch (a.option("socket"), a.option("listen")) {
        case (.some, .some): throw CommandError("give --socket or --listen, not both")
        case (.some(let path), nil): address = .unixSocket(path)
        case (nil, .some(let hostPort)):
            do { address = try ListenAddress.tcp(parsing: hostPort) } catch { throw CommandError("\(error)") }
        case (nil, nil): address = .inheritedFD0
        }
        let workers = try a.intOption("workers", default: 2, range: 1...64)
        let threads = try a.intOption("threads", default: 4, range: 1...256)
        var options = SupervisorOptions(
            address: address, workers: workers, threads: threads, pidFile: a.option("pid-file"),
            workerArguments: ["serve-worker", "--threads", String(threads)])
        options.backlog = try a.intOption("backlog", default: 1024, range: 16...65535)
        options.socketGroup = config.values["SMOOTHSCHEDULE_SOCKET_GROUP"].flatMap { $0.isEmpty ? nil : $0 }
        return try Supervisor.run(options)
    }

    static func worker(_ args: [String], config: Config) throws -> Int32 {
        let a = try Arguments(args, known: ["threads", "ready-fd"])
        let threads = try a.intOption("threads", default: 4, range: 1...256)
        let readyFD = a.option("ready-fd").flatMap { Int32($0) }
        try FastCGIWorker.run(
            listenFD: 0, options: WorkerOptions(threads: threads, maxBodyBytes: config.maxBodyBytes), readyFD: readyFD,
            makeResponder: { try App.makeResponder(config) })
        return 0
    }

    /// `serve` refuses a database with pending or unknown migrations (STYLE §6).
    private static func checkDatabase(_ config: Config) throws {
        let db = try App.openDatabase(config)
        try Migrator(db).requireCurrent()
    }
}

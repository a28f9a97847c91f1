import Foundation
import SmoothScheduleCore

/// `serve` (the supervisor) and `serve-worker` (one worker process it starts).
enum ServeCommand {
    static func serve(_ args: [String], config: Config) throws -> Int32 {
        let a = try Arguments(args, known: ["socket", "listen", "workers", "threads", "pid-file", "backlog"])
        try a.noExtraPositional(after: 0)
        try config.validateForServing()
        _ = try streamLimits(config, threads: 1)  // bad values stop `serve` itself, not each worker
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
        let (timeLimit, concurrent) = try streamLimits(config, threads: threads)
        let options = WorkerOptions(
            threads: threads, maxBodyBytes: config.maxBodyBytes, streamTimeLimit: timeLimit,
            maxConcurrentStreams: concurrent)
        try FastCGIWorker.run(
            listenFD: 0, options: options, readyFD: readyFD, makeResponder: { try App.makeResponder(config) })
        return 0
    }

    /// `SMOOTHSCHEDULE_EXPORT_TIME_LIMIT_SECONDS` (default 300) and `SMOOTHSCHEDULE_MAX_CONCURRENT_EXPORTS` (per
    /// worker process; default half its threads): the bounds on streamed exports (security review F8).
    static func streamLimits(_ config: Config, threads: Int) throws -> (Double, Int) {
        func positive(_ key: String, _ fallback: Int) throws -> Int {
            guard let text = config.values[key], !text.isEmpty else { return fallback }
            guard let value = Int(text), value > 0 else {
                throw CommandError("configuration error: \(key) must be a positive integer, got '\(text)'.")
            }
            return value
        }
        let seconds = try positive("SMOOTHSCHEDULE_EXPORT_TIME_LIMIT_SECONDS", 300)
        let concurrent = try positive("SMOOTHSCHEDULE_MAX_CONCURRENT_EXPORTS", max(1, threads / 2))
        return (Double(seconds), concurrent)
    }

    /// `serve` refuses a database with pending or unknown migrations (STYLE §6).
    private static func checkDatabase(_ config: Config) throws {
        let db = try App.openDatabase(config)
        try Migrator(db).requireCurrent()
    }
}

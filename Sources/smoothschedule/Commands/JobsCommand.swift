// `smoothschedule jobs [--once] [--poll-ms N]`: the background job runner (calendar syncs, webhook deliveries);
// `worker` is its old name.
import Foundation
import SmoothScheduleCore

enum JobsCommand {
    static let usage = """
        usage: smoothschedule jobs [--once] [--poll-ms N]     (`worker` is the old name, still accepted)
          Runs calendar sync jobs and sends webhook deliveries (SMOOTHSCHEDULE_WEBHOOK_SENDERS threads) from the
          database until SIGTERM (the current job and deliveries in flight finish first).
          --once       run queued jobs and due deliveries until none are left, then exit
          --poll-ms N  wait N milliseconds between looks at an empty queue (default 500)
        """

    static func run(_ rest: [String], config: Config) throws {
        var once = false
        var poll = 500
        var i = 0
        while i < rest.count {
            switch rest[i] {
            case "--once": once = true
            case "--poll-ms":
                guard i + 1 < rest.count, let n = Int(rest[i + 1]), n > 0 else {
                    throw CommandError("--poll-ms needs a positive number")
                }
                poll = n
                i += 1
            default: throw CommandError("unknown jobs option '\(rest[i])'\n\(usage)")
            }
            i += 1
        }
        // The job runner opens stored tokens: like `serve`, it refuses to start without a usable key (docs/api.md §11).
        try config.validateForServing()
        let deps = try App.dependencies(config)
        try Migrator(deps.db).requireCurrent()
        try JobRunner(deps: deps, runnerID: JobRunner.defaultID()).serve(pollMilliseconds: poll, once: once)
    }
}

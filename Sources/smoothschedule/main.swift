// The `smoothschedule` executable: parses argv and hands each command to SmoothScheduleCore (docs/api.md §11).
import Foundation
import SmoothScheduleCore

let usage = """
    usage: smoothschedule COMMAND
      serve [--socket PATH | --listen HOST:PORT] [--workers N] [--threads N] [--pid-file PATH]
      jobs [--once] [--poll-ms N]         (alias: worker)
      migrate
      tenant create SCHEMA --name NAME [--plan PLAN] [--timezone TZ]
      tenant set SCHEMA KEY=VALUE...      tenant show SCHEMA      tenant list
      domain add SCHEMA DOMAIN
      plan list      plan set PLAN KEY=VALUE...
      user create [--tenant SCHEMA] --email EMAIL --role ROLE [--name NAME] [--password PW]
      token create EMAIL [--tenant SCHEMA]
      demo-data SCHEMA [--appointments N]
      keys rotate      oauth list SCHEMA      oauth refresh SCHEMA ID
      hours show SCHEMA [--resource ID]      hours clear SCHEMA [--resource ID]
      hours set SCHEMA [--resource ID] [--timezone TZ] --rule "mon-fri 09:00-13:00,14:00-18:00" [--rule ...]
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("smoothschedule: \(message)\n".utf8))
    exit(2)
}

func printLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { fail("missing command\n\(usage)") }
if ["jobs", "worker"].contains(command) && arguments.contains(where: { $0 == "--help" || $0 == "-h" }) {
    print(JobsCommand.usage)
    exit(0)
}
if ["-h", "--help", "help"].contains(command) {
    print(usage)
    exit(0)
}

do {
    let config = try Config.load()
    Log.configure(config)
    let rest = Array(arguments.dropFirst())
    switch command {
    case "serve": exit(try ServeCommand.serve(rest, config: config))
    case "serve-worker": exit(try ServeCommand.worker(rest, config: config))
    // `worker` is the job runner's old name, kept as an alias (serve's FastCGI processes are its "workers").
    case "jobs", "worker": try JobsCommand.run(rest, config: config)
    default:
        if [
            "tenant", "user", "token", "domain", "plan", "migrate", "demo-data", "keys", "oauth", "analytics",
            "hours",
        ].contains(command) == false {
            fail("unknown command '\(command)'\n\(usage)")
        }
        try Commands.run(command, rest, config: config)
    }
} catch let error as CommandError {
    fail(error.message)
} catch let error as ConfigError {
    fail("configuration error: \(error.message)")
} catch {
    fail("\(error)")
}

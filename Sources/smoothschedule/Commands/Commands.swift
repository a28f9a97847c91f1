import Foundation
import SmoothScheduleCore

/// Commands that work on the database directly.
enum Commands {
    static func run(_ command: String, _ rest: [String], config: Config) throws {
        let db = try App.openDatabase(config)
        let now = Dependencies.systemClock()
        if command != "migrate" { try Migrator(db).requireCurrent() }
        switch command {
        case "demo-data":
            try DemoData(db: db, now: now, output: printLine).run(rest)
        default:
            try AdminCommands(db: db, config: config, now: now, output: printLine).run([command] + rest)
        }
    }
}

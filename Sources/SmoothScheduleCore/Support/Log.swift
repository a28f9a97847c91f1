import Foundation
import Synchronization

/// One stderr line per event: `level=info msg="request" key=value …` (docs/style.md §7).
/// Never pass tokens, Authorization headers, OAuth codes or state, passwords or SQL values.
public struct Log: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case debug, info, warning, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        var name: String { ["debug", "info", "warning", "error"][rawValue] }
    }

    public var minimum: Level

    /// The process's log, at the level `configure` set (`SMOOTHSCHEDULE_LOG_LEVEL` from the environment or
    /// the configuration file), else the environment's.
    public static var shared: Log { Log(minimum: Level(rawValue: sharedLevel.load(ordering: .relaxed)) ?? .info) }
    private static let sharedLevel = Atomic<Int>(
        level(named: ProcessInfo.processInfo.environment["SMOOTHSCHEDULE_LOG_LEVEL"]).rawValue)

    public init(minimum: Level = .info) { self.minimum = minimum }

    /// Sets the level of `shared` from the configuration; the commands call it once, right after loading it.
    public static func configure(_ config: Config) {
        sharedLevel.store(config.logLevel.rawValue, ordering: .relaxed)
    }

    /// `debug`, `warning`, `error`; anything else (unset included) is `info`.
    static func level(named name: String?) -> Level {
        switch name?.lowercased() {
        case "debug": return .debug
        case "warning": return .warning
        case "error": return .error
        default: return .info
        }
    }

    public func debug(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        emit(.debug, message, fields)
    }
    public func info(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) { emit(.info, message, fields) }
    public func warning(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        emit(.warning, message, fields)
    }
    public func error(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        emit(.error, message, fields)
    }

    private func emit(_ level: Level, _ message: String, _ fields: KeyValuePairs<String, String>) {
        guard level >= minimum else { return }
        var line = "ts=\(Self.timestamp()) level=\(level.name) pid=\(getpid()) msg=\(Self.quote(message))"
        for (key, value) in fields { line += " \(key)=\(Self.quote(value))" }
        line += "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    private static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        return String(format: "%ld.%03d", tv.tv_sec, Int(tv.tv_usec / 1000))
    }
}

import Foundation

/// One stderr line per event: `level=info msg="request" key=value …` (docs/style.md §7).
/// Never pass tokens, Authorization headers, OAuth codes or state, passwords or SQL values.
public struct Log: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case debug, info, warning, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        var name: String { ["debug", "info", "warning", "error"][rawValue] }
    }

    public var minimum: Level
    public static let shared = Log(minimum: Log.levelFromEnvironment())

    public init(minimum: Level = .info) { self.minimum = minimum }

    private static func levelFromEnvironment() -> Level {
        switch ProcessInfo.processInfo.environment["SMOOTHSCHEDULE_LOG_LEVEL"]?.lowercased() {
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

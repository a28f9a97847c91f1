/// A command-line mistake: exit non-zero with this one line on stderr (docs/api.md §11).
public struct CommandError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// argv after the command words: `--flag value` options and positional arguments, with unknown flags refused.
public struct Arguments {
    public private(set) var positional: [String] = []
    private var options: [String: String] = [:]

    /// `known` are the flags that take a value; `switches` take none.
    public init(_ args: [String], known: Set<String>, switches: Set<String> = []) throws {
        var i = 0
        while i < args.count {
            let arg = args[i]
            if arg.hasPrefix("--") {
                var name = String(arg.dropFirst(2))
                var value: String?
                if let eq = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if switches.contains(name) {
                    options[name] = value ?? "true"
                } else if known.contains(name) {
                    if value == nil {
                        i += 1
                        guard i < args.count else { throw CommandError("--\(name) needs a value") }
                        value = args[i]
                    }
                    options[name] = value
                } else {
                    throw CommandError("unknown option --\(name)")
                }
            } else {
                positional.append(arg)
            }
            i += 1
        }
    }

    public func option(_ name: String) -> String? { options[name] }
    public func flag(_ name: String) -> Bool { options[name] == "true" }

    public func require(_ name: String) throws -> String {
        guard let value = options[name], !value.isEmpty else { throw CommandError("--\(name) is required") }
        return value
    }

    public func intOption(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = options[name] else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw CommandError(
                "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return n
    }

    public func positional(_ index: Int, _ what: String) throws -> String {
        guard index < positional.count else { throw CommandError("missing \(what)") }
        return positional[index]
    }

    public func noExtraPositional(after count: Int) throws {
        if positional.count > count { throw CommandError("unexpected argument '\(positional[count])'") }
    }
}

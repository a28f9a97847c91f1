// The route table's own checks, run when a dispatcher starts (docs/style.md §5: a programmer error caught at
// start-up) and by RouteTableTests.

/// Orders routes so that matching never depends on their position in `Routes.all`, as a trie router would (a
/// literal segment before a parameter, level by level), and finds what would make a table wrong: the same path
/// twice (the second could never match), a method listed twice, a tenant handler behind an access rule that does
/// not prove a tenant member.
public enum RouteTable {
    /// Most specific first: at the first segment where two patterns differ in kind, the literal one wins
    /// (`/api/events/sync_from_calendar/` before `/api/events/<id>/`, and `/api/calendar/sync/<job_id>/` before
    /// `/api/calendar/<id>/calendars/`, wherever either is listed). Stable otherwise.
    public static func ordered(_ routes: [Route]) -> [Route] {
        routes.enumerated().sorted { a, b in
            let ka = shape(a.element.pattern)
            let kb = shape(b.element.pattern)
            return ka == kb ? a.offset < b.offset : ka.lexicographicallyPrecedes(kb)
        }.map(\.element)
    }

    /// Every problem of the table, as sentences; empty for a good table.
    public static func problems(_ routes: [Route]) -> [String] {
        var problems: [String] = []
        for (i, a) in routes.enumerated() {
            for b in routes[(i + 1)...] {
                if isDuplicate(a.pattern, b.pattern) {
                    problems.append("\(a.pattern.path) and \(b.pattern.path) are the same path.")
                }
            }
            var seen: Set<String> = []
            for method in a.methods {
                if !seen.insert(method.method).inserted {
                    problems.append("\(a.pattern.path) lists \(method.method) twice.")
                }
                let access = a.access.merged(with: method)
                if case .tenant = method.handler, !(access.needsUser && access.needsTenant) {
                    problems.append(
                        "\(method.method) \(a.pattern.path) has a tenant handler but its access rule does not need a "
                            + "tenant member.")
                }
            }
        }
        return problems
    }

    /// The same literals at the same places and parameters elsewhere: one of the two can never match.
    static func isDuplicate(_ a: PathPattern, _ b: PathPattern) -> Bool {
        guard a.segments.count == b.segments.count else { return false }
        return zip(a.segments, b.segments).allSatisfy { x, y in
            switch (x, y) {
            case (.literal(let l), .literal(let r)): return l == r
            case (.parameter, .parameter): return true
            default: return false
            }
        }
    }

    /// The kinds of a pattern's segments: 0 for a literal, 1 for a parameter, after the segment count.
    private static func shape(_ pattern: PathPattern) -> [Int] {
        [pattern.segments.count]
            + pattern.segments.map {
                if case .literal = $0 { return 0 }
                return 1
            }
    }
}

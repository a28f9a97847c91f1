// Busy time: what makes a resource unavailable (docs/api.md §5, §7).

/// An interval during which a resource is taken, and what takes it.
public struct BusyBlock: Sendable, Equatable {
    public let start: Int64
    public let end: Int64
    /// "appointment" (and, once calendar sync lands, its imported events).
    public let source: String
    public let id: Int
}

/// Something that can make a resource busy. Appointments are the first source; calendar sync's imported
/// busy events (docs/api.md §7: events marked free or cancelled excluded) join by conforming and being added
/// to `ConflictChecker.sources(_:)`.
public protocol BusySource {
    /// Blocks of `resourceID` overlapping [start, end); `excludingAppointment` is the row being edited.
    func busyBlocks(tenantID: Int, resourceID: Int, start: Int64, end: Int64, excludingAppointment: Int?) throws
        -> [BusyBlock]
}

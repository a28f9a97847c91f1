// Busy time: what makes a resource unavailable (docs/api.md §5, §7).

/// An interval during which a resource is taken, and what takes it.
public struct BusyBlock: Sendable, Equatable {
    public let start: Int64
    public let end: Int64
    /// What takes it: "appointment", or "calendar_event" (an imported busy event or a manual busy block).
    public let source: String
    public let id: Int
}

/// Something that can make a resource busy: appointments (`AppointmentStore`) and calendar events
/// (`CalendarEventStore`: imported and manual, those marked free or cancelled excluded; docs/api.md §7). The
/// conflict check asks every source listed in `ConflictChecker.sources(_:)`.
public protocol BusySource {
    /// Blocks of `resourceID` overlapping [start, end); `excludingAppointment` is the row being edited.
    func busyBlocks(tenantID: Int, resourceID: Int, start: Int64, end: Int64, excludingAppointment: Int?) throws
        -> [BusyBlock]
}

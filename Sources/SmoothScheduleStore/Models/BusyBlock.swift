// Busy time: what makes a resource unavailable (docs/api.md §5, §7, §13).

/// An interval during which a resource is taken, and what takes it.
public struct BusyBlock: Sendable, Equatable {
    public let start: Int64
    public let end: Int64
    /// What takes it: "appointment" (the appointment widened by its service's buffers), or "calendar_event" (an
    /// imported busy event or a manual busy block).
    public let source: String
    public let id: Int
}

/// Something that can make a resource busy. `AvailabilityStore` is the one definition of busy time (appointments
/// with buffers, busy calendar events), used by the booking check and by free slots alike.
public protocol BusySource {
    /// Blocks of `resourceID` overlapping [start, end); `excludingAppointment` is the row being edited.
    func busyBlocks(tenantID: Int, resourceID: Int, start: Int64, end: Int64, excludingAppointment: Int?) throws
        -> [BusyBlock]
}

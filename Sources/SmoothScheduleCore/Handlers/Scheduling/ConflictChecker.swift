// Double-booking checks (docs/api.md §5, §7, §13): a resource cannot be in two places at once.

/// Asks every busy source whether a resource is free. Runs inside the write transaction of the insert or
/// update it guards, so two concurrent bookings cannot both pass.
public struct ConflictChecker {
    let sources: [any BusySource]

    public init(sources: [any BusySource]) { self.sources = sources }

    /// The hook point: every source of busy time. One source, so free slots and bookings agree.
    public static func sources(_ db: Database) -> [any BusySource] {
        [AvailabilityStore(db)]
    }

    public init(_ db: Database) { self.init(sources: Self.sources(db)) }

    public func busyBlocks(tenantID: Int, resourceID: Int, start: Int64, end: Int64, excludingAppointment: Int? = nil)
        throws -> [BusyBlock]
    {
        try sources.flatMap {
            try $0.busyBlocks(
                tenantID: tenantID, resourceID: resourceID, start: start, end: end,
                excludingAppointment: excludingAppointment)
        }
    }

    /// Throws 409 `conflict` if anything holds the resource in [start, end).
    public func requireFree(tenantID: Int, resourceID: Int, start: Int64, end: Int64, excludingAppointment: Int? = nil)
        throws
    {
        let blocks = try busyBlocks(
            tenantID: tenantID, resourceID: resourceID, start: start, end: end,
            excludingAppointment: excludingAppointment)
        guard let first = blocks.first else { return }
        throw APIError.conflict(
            "This resource is already booked from \(ISOTime.format(first.start)) to \(ISOTime.format(first.end)).",
            extra: [
                (
                    "conflicts",
                    .array(
                        blocks.prefix(20).map {
                            [
                                "source": .string($0.source), "id": .int(Int64($0.id)),
                                "start_time": .string(ISOTime.format($0.start)),
                                "end_time": .string(ISOTime.format($0.end)),
                            ]
                        })
                )
            ])
    }
}

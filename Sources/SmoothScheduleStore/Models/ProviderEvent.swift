import Foundation

/// An event as a provider describes it, normalised to UTC instants.
public struct ProviderEvent: Sendable, Equatable {
    public var providerID: String
    public var title: String
    public var start: Int64
    public var end: Int64
    public var isAllDay: Bool
    public var isBusy: Bool

    public init(providerID: String, title: String, start: Int64, end: Int64, isAllDay: Bool, isBusy: Bool) {
        self.providerID = providerID
        self.title = title
        self.start = start
        self.end = end
        self.isAllDay = isAllDay
        self.isBusy = isBusy
    }
}

/// One item of a provider listing: an event to store, or the id of one to remove (cancelled or deleted).
public enum EventChange: Sendable, Equatable {
    case upsert(ProviderEvent)
    case remove(String)
}

import Foundation

/// Runs one sync job against a provider: full or incremental, page by page, each page applied in one
/// transaction; the cursor is saved only when the whole listing completed (API.md §7).
public struct CalendarSyncEngine {
    let db: Database
    let http: any HTTPClient
    let config: Config
    let tokens: any CalendarTokenSource
    let clock: () -> Int64
    /// Called after each page and, through `ProviderCaller`, around every request and during throttle waits;
    /// throws to stop (the job was taken over by another worker).
    var heartbeat: () throws -> Void = {}
    var sleep: (Double) -> Void = { seconds in usleep(UInt32(seconds * 1_000_000)) }

    public init(
        db: Database, http: any HTTPClient, config: Config, tokens: any CalendarTokenSource,
        clock: @escaping () -> Int64
    ) {
        self.db = db
        self.http = http
        self.config = config
        self.tokens = tokens
        self.clock = clock
    }

    /// What one run did.
    public struct Outcome: Sendable {
        public var counts = SyncCounts()
        public var kind = "full"
        public var requests = 0
        public var pages = 0
    }

    /// Page sizes: Google `maxResults`, Graph `odata.maxpagesize` (`SMOOTHSCHEDULE_SYNC_PAGE_SIZE` overrides both).
    var pageSize: (google: Int, graph: Int) {
        if let text = config.values["SMOOTHSCHEDULE_SYNC_PAGE_SIZE"], let n = Int(text), n > 0 {
            return (min(n, 2500), min(n, 1000))
        }
        return (1000, 500)
    }

    /// The most pages one job may read (`SMOOTHSCHEDULE_SYNC_MAX_PAGES`, default 10,000): a provider that keeps
    /// sending next links fails the job instead of holding a worker for ever (review F17).
    var maxPages: Int {
        if let text = config.values["SMOOTHSCHEDULE_SYNC_MAX_PAGES"], let n = Int(text), n > 0 { return n }
        return 10_000
    }

    /// `start_date` 00:00 to the day after `end_date` 00:00, in the tenant's zone.
    static func window(_ job: SyncJob, timezone: String) throws -> (Int64, Int64) {
        guard let start = LocalDates.midnight(job.startDate, timezone: timezone),
            let lastDay = LocalDates.midnight(job.endDate, timezone: timezone)
        else { throw SyncFailure("The job's dates are not valid.") }
        let calendar = TimeZones.calendar(timezone)
        let next = calendar.date(byAdding: .day, value: 1, to: Date(timeIntervalSince1970: TimeInterval(lastDay)))
        return (start, next.map { Int64($0.timeIntervalSince1970) } ?? lastDay + 86_400)
    }

    public func run(_ job: SyncJob, credential: OAuthCredential, tenant: Tenant) throws -> Outcome {
        guard CalendarIDs.isUsable(job.calendarID) else {
            throw SyncFailure("The job's calendar id is not valid (\".\" and \"..\" are not calendar ids).")
        }
        let window = try Self.window(job, timezone: tenant.timezone)
        let syncs = CalendarSyncStore(db)
        let state = try syncs.find(tenantID: tenant.id, credentialID: credential.id, calendarID: job.calendarID)
        // Later syncs keep the calendar's resource unless a new one is given (API.md §7).
        let resourceID = job.resourceID ?? state?.resourceID
        if let state, state.resourceID != resourceID {
            try CalendarEventStore(db).assignResource(
                tenantID: tenant.id, credentialID: credential.id, calendarID: job.calendarID, resourceID: resourceID)
        }
        let sameWindow = state?.windowStart == window.0 && state?.windowEnd == window.1
        let listing = makeListing(credential.provider, calendarID: job.calendarID)
        // A cursor that is no longer acceptable is never sent: the sync is full and stores a fresh one.
        var cursor = sameWindow ? state?.syncToken.flatMap { listing.accepts(cursor: $0) ? $0 : nil } : nil
        var caller = ProviderCaller(
            http: http, tokens: tokens, credentialID: credential.id, tenantID: tenant.id,
            providerName: listing.providerName, timeout: max(config.outboundTimeout, 30))
        caller.sleep = sleep
        caller.heartbeat = heartbeat
        let origin = EventOrigin(
            tenantID: tenant.id, credentialID: credential.id, calendarID: job.calendarID,
            source: credential.provider.rawValue, resourceID: resourceID, jobID: job.id)
        var outcome = Outcome()
        while true {
            outcome.kind = cursor == nil ? "full" : "incremental"
            switch try listAll(
                listing, &caller, window: window, cursor: cursor, origin: origin, tenant: tenant, &outcome)
            {
            case .completed(let newCursor):
                if cursor == nil { outcome.counts.deleted += try CalendarEventStore(db).removeUnseen(origin: origin) }
                try syncs.save(
                    tenantID: tenant.id, credentialID: credential.id, calendarID: job.calendarID,
                    provider: credential.provider.rawValue, resourceID: resourceID, window: window,
                    syncToken: newCursor,
                    now: clock())
                outcome.requests = caller.requestsSent
                return outcome
            case .gone:
                // 410: the cursor is dead. Drop it and list everything again; upserts keep it duplicate-free.
                guard cursor != nil else {
                    throw SyncFailure(
                        "\(listing.providerName) ended the listing before it finished (HTTP 410); start the sync again."
                    )
                }
                try syncs.dropToken(tenantID: tenant.id, credentialID: credential.id, calendarID: job.calendarID)
                cursor = nil
            }
        }
    }

    enum ListingEnd {
        case completed(cursor: String?)
        case gone
    }

    private func listAll(
        _ listing: any ProviderListing, _ caller: inout ProviderCaller, window: (Int64, Int64), cursor: String?,
        origin: EventOrigin, tenant: Tenant, _ outcome: inout Outcome
    ) throws -> ListingEnd {
        var url = listing.firstURL(window: window, cursor: cursor)
        while true {
            guard outcome.pages < maxPages else {
                throw SyncFailure(
                    "\(listing.providerName) kept sending more pages: the sync stopped after \(maxPages) pages "
                        + "(SMOOTHSCHEDULE_SYNC_MAX_PAGES). Sync a shorter date range.")
            }
            let response = try caller.get(url, headers: listing.headers)
            if response.status == 410 { return .gone }
            guard let body = response.json else {
                throw SyncFailure("\(listing.providerName) sent a response that is not JSON.")
            }
            let page = try listing.page(body, requestURL: url, tenantTimeZone: tenant.timezone)
            let counts = try CalendarEventStore(db).apply(page.changes, origin: origin, now: clock())
            outcome.counts.created += counts.created
            outcome.counts.updated += counts.updated
            outcome.counts.deleted += counts.deleted
            outcome.pages += 1
            try heartbeat()
            guard let next = page.next else { return .completed(cursor: page.cursor) }
            url = next
        }
    }

    private func makeListing(_ provider: OAuthProvider, calendarID: String) -> any ProviderListing {
        switch provider {
        case .google:
            return GoogleListing(apiURL: config.google.apiURL, calendarID: calendarID, pageSize: pageSize.google)
        case .microsoft:
            return GraphListing(graphURL: config.microsoft.apiURL, calendarID: calendarID, pageSize: pageSize.graph)
        }
    }
}

import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

private func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

@Suite struct GoogleEventParserTests {
    @Test func dateTimeWithOffsetIsConvertedToUTC() throws {
        let item = try json(
            #"{"id":"a","summary":"S","start":{"dateTime":"2025-12-10T09:00:00+09:00"},"end":{"dateTime":"2025-12-10T10:30:00+09:00"}}"#
        )
        let change = GoogleEvents.change(item, tenantTimeZone: "UTC")
        #expect(
            change
                == .upsert(
                    ProviderEvent(
                        providerID: "a", title: "S", start: ISOTime.parse("2025-12-10T00:00:00Z")!,
                        end: ISOTime.parse("2025-12-10T01:30:00Z")!, isAllDay: false, isBusy: true)))
    }

    @Test func allDayIsMidnightInTheTenantZoneWithExclusiveEnd() throws {
        let item = try json(#"{"id":"d","start":{"date":"2025-12-10"},"end":{"date":"2025-12-12"}}"#)
        guard case .upsert(let event)? = GoogleEvents.change(item, tenantTimeZone: "America/New_York") else {
            Issue.record("no event"); return
        }
        #expect(event.isAllDay)
        #expect(event.start == ISOTime.parse("2025-12-10T05:00:00Z"))
        #expect(event.end == ISOTime.parse("2025-12-12T05:00:00Z"))
    }

    @Test func allDayAcrossADaylightSavingChangeKeepsLocalMidnights() throws {
        let item = try json(#"{"id":"d","start":{"date":"2025-03-29"},"end":{"date":"2025-03-31"}}"#)
        guard case .upsert(let event)? = GoogleEvents.change(item, tenantTimeZone: "Europe/Berlin") else {
            Issue.record("no event"); return
        }
        #expect(event.start == ISOTime.parse("2025-03-28T23:00:00Z"))
        #expect(event.end == ISOTime.parse("2025-03-30T22:00:00Z"))
    }

    @Test func transparentIsNotBusy() throws {
        let item = try json(
            #"{"id":"t","transparency":"transparent","start":{"dateTime":"2025-12-10T09:00:00Z"},"end":{"dateTime":"2025-12-10T10:00:00Z"}}"#
        )
        guard case .upsert(let event)? = GoogleEvents.change(item, tenantTimeZone: "UTC") else {
            Issue.record("no event"); return
        }
        #expect(!event.isBusy)
    }

    @Test func cancelledRemoves() throws {
        #expect(
            GoogleEvents.change(try json(#"{"id":"c","status":"cancelled"}"#), tenantTimeZone: "UTC") == .remove("c"))
    }

    @Test func itemWithoutIdOrTimesIsSkipped() throws {
        #expect(GoogleEvents.change(try json(#"{"summary":"x"}"#), tenantTimeZone: "UTC") == nil)
        #expect(GoogleEvents.change(try json(#"{"id":"x","start":{}}"#), tenantTimeZone: "UTC") == nil)
    }
}

@Suite struct GraphEventParserTests {
    @Test func timesWithoutOffsetAreUTC() throws {
        let item = try json(
            #"{"id":"m","subject":"S","start":{"dateTime":"2025-12-02T09:30:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2025-12-02T10:00:00.0000000","timeZone":"UTC"}}"#
        )
        #expect(
            GraphEvents.change(item, tenantTimeZone: "Asia/Tokyo")
                == .upsert(
                    ProviderEvent(
                        providerID: "m", title: "S", start: ISOTime.parse("2025-12-02T09:30:00Z")!,
                        end: ISOTime.parse("2025-12-02T10:00:00Z")!, isAllDay: false, isBusy: true)))
    }

    @Test func removedAndCancelledRemove() throws {
        #expect(
            GraphEvents.change(try json(#"{"id":"r","@removed":{"reason":"deleted"}}"#), tenantTimeZone: "UTC")
                == .remove("r"))
        let cancelled = try json(#"{"id":"c","isCancelled":true,"start":{"dateTime":"2025-12-02T09:30:00"}}"#)
        #expect(GraphEvents.change(cancelled, tenantTimeZone: "UTC") == .remove("c"))
    }

    @Test func showAsFreeIsNotBusyAndAllDayIsTenantMidnight() throws {
        let item = try json(
            #"{"id":"f","isAllDay":true,"showAs":"free","start":{"dateTime":"2025-12-12T00:00:00.0000000"},"end":{"dateTime":"2025-12-13T00:00:00.0000000"}}"#
        )
        guard case .upsert(let event)? = GraphEvents.change(item, tenantTimeZone: "America/Los_Angeles") else {
            Issue.record("no event"); return
        }
        #expect(!event.isBusy && event.isAllDay)
        #expect(event.start == ISOTime.parse("2025-12-12T08:00:00Z"))
        #expect(event.end == ISOTime.parse("2025-12-13T08:00:00Z"))
    }

    @Test func pagingLinksMustStayOnTheGraphOrigin() throws {
        let listing = GraphListing(graphURL: "http://127.0.0.1:9/microsoft/graph/v1.0", calendarID: "c", pageSize: 10)
        let evil = try json(#"{"value":[],"@odata.nextLink":"http://evil.example/x"}"#)
        #expect(throws: SyncFailure.self) { try listing.page(evil, requestURL: "", tenantTimeZone: "UTC") }
        let good = try json(
            #"{"value":[],"@odata.deltaLink":"http://127.0.0.1:9/microsoft/graph/v1.0/me/x?$deltatoken=1"}"#)
        #expect(try listing.page(good, requestURL: "", tenantTimeZone: "UTC").cursor != nil)
    }
}

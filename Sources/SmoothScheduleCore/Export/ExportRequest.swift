/// The export's output format.
public enum ExportFormat: String, CaseIterable, Sendable {
    case csv, json

    var contentType: String {
        switch self {
        case .csv: return "text/csv; charset=utf-8"
        case .json: return Response.jsonContentType
        }
    }
}

/// An appointment's status (docs/api.md §5).
public enum AppointmentStatus: String, CaseIterable, Sendable {
    case pending = "PENDING", confirmed = "CONFIRMED", completed = "COMPLETED", cancelled = "CANCELLED"
    case noShow = "NO_SHOW"
}

/// The validated parameters of `GET /api/export/<kind>/`: everything is checked before the first byte is sent.
public struct ExportRequest: Sendable {
    public var kind: ExportKind
    public var format: ExportFormat
    /// Inclusive local dates as day numbers (days since 1970-01-01).
    public var startDay: Int64?
    public var endDay: Int64?
    public var statuses: [AppointmentStatus]
    public var includeInactive: Bool

    /// Parses and validates; every problem is reported at once as 400 `invalid` with `fields`.
    public static func parse(kind: String, _ request: Request) throws -> ExportRequest {
        var problems: [(String, String)] = []
        let parsedKind = ExportKind(rawValue: kind)
        if parsedKind == nil {
            problems.append(
                ("kind", "Unknown export kind \"\(kind)\"; use appointments, customers, resources or services."))
        }
        // Values are matched exactly, as the OpenAPI document's enums and pattern spell them (docs/analytics.md).
        let formatText = request.queryValue("format") ?? "csv"
        let format = ExportFormat(rawValue: formatText)
        if format == nil { problems.append(("format", "Use csv or json.")) }
        let range = DateRange.parse(request, problems: &problems)
        var statuses: [AppointmentStatus] = []
        for text in request.queryValues("status").flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }
        ) {
            if let status = AppointmentStatus(rawValue: String(text)) {
                statuses.append(status)
            } else {
                problems.append(("status", "Unknown status \"\(text)\"."))
            }
        }
        let includeInactive = request.queryBool("include_inactive", problems: &problems) ?? false
        guard problems.isEmpty, let parsedKind, let format else { throw APIError.invalid(problems) }
        return ExportRequest(
            kind: parsedKind, format: format, startDay: range.start, endDay: range.end, statuses: statuses,
            includeInactive: includeInactive)
    }

    /// `appointments_2025-12-01_2025-12-31.csv`, `appointments_from_2025-12-01.csv`, `customers_all.json`.
    public var filename: String {
        let dates: String
        switch (startDay, endDay) {
        case (let s?, let e?): dates = "\(LocalClock.dateString(days: s))_\(LocalClock.dateString(days: e))"
        case (let s?, nil): dates = "from_\(LocalClock.dateString(days: s))"
        case (nil, let e?): dates = "to_\(LocalClock.dateString(days: e))"
        case (nil, nil): dates = "all"
        }
        return "\(kind.rawValue)_\(dates).\(format.rawValue)"
    }
}

/// Optional `start_date` / `end_date` query parameters (`YYYY-MM-DD`, inclusive), as day numbers. Absent means
/// "no bound"; present but empty (`start_date=`) is no date and a 400, as the OpenAPI `format: date` says.
public enum DateRange {
    public static func parse(_ request: Request, problems: inout [(String, String)]) -> (start: Int64?, end: Int64?) {
        let start = day(request, "start_date", &problems)
        let end = day(request, "end_date", &problems)
        if let start, let end, end < start { problems.append(("end_date", "The end date is before the start date.")) }
        return (start, end)
    }

    private static func day(_ request: Request, _ name: String, _ problems: inout [(String, String)]) -> Int64? {
        guard let text = request.queryValue(name) else { return nil }
        guard let days = ISOTime.parseDate(text) else {
            problems.append((name, "Use a date in the form YYYY-MM-DD."))
            return nil
        }
        return Int64(days)
    }
}

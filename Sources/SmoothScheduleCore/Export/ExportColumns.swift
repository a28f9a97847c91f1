// How each export kind's rows become CSV cells and JSON objects (docs/api.md §8). Column order follows ExportStore.

/// The kind of one output column, which decides how it is written.
enum ColumnType {
    /// User text: quoted as needed and guarded against formula injection.
    case text
    /// Ids, cents, counts: plain numbers, never prefixed.
    case number
    /// An epoch-seconds instant, written as UTC ISO 8601.
    case instant
    /// 0/1 stored, `true`/`false` written.
    case boolean
    /// A closed set of ASCII values (status, type, currency): written as is.
    case code
}

/// Writes the rows of one export kind.
struct ExportColumns {
    let kind: ExportKind
    /// The stored columns, in SELECT order, with their JSON names.
    let stored: [(name: String, type: ColumnType)]

    init(_ kind: ExportKind) {
        self.kind = kind
        switch kind {
        case .appointments:
            stored = [
                ("id", .number), ("resource_id", .number), ("resource_name", .text), ("service_id", .number),
                ("service_name", .text), ("customer_id", .number), ("customer_name", .text), ("start_time", .instant),
                ("end_time", .instant), ("status", .code), ("price_cents", .number), ("currency", .text),
                ("notes", .text),
                ("created_at", .instant), ("updated_at", .instant),
            ]
        case .customers:
            stored = [
                ("id", .number), ("name", .text), ("email", .text), ("phone", .text), ("notes", .text),
                ("created_at", .instant), ("updated_at", .instant),
            ]
        case .resources:
            stored = [
                ("id", .number), ("name", .text), ("type", .code), ("is_active", .boolean), ("created_at", .instant),
                ("updated_at", .instant),
            ]
        case .services:
            stored = [
                ("id", .number), ("name", .text), ("description", .text), ("duration_minutes", .number),
                ("price_cents", .number), ("currency", .text), ("is_active", .boolean),
                ("buffer_before_minutes", .number), ("buffer_after_minutes", .number), ("created_at", .instant),
                ("updated_at", .instant),
            ]
        }
    }

    /// The CSV header: the stored columns minus `updated_at`; appointments add the local-time columns after `end_time`.
    var csvHeader: [String] {
        var names = stored.map(\.name).filter { $0 != "updated_at" }
        if kind == .appointments, let i = names.firstIndex(of: "end_time") {
            names.insert(contentsOf: ["local_date", "local_start_time", "local_end_time", "timezone"], at: i + 1)
        }
        return names
    }

    func writeHeader(_ csv: inout CSVWriter) {
        for name in csvHeader { csv.safeASCII(Array(name.utf8)) }
        csv.endRow()
    }

    /// One CSV row; `clocks` converts the appointment's start and end to local time.
    func writeCSV(_ row: Row, _ csv: inout CSVWriter, _ clocks: inout LocalClocks) {
        for (index, column) in stored.enumerated() where column.name != "updated_at" {
            write(row[index], column.type, &csv)
            if kind == .appointments && column.name == "end_time" {
                let start = row[7].int64 ?? 0
                let end = row[8].int64 ?? 0
                csv.safeASCII(clocks.start.date(start))
                csv.safeASCII(clocks.start.time(start))
                csv.safeASCII(clocks.end.time(end))
                csv.text(clocks.start.identifier)
            }
        }
        csv.endRow()
    }

    private func write(_ value: SQLValue, _ type: ColumnType, _ csv: inout CSVWriter) {
        switch (value, type) {
        case (.null, _): csv.empty()
        case (.int(let v), .instant): csv.safeASCII(LocalClock.isoUTCBytes(v))
        case (.int(let v), .boolean): csv.safeASCII(v != 0 ? Self.trueBytes : Self.falseBytes)
        case (.int(let v), _): csv.number(v)
        case (.text(let s), _): csv.text(s)
        case (.double(let d), _): csv.text(String(d))
        case (.blob, _): csv.empty()
        }
    }

    /// One JSON object with the API's field names; instants as ISO 8601.
    func json(_ row: Row) -> JSONValue {
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(stored.count)
        for (index, column) in stored.enumerated() {
            let value: JSONValue
            switch (row[index], column.type) {
            case (.null, _): value = .null
            case (.int(let v), .instant): value = .string(ISOTime.format(v))
            case (.int(let v), .boolean): value = .bool(v != 0)
            case (.int(let v), _): value = .int(v)
            case (.text(let s), _): value = .string(s)
            case (.double(let d), _): value = .double(d)
            case (.blob, _): value = .null
            }
            members.append((column.name, value))
        }
        return .object(members)
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
}

/// One clock per instant column, so start and end times each keep their own cached offset span.
struct LocalClocks {
    var start: LocalClock
    var end: LocalClock

    init(timezone: String) {
        start = LocalClock(identifier: timezone)
        end = LocalClock(identifier: timezone)
    }
}

/// Streams one export from a single read transaction to a `BodyWriter` in ~64 KiB chunks, so memory stays
/// flat however many rows there are; a `ClientGone` from the writer ends the export (docs/api.md §8).
struct ExportStreamer {
    /// Bytes buffered before each write to the client.
    static let chunkSize = 64 * 1024

    let db: Database
    let kind: ExportKind
    let format: ExportFormat
    let filter: ExportStore.Filter
    let timezone: String
    let exportedAt: Int64

    func run(to writer: any BodyWriter) throws {
        let store = ExportStore(db)
        let columns = ExportColumns(kind)
        try db.readTransaction {
            switch format {
            case .csv: try csv(store, columns, writer)
            case .json: try json(store, columns, writer)
            }
        }
    }

    private func csv(_ store: ExportStore, _ columns: ExportColumns, _ writer: any BodyWriter) throws {
        var out = CSVWriter(capacity: Self.chunkSize + 4096)
        var clocks = LocalClocks(timezone: timezone)
        columns.writeHeader(&out)
        try store.forEach(kind, filter) { row in
            columns.writeCSV(row, &out, &clocks)
            if out.bytes.count >= Self.chunkSize { try writer.write(out.take()) }
        }
        try writer.write(out.take())
    }

    private func json(_ store: ExportStore, _ columns: ExportColumns, _ writer: any BodyWriter) throws {
        // docs/api.md §8 puts `count` before `results`: count in the same snapshot first, then stream.
        let count = try store.count(kind, filter)
        let head: JSONValue = [
            "kind": .string(kind.rawValue), "exported_at": .string(ISOTime.format(exportedAt)),
            "count": .int(Int64(count)),
        ]
        var out = head.serialized()
        out.removeLast()
        out += Array(",\"results\":[".utf8)
        out.reserveCapacity(Self.chunkSize + 4096)
        var first = true
        try store.forEach(kind, filter) { row in
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            columns.json(row).write(to: &out)
            if out.count >= Self.chunkSize {
                try writer.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out += Array("]}".utf8)
        try writer.write(out)
    }
}

import CPostgres
import Foundation

/// `SQLValue` ↔ libpq. Parameters go in text format (the server infers each one's type at prepare time), except
/// blobs, which go in binary format (a `bytea` parameter's binary form is its bytes). Results come back in text
/// format and are decoded by the column's type OID, so `Row`'s accessors see what SQLite would have answered.
enum PostgresValues {
    // Type OIDs (src/include/catalog/pg_type.dat); stable across server versions.
    static let boolOID: Oid = 16
    static let byteaOID: Oid = 17
    static let int8OID: Oid = 20
    static let int2OID: Oid = 21
    static let int4OID: Oid = 23
    static let oidOID: Oid = 26
    static let float4OID: Oid = 700
    static let float8OID: Oid = 701
    static let numericOID: Oid = 1700

    /// A double's text form that PostgreSQL's float8 input reads back exactly (Swift prints the shortest
    /// round-tripping digits; the special values need PostgreSQL's spelling).
    static func text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return "\(value)"
    }

    /// Calls `body` with libpq's parameter arrays (count, values, lengths, formats) for `values`.
    /// Text is passed as a C string, so it ends at the first NUL, exactly as `sqlite3_bind_text(…, -1, …)` does.
    static func withParameters<T>(
        _ values: [SQLValue],
        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) throws -> T
    ) rethrows -> T {
        var owned: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        owned.reserveCapacity(values.count)
        defer { for pointer in owned { free(pointer) } }
        for value in values {
            switch value {
            case .null:
                owned.append(nil)
                lengths.append(0)
                formats.append(0)
            case .int(let v):
                owned.append(strdup(String(v)))
                lengths.append(0)
                formats.append(0)
            case .double(let d):
                owned.append(strdup(text(d)))
                lengths.append(0)
                formats.append(0)
            case .text(let s):
                owned.append(strdup(s))
                lengths.append(0)
                formats.append(0)
            case .blob(let bytes):
                let buffer = malloc(max(bytes.count, 1))!.assumingMemoryBound(to: CChar.self)
                bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { memcpy(buffer, base, bytes.count) }
                }
                owned.append(buffer)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        let pointers: [UnsafePointer<CChar>?] = owned.map { $0.map { UnsafePointer($0) } }
        return try pointers.withUnsafeBufferPointer { p in
            try lengths.withUnsafeBufferPointer { l in
                try formats.withUnsafeBufferPointer { f in
                    try body(Int32(values.count), p.baseAddress, l.baseAddress, f.baseAddress)
                }
            }
        }
    }

    /// The value at (`row`, `column`) of a text-format result.
    static func value(_ result: OpaquePointer, row: Int32, column: Int32) -> SQLValue {
        if PQgetisnull(result, row, column) != 0 { return .null }
        guard let raw = PQgetvalue(result, row, column) else { return .null }
        let length = Int(PQgetlength(result, row, column))
        let text = {
            raw.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
        }
        switch PQftype(result, column) {
        case int8OID, int4OID, int2OID, oidOID:
            return Int64(text()).map(SQLValue.int) ?? .text(text())
        case float8OID, float4OID:
            return Double(text()).map(SQLValue.double) ?? .text(text())
        case numericOID:
            // `sum(bigint)` is numeric: integral values read as `.int`, like SQLite's integer sum.
            let t = text()
            if let v = Int64(t) { return .int(v) }
            return Double(t).map(SQLValue.double) ?? .text(t)
        case boolOID:
            return .int(raw.pointee == CChar(UInt8(ascii: "t")) ? 1 : 0)
        case byteaOID:
            var count = 0
            guard let bytes = raw.withMemoryRebound(to: UInt8.self, capacity: length, { PQunescapeBytea($0, &count) })
            else { return .blob([]) }
            defer { PQfreemem(bytes) }
            return .blob(Array(UnsafeBufferPointer(start: bytes, count: count)))
        default:
            return .text(text())
        }
    }

    /// Row `row` of `result`, named by `index`.
    static func row(_ result: OpaquePointer, _ row: Int32, index: ColumnIndex) -> Row {
        let columns = PQnfields(result)
        return Row(index: index, values: (0..<columns).map { value(result, row: row, column: $0) })
    }
}

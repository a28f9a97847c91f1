// libFuzzer target: the export CSV writer. Cells come from the input (0x01 ends a cell, 0x02 a row, a cell that
// starts with 0x03 is a number); the output is read back with an RFC 4180 reader and must give the same cells,
// text cells that look like formulas carrying the leading `'` (docs/api.md §8).
import SmoothScheduleCore

enum Cell: Equatable {
    case text(String)
    case number(Int64)
}

/// RFC 4180 reader: rows of cells, CRLF row ends, quoted cells with doubled quotes.
func readCSV(_ bytes: [UInt8]) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var cell: [UInt8] = []
    var i = 0
    var quoted = false
    while i < bytes.count {
        let b = bytes[i]
        if quoted {
            if b == 0x22 {
                if i + 1 < bytes.count, bytes[i + 1] == 0x22 { cell.append(0x22); i += 2; continue }
                quoted = false
            } else {
                cell.append(b)
            }
        } else if b == 0x22 && cell.isEmpty {
            quoted = true
        } else if b == 0x2C {
            row.append(String(decoding: cell, as: UTF8.self)); cell = []
        } else if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
            row.append(String(decoding: cell, as: UTF8.self)); cell = []
            rows.append(row); row = []
            i += 1
        } else {
            cell.append(b)
        }
        i += 1
    }
    precondition(row.isEmpty && cell.isEmpty && !quoted, "CSV does not end with CRLF")
    return rows
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var rows: [[Cell]] = []
    for rawRow in bytes.split(separator: 0x02, omittingEmptySubsequences: true) {
        rows.append(
            rawRow.split(separator: 0x01, omittingEmptySubsequences: false).map { raw in
                if raw.first == 0x03 {
                    var n: Int64 = 0
                    for b in raw.dropFirst().prefix(8) { n = n << 8 | Int64(b) }
                    return .number(n)
                }
                return .text(String(decoding: raw, as: UTF8.self))
            })
    }
    var writer = CSVWriter()
    for row in rows {
        for cell in row {
            switch cell {
            case .text(let s): writer.text(s)
            case .number(let n): writer.number(n)
            }
        }
        writer.endRow()
    }
    let read = readCSV(writer.take())
    precondition(read.count == rows.count, "row count")
    for (written, got) in zip(rows, read) {
        precondition(written.count == got.count, "cell count")
        for (cell, text) in zip(written, got) {
            switch cell {
            case .number(let n): precondition(text == String(n), "number cell")
            case .text(let s):
                precondition(text == (CSVWriter.isFormulaLike(s.utf8) ? "'" + s : s), "text cell")
            }
        }
    }
    return 0
}

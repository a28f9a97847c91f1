import Testing
@testable import SmoothScheduleCore

/// RFC 4180 quoting and the OWASP formula-injection rule of API.md §8, cell by cell.
struct CSVWriterTests {
    private func cell(_ text: String) -> String {
        var csv = CSVWriter()
        csv.text(text)
        return String(decoding: csv.bytes, as: UTF8.self)
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("line\nbreak", "\"line\nbreak\""),
        ("cr\rx", "\"cr\rx\""), ("", ""), ("café ☕", "café ☕"), ("42", "42"), ("3.5", "3.5"),
    ])
    func quotesOnlyWhatNeedsQuoting(input: String, expected: String) {
        #expect(cell(input) == expected)
    }

    @Test(arguments: [
        ("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-2+3", "'-2+3"), ("@cmd", "'@cmd"), ("  =x", "'  =x"),
        ("\tx", "'\tx"), ("\rx", "\"'\rx\""), ("=HYPERLINK(\"a\",\"b\")", "\"'=HYPERLINK(\"\"a\"\",\"\"b\"\")\""),
        ("-", "'-"), ("   @", "'   @"), ("a=b", "a=b"), (" x", " x"), ("   ", "   "), ("\nx", "\"\nx\""),
    ])
    func dangerousLeadsGetAnApostrophe(input: String, expected: String) {
        #expect(cell(input) == expected)
    }

    @Test(arguments: [Int64(0), 7, -2, -5000, 123_456_789, Int64.min, Int64.max])
    func numbersArePlainEvenWhenNegative(value: Int64) {
        var csv = CSVWriter()
        csv.number(value)
        #expect(String(decoding: csv.bytes, as: UTF8.self) == String(value))
    }

    @Test func rowsEndInCRLFAndCellsAreCommaSeparated() {
        var csv = CSVWriter()
        csv.number(1)
        csv.text("a")
        csv.empty()
        csv.endRow()
        csv.text("b")
        csv.endRow()
        #expect(String(decoding: csv.take(), as: UTF8.self) == "1,a,\r\nb\r\n")
        #expect(csv.bytes.isEmpty)
    }

    /// Random strings over the troublesome alphabet survive a write-then-read round trip.
    @Test func fuzzedCellsRoundTrip() {
        let alphabet: [Character] = ["a", ",", "\"", "\r", "\n", "=", "+", "-", "@", " ", "\t", "é", "1"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let cells = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
                String((0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            }
            var csv = CSVWriter()
            for c in cells { csv.text(c) }
            csv.endRow()
            let back = CSVReader.parse(csv.bytes)
            let expected = cells.map { CSVWriter.isFormulaLike($0.utf8) ? "'" + $0 : $0 }
            #expect(back == [expected], "cells \(cells.map { Array($0.utf8) })")
        }
    }
}

import Foundation
import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// RFC 4180 quoting and the OWASP formula-injection rule of docs/api.md §8, cell by cell.
struct CSVWriterTests {
    private func cell(_ text: String) -> String {
        var csv = CSVWriter()
        csv.text(text)
        return String(decoding: csv.bytes, as: UTF8.self)
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
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
                String(
                    (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)!
                    })
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

/// The fast local-time and UTC formatting used per row agrees with the reference implementations.
struct LocalClockTests {
    @Test func isoBytesMatchISOTimeFormat() {
        var instant: Int64 = -86_400 * 400
        while instant < 4_102_444_800 {
            #expect(String(decoding: LocalClock.isoUTCBytes(instant), as: UTF8.self) == ISOTime.format(instant))
            instant += 7_777_777
        }
    }

    @Test(arguments: ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])
    func localTimeMatchesCalendarAcrossTransitions(zone: String) {
        var clock = LocalClock(identifier: zone)
        let calendar = TimeZones.calendar(zone)
        var instant: Int64 = 1_735_689_600  // 2025-01-01
        while instant < 1_767_225_600 {  // 2026-01-01
            let p = calendar.dateComponents(
                [.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(instant)))
            let expected = String(format: "%04d-%02d-%02d %02d:%02d", p.year!, p.month!, p.day!, p.hour!, p.minute!)
            let got =
                String(decoding: clock.date(instant), as: UTF8.self) + " "
                + String(decoding: clock.time(instant), as: UTF8.self)
            if got != expected { Issue.record("\(zone) \(instant): \(got) != \(expected)"); return }
            instant += 1_799  // odd step: visits every half-hour boundary region, including each transition
        }
    }
}

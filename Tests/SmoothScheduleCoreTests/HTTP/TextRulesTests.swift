import Foundation
import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// The whitespace table is exactly Unicode's `White_Space` property, over every scalar.
@Test func whitespaceTableIsTheUnicodeWhiteSpaceProperty() {
    var mismatches: [UInt32] = []
    for value in UInt32(0)...0x10FFFF {
        guard let scalar = Unicode.Scalar(value) else { continue }
        if TextRules.isWhitespace(scalar) != scalar.properties.isWhitespace { mismatches.append(value) }
    }
    #expect(mismatches.isEmpty)
}

/// `pattern` as the document's readers apply it to a whole value (ICU here; the integration test uses Python).
private func whole(_ pattern: String, _ text: String) throws -> Bool {
    let regex = try NSRegularExpression(pattern: pattern)
    let range = NSRange(text.startIndex..., in: text)
    return regex.firstMatch(in: text, range: range)?.range == range
}

@Test(arguments: [
    "a@b.co", "a.b+c@d.e.f", "a@b..c", "z", "a@b", "a@.b", "a@b.", "@b.c", "a b@c.d", "a@b@c.d", "a@b.c\u{85}",
    "\u{3000}@b.c", "é@ü.çom", "a@b.c\u{0}", "", "a\u{301}@b.c",
])
func emailPatternAgreesWithTheServerCheck(text: String) throws {
    let server = TextRules.isEmail(text) && !TextRules.containsNUL(text)
    #expect(try whole(TextRules.emailPattern, text) == server)
    #expect(try whole(TextRules.optionalEmailPattern, text) == (server || text.isEmpty))
}

@Test(arguments: ["x", " x ", "", " ", "\n\t", "\u{A0}", "\u{2028}a", "a\u{0}", "\u{0}", "\u{FEFF}", "\u{200B}"])
func textPatternsAgreeWithTheServerChecks(text: String) throws {
    #expect(try whole(TextRules.nonBlankPattern, text) == (!TextRules.isBlank(text) && !TextRules.containsNUL(text)))
    #expect(try whole(TextRules.noNULPattern, text) == !TextRules.containsNUL(text))
}

/// Lengths are code points, as JSON Schema's `maxLength` and DRF's `max_length` count them, not Characters.
@Test func lengthCountsCodePoints() {
    #expect(TextRules.length("e\u{301}") == 2)
    #expect(TextRules.length("👍🏽") == 2)
}

import Testing

@testable import SmoothScheduleCore

/// SQLite placeholders → PostgreSQL's, literal-aware (no database needed: these always run).
struct PostgresPlaceholderTests {
    private func translated(_ sql: String) -> String { PlaceholderTranslator.translate(sql).sql }

    @Test func barePlaceholdersAreNumberedInOrder() {
        let t = PlaceholderTranslator.translate("SELECT a FROM t WHERE b = ? AND c IN (?, ?)")
        #expect(t.sql == "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)")
        #expect(t.parameterCount == 3)
    }

    @Test func numberedPlaceholdersKeepTheirNumberAndABareOneFollowsTheHighest() {
        // SQLite's rule: a bare `?` takes one more than the largest number assigned so far.
        let t = PlaceholderTranslator.translate("?2, ?, ?1, ?1, ?")
        #expect(t.sql == "$2, $3, $1, $1, $4")
        #expect(t.parameterCount == 4)
        #expect(translated("?010 + ?") == "$10 + $11")
    }

    @Test func quotedStringsAndIdentifiersAreLeftAlone() {
        #expect(translated("SELECT 'a?b', ? FROM t") == "SELECT 'a?b', $1 FROM t")
        #expect(translated("SELECT 'it''s ?1', ?") == "SELECT 'it''s ?1', $1")
        #expect(
            translated("SELECT \"odd?col\", \"q\"\"?\" FROM t WHERE x = ?")
                == "SELECT \"odd?col\", \"q\"\"?\" FROM t WHERE x = $1")
        #expect(translated("SELECT 'é?', ? -- ünïcode") == "SELECT 'é?', $1 -- ünïcode")
        #expect(translated("SELECT 'unterminated ?") == "SELECT 'unterminated ?")
    }

    @Test func commentsAreLeftAlone() {
        #expect(translated("SELECT ? -- why?\n, ?") == "SELECT $1 -- why?\n, $2")
        #expect(translated("SELECT /* ? /* ? */ ? */ ?") == "SELECT /* ? /* ? */ ? */ $1")
        #expect(translated("SELECT 1 - ?") == "SELECT 1 - $1")
        #expect(translated("SELECT 4 / ?") == "SELECT 4 / $1")
    }

    @Test func dollarQuotesAndExistingDollarParametersPassThrough() {
        #expect(translated("DO $$ SELECT '?' $$; SELECT ?") == "DO $$ SELECT '?' $$; SELECT $1")
        #expect(translated("$fn$ ? $x$ ? $fn$ ?") == "$fn$ ? $x$ ? $fn$ $1")
        let t = PlaceholderTranslator.translate("SELECT $1, ?")
        #expect(t.sql == "SELECT $1, $2")
        #expect(t.parameterCount == 2)
        #expect(translated("SELECT a$b, ?") == "SELECT a$b, $1")
    }

    @Test func returningIsSeenOnlyAsAKeyword() {
        #expect(PlaceholderTranslator.translate("INSERT INTO t (a) VALUES (?) returning id").hasReturning)
        #expect(!PlaceholderTranslator.translate("INSERT INTO t (a) VALUES ('RETURNING')").hasReturning)
        #expect(!PlaceholderTranslator.translate("INSERT INTO t (returning_x) VALUES (?)").hasReturning)
        #expect(!PlaceholderTranslator.translate("INSERT INTO t (a) VALUES (?) -- RETURNING").hasReturning)
    }
}

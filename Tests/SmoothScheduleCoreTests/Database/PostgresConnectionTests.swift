import Foundation
import Testing

@testable import SmoothScheduleCore

/// A real, throwaway PostgreSQL database: scripts/test starts a cluster (scripts/lib/postgres.sh) and exports its
/// URL. There is no fake: these tests are about what the server and libpq really do.
enum PostgresTestDatabase {
    static let url = ProcessInfo.processInfo.environment["SMOOTHSCHEDULE_TEST_DATABASE_URL"]

    static func connect() throws -> PostgresConnection { try PostgresConnection(url: url ?? "") }

    /// A table name no other (parallel) test uses.
    static func uniqueTable() -> String { "pgtest_" + UUID().uuidString.prefix(8).lowercased() }
}

/// The failure a test expects, or a recorded issue when it did not come.
private func postgresError(_ body: () throws -> Void) -> PostgresError? {
    do {
        try body()
        Issue.record("expected a PostgresError, nothing was thrown")
    } catch let error as PostgresError {
        return error
    } catch {
        Issue.record("expected a PostgresError, got \(error)")
    }
    return nil
}

private struct Abandon: Error {}

private final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

// Without SMOOTHSCHEDULE_TEST_DATABASE_URL this suite is reported SKIPPED, with the reason below, by a bare
// `swift test`; it never passes silently. scripts/test (and so CI) always starts a cluster and sets the variable.
@Suite(
    .enabled(
        if: PostgresTestDatabase.url != nil,
        "SKIPPED: SMOOTHSCHEDULE_TEST_DATABASE_URL is not set. Run scripts/test (it starts a throwaway PostgreSQL) or set it to a libpq URL."
    ))
struct PostgresConnectionTests {
    // MARK: - Values

    @Test func everyValueKindAndNullRoundTrip() throws {
        let db = try PostgresTestDatabase.connect()
        try db.execute("CREATE TEMP TABLE v (k bigint, i bigint, d double precision, s text, b bytea)")
        let rows: [[SQLValue]] = [
            [.int(Int64.max), .double(0.1), .text("héllo ✓ 'quoted' \"double\" ?"), .blob([0, 1, 0x5C, 0x78, 255])],
            [.int(Int64.min), .double(-1.5e300), .text(""), .blob([])],
            [.int(0), .double(5e-324), .text("x"), .blob(Array(0...255))],
            [.int(-1), .double(.infinity), .text("\\x00"), .blob([0x27])],
            [.null, .null, .null, .null],
        ]
        for (k, values) in rows.enumerated() {
            try db.run("INSERT INTO v (k, i, d, s, b) VALUES (?, ?, ?, ?, ?)", [.int(k)] + values)
        }
        let back = try db.query("SELECT i, d, s, b FROM v ORDER BY k")
        #expect(back.map(\.values) == rows)
        #expect(back[0].columns == ["i", "d", "s", "b"])
        #expect(back[0].int64("i") == Int64.max)
        #expect(back[4]["s"] == .null && back[4].optionalString("s") == nil)

        try db.run("INSERT INTO v (k, d) VALUES (9, ?)", [.double(.nan)])
        #expect(try db.queryOne("SELECT d FROM v WHERE k = 9")?.double("d").isNaN == true)
    }

    @Test func serverTypesDecodeAsSQLiteWouldAnswer() throws {
        let db = try PostgresTestDatabase.connect()
        let row = try #require(
            try db.queryOne(
                """
                SELECT true AS t, false AS f, CAST(7 AS smallint) AS i2, CAST(8 AS integer) AS i4,
                       (SELECT sum(x) FROM (VALUES (CAST(1 AS bigint)), (2)) AS s(x)) AS total,
                       CAST(2.5 AS numeric) AS half, CAST(1.5 AS real) AS r, CAST('v' AS varchar(3)) AS vc,
                       CAST(NULL AS bigint) AS nothing, count(*) AS count
                """))
        #expect(row["t"] == .int(1) && row["f"] == .int(0) && row.bool("t"))
        #expect(row["i2"] == .int(7) && row["i4"] == .int(8))
        #expect(row["total"] == .int(3))  // sum(bigint) is numeric on PostgreSQL; integral → .int
        #expect(row["half"] == .double(2.5) && row["r"] == .double(1.5))
        #expect(row["vc"] == .text("v") && row["nothing"] == .null && row["count"] == .int(1))
        #expect(try db.scalarInt("SELECT sum(x) FROM (VALUES (CAST(40 AS bigint)), (2)) AS s(x)") == 42)
    }

    @Test func textEndsAtTheFirstNULAsSQLiteBindsIt() throws {
        // Parity with sqlite3_bind_text(…, -1, …) (postgres-scaleout.md A11): never a server error for U+0000.
        let db = try PostgresTestDatabase.connect()
        #expect(try db.queryOne("SELECT CAST(? AS text) AS s", [.text("a\u{0}b")])?["s"] == .text("a"))
    }

    // MARK: - Placeholders and the statement cache

    @Test func placeholdersAreTranslatedOutsideLiteralsOnTheServer() throws {
        let db = try PostgresTestDatabase.connect()
        let row = try #require(
            try db.queryOne(
                "SELECT 'what?' AS q, /* ?9 */ CAST(? AS text) AS a, \"?\" FROM (SELECT 1 AS \"?\") AS x -- ?",
                [.text("x")]))
        #expect(row["q"] == .text("what?") && row["a"] == .text("x") && row["?"] == .int(1))

        let reused = try #require(
            try db.queryOne(
                "SELECT CAST(?1 AS bigint) + CAST(?1 AS bigint) AS twice, CAST(? AS bigint) AS next",
                [.int(21), .int(5)]))
        #expect(reused["twice"] == .int(42) && reused["next"] == .int(5))
        #expect(
            try db.statement("SELECT CAST(?1 AS bigint) + CAST(?1 AS bigint) AS twice, CAST(? AS bigint) AS next")
                .parameterCount == 2)
    }

    @Test func missingValuesAreNullAndExtraOnesRefusedAsInSQLite() throws {
        let db = try PostgresTestDatabase.connect()
        #expect(try db.queryOne("SELECT CAST(? AS bigint) AS a, CAST(? AS text) AS b", [.int(1)])?["b"] == .null)
        let error = postgresError { try db.run("SELECT CAST(? AS bigint)", [.int(1), .int(2)]) }
        #expect(error?.message.contains("2 values") == true)
    }

    @Test func aStatementIsPreparedOncePerConnectionAndReused() throws {
        let db = try PostgresTestDatabase.connect()
        let sql = "SELECT CAST(? AS bigint) * 2 AS doubled"
        for n in 1...3 { #expect(try db.queryOne(sql, [.int(n)])?["doubled"] == .int(Int64(2 * n))) }
        let statement = try db.statement(sql)
        #expect(try db.statement(sql) === statement)
        #expect(statement.translatedSQL == "SELECT CAST($1 AS bigint) * 2 AS doubled")
        // The server holds it once, under the cached name.
        let prepared = try db.query(
            "SELECT name FROM pg_prepared_statements WHERE statement = ?", [.text(statement.translatedSQL)])
        #expect(prepared.map { $0.string("name") } == [statement.name])
        #expect(db.cachedStatementCount == 2)  // the statement and the pg_prepared_statements query
    }

    // MARK: - Changes and ids

    @Test func insertAnswersTheNewIdThroughReturning() throws {
        let db = try PostgresTestDatabase.connect()
        try db.execute(
            "CREATE TEMP TABLE items (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text UNIQUE)")
        #expect(try db.insert("INSERT INTO items (name) VALUES (?)", [.text("a")]) == 1)
        #expect(try db.insert("INSERT INTO items (name) VALUES (?)", [.text("b")]) == 2)
        #expect(try db.insert("INSERT INTO items (name) VALUES (?) RETURNING id * 10", [.text("c")]) == 30)
        #expect(try db.insert("INSERT INTO items (name) VALUES (?) ON CONFLICT DO NOTHING", [.text("a")]) == 0)
        #expect(try db.insert("INSERT INTO items (id, name) VALUES (?, ?)", [.int(77), .text("kept")]) == 77)
    }

    @Test func runAnswersTheRowsChanged() throws {
        let db = try PostgresTestDatabase.connect()
        try db.execute("CREATE TEMP TABLE n (x bigint)")
        #expect(try db.run("INSERT INTO n SELECT g FROM generate_series(1, 5) AS g") == 5)
        #expect(try db.run("UPDATE n SET x = x + 10 WHERE x > ?", [.int(2)]) == 3)
        #expect(try db.run("DELETE FROM n WHERE x = ?", [.int(999)]) == 0)
        #expect(try db.run("DELETE FROM n") == 5)
    }

    // MARK: - Errors

    @Test func constraintFailuresCarryTheirSQLStateAndNeverTheValues() throws {
        let db = try PostgresTestDatabase.connect()
        try db.execute(
            """
            CREATE TEMP TABLE parents (id bigint PRIMARY KEY, email text UNIQUE, n bigint CHECK (n > 0));
            CREATE TEMP TABLE children (id bigint PRIMARY KEY, parent_id bigint NOT NULL REFERENCES parents (id));
            INSERT INTO parents VALUES (1, 'secret@example.com', 1);
            """)
        let unique = postgresError {
            try db.run("INSERT INTO parents VALUES (2, ?, 1)", [.text("secret@example.com")])
        }
        #expect(unique?.isUniqueViolation == true && unique?.isConstraintViolation == true)
        #expect(unique?.constraint == "parents_email_key")
        #expect(unique?.description.contains("secret@example.com") == false)

        let foreignKey = postgresError { try db.run("INSERT INTO children VALUES (1, ?)", [.int(999)]) }
        #expect(foreignKey?.isForeignKeyViolation == true && foreignKey?.isUniqueViolation == false)
        let check = postgresError { try db.run("INSERT INTO parents VALUES (3, 'c', ?)", [.int(0)]) }
        #expect(check?.isCheckViolation == true)
        let notNull = postgresError { try db.run("INSERT INTO children VALUES (2, ?)", [.null]) }
        #expect(notNull?.isNotNullViolation == true)
        let badInput = postgresError { try db.run("SELECT CAST(? AS bigint)", [.text("not-a-number-9173")]) }
        #expect(badInput?.sqlState == "22P02" && badInput?.description.contains("9173") == false)
        let syntax = postgresError { try db.run("SELEKT 1") }
        #expect(syntax?.sqlState == "42601" && syntax?.isTransient == false && syntax?.sql == "SELEKT 1")
    }

    @Test func aConcurrentUpdateUnderRepeatableReadIsASerializationFailure() throws {
        let a = try PostgresTestDatabase.connect()
        let b = try PostgresTestDatabase.connect()
        let table = PostgresTestDatabase.uniqueTable()
        try a.execute("CREATE TABLE \(table) (id bigint PRIMARY KEY, n bigint); INSERT INTO \(table) VALUES (1, 0)")
        defer { try? a.execute("DROP TABLE \(table)") }
        let error = postgresError {
            try a.transaction(isolation: .repeatableRead) {
                _ = try a.scalarInt("SELECT n FROM \(table) WHERE id = 1")
                try b.run("UPDATE \(table) SET n = n + 1 WHERE id = 1")
                try a.run("UPDATE \(table) SET n = n + 1 WHERE id = 1")
            }
        }
        #expect(error?.isSerializationFailure == true && error?.isTransient == true)
        #expect(try a.scalarInt("SELECT n FROM \(table) WHERE id = 1") == 1)
    }

    @Test func aDeadlockVictimSeesADeadlockError() throws {
        let url = try #require(PostgresTestDatabase.url)
        let a = try PostgresTestDatabase.connect()
        let table = PostgresTestDatabase.uniqueTable()
        try a.execute(
            "CREATE TABLE \(table) (id bigint PRIMARY KEY, n bigint); INSERT INTO \(table) VALUES (1, 0), (2, 0)")
        defer { try? a.execute("DROP TABLE \(table)") }
        let bLocked = DispatchSemaphore(value: 0)
        let bDone = DispatchSemaphore(value: 0)
        let bError = Box<PostgresError?>(nil)
        DispatchQueue.global().async {
            defer { bDone.signal() }
            do {
                let b = try PostgresConnection(url: url)
                try b.transaction {
                    try b.execute("SET LOCAL deadlock_timeout = '10s'")
                    try b.run("UPDATE \(table) SET n = n + 1 WHERE id = 2")
                    bLocked.signal()
                    try b.run("UPDATE \(table) SET n = n + 1 WHERE id = 1")
                }
            } catch {
                bLocked.signal()
                bError.value = error as? PostgresError
            }
        }
        var aError: PostgresError?
        do {
            try a.transaction {
                try a.execute("SET LOCAL deadlock_timeout = '200ms'")
                try a.run("UPDATE \(table) SET n = n + 1 WHERE id = 1")
                bLocked.wait()
                try a.run("UPDATE \(table) SET n = n + 1 WHERE id = 2")
            }
        } catch let error as PostgresError {
            aError = error
        }
        bDone.wait()
        // Exactly one of the two is the victim (normally A, whose detector wakes first).
        let victims = [aError, bError.value].compactMap { $0 }
        #expect(victims.count == 1)
        #expect(victims.first?.isDeadlock == true && victims.first?.isTransient == true)
    }

    // MARK: - Transactions

    @Test func aThrowingTransactionRollsBack() throws {
        let db = try PostgresTestDatabase.connect()
        try db.execute("CREATE TEMP TABLE r (x bigint)")
        #expect(throws: Abandon.self) {
            try db.transaction {
                try db.run("INSERT INTO r VALUES (1)")
                throw Abandon()
            }
        }
        #expect(!db.inTransaction)
        #expect(try db.scalarInt("SELECT count(*) FROM r") == 0)
        try db.transaction { try db.run("INSERT INTO r VALUES (2)") }
        #expect(try db.scalarInt("SELECT count(*) FROM r") == 1)
    }

    @Test func nestedTransactionsJoinTheOuterOne() throws {
        let db = try PostgresTestDatabase.connect()
        let other = try PostgresTestDatabase.connect()
        let table = PostgresTestDatabase.uniqueTable()
        try db.execute("CREATE TABLE \(table) (x bigint)")
        defer { try? db.execute("DROP TABLE \(table)") }
        try db.transaction {
            try db.run("INSERT INTO \(table) VALUES (1)")
            try db.transaction { try db.run("INSERT INTO \(table) VALUES (2)") }
            // The inner call committed nothing: another connection still sees no row.
            #expect(try other.scalarInt("SELECT count(*) FROM \(table)") == 0)
            #expect(db.inTransaction)
        }
        #expect(try other.scalarInt("SELECT count(*) FROM \(table)") == 2)

        #expect(throws: Abandon.self) {
            try db.transaction {
                try db.transaction { try db.run("INSERT INTO \(table) VALUES (3)") }
                throw Abandon()
            }
        }
        #expect(try other.scalarInt("SELECT count(*) FROM \(table)") == 2)
    }

    @Test func afterAFailedStatementTheTransactionIsAborted() throws {
        // PostgreSQL, unlike SQLite, refuses every later statement of a transaction with an error in it.
        let db = try PostgresTestDatabase.connect()
        let error = postgresError {
            try db.transaction {
                _ = try? db.run("SELEKT 1")
                try db.run("SELECT 1")
            }
        }
        #expect(error?.isTransactionAborted == true)
        #expect(!db.inTransaction)
    }

    @Test func aReadTransactionIsOneReadOnlySnapshot() throws {
        let db = try PostgresTestDatabase.connect()
        let other = try PostgresTestDatabase.connect()
        let table = PostgresTestDatabase.uniqueTable()
        try db.execute("CREATE TABLE \(table) (x bigint); INSERT INTO \(table) VALUES (1)")
        defer { try? db.execute("DROP TABLE \(table)") }
        try db.readTransaction {
            #expect(try db.scalarInt("SELECT count(*) FROM \(table)") == 1)
            try other.run("INSERT INTO \(table) VALUES (2)")
            #expect(try db.scalarInt("SELECT count(*) FROM \(table)") == 1)
            let write = postgresError { try db.run("INSERT INTO \(table) VALUES (3)") }
            #expect(write?.sqlState == "25006")  // read-only transaction
        }
        #expect(try db.scalarInt("SELECT count(*) FROM \(table)") == 2)
    }

    // MARK: - Streaming

    @Test func twoHundredThousandRowsStreamOneRowAtATime() throws {
        let db = try PostgresTestDatabase.connect()
        var count = 0
        var sum: Int64 = 0
        try db.forEachRow(
            "SELECT g AS n, repeat('x', 40) AS pad FROM generate_series(1, CAST(? AS bigint)) AS g", [.int(200_000)]
        ) { row in
            count += 1
            sum += row.int64("n") ?? 0
        }
        #expect(count == 200_000)
        #expect(sum == 200_000 * 200_001 / 2)
        // Single-row mode: libpq handed over 200,000 one-row results (and the closing empty one), never the set.
        let stats = try #require(db.lastStream)
        #expect(stats.singleRowMode)
        #expect(stats.rows == 200_000 && stats.results == 200_001 && stats.largestResult == 1)
    }

    @Test func anAbandonedStreamLeavesTheConnectionReady() throws {
        let db = try PostgresTestDatabase.connect()
        var seen = 0
        #expect(throws: Abandon.self) {
            try db.forEachRow("SELECT g FROM generate_series(1, 5000000) AS g") { _ in
                seen += 1
                if seen == 10 { throw Abandon() }
            }
        }
        #expect(seen == 10)
        #expect(try db.scalarInt("SELECT 41 + 1") == 42)
        var again = 0
        try db.forEachRow("SELECT g FROM generate_series(1, 3) AS g") { _ in again += 1 }
        #expect(again == 3)
        // Inside a read transaction the cancelled stream ends the snapshot; the next one starts clean.
        #expect(throws: Abandon.self) {
            try db.readTransaction {
                try db.forEachRow("SELECT g FROM generate_series(1, 5000000) AS g") { _ in throw Abandon() }
            }
        }
        #expect(!db.inTransaction)
        #expect(try db.readTransaction { try db.scalarInt("SELECT 7") } == 7)
    }

    @Test func aStatementInsideAStreamsBodyIsRefusedAndTheStreamStillEnds() throws {
        let db = try PostgresTestDatabase.connect()
        let inner = postgresError {
            try db.forEachRow("SELECT g FROM generate_series(1, 1000) AS g") { _ in _ = try db.scalarInt("SELECT 1") }
        }
        #expect(inner?.sqlState == "55000" && inner?.message.contains("inside forEachRow") == true)
        #expect(try db.scalarInt("SELECT 2") == 2)
    }

    // MARK: - Connection loss

    @Test func aTerminatedBackendIsReportedLostAndReopenedBetweenRequests() throws {
        let db = try PostgresTestDatabase.connect()
        let admin = try PostgresTestDatabase.connect()
        let sql = "SELECT CAST(? AS bigint) + 1 AS next"
        #expect(try db.queryOne(sql, [.int(1)])?["next"] == .int(2))
        #expect(try db.ensureOpen() == false)  // healthy: nothing to do
        let oldPID = db.backendPID
        // The two-argument form waits until the backend has exited.
        #expect(
            try admin.scalarInt(
                "SELECT CAST(pg_terminate_backend(CAST(? AS integer), 5000) AS integer)", [.int(oldPID)]) == 1)

        let lost = postgresError { _ = try db.queryOne(sql, [.int(1)]) }
        #expect(lost?.isConnectionLost == true && lost?.isTransient == true)
        #expect(!db.isOpen)

        #expect(try db.ensureOpen() == true)
        #expect(db.isOpen && db.backendPID != oldPID)
        // The statement cache was for the old session: it is prepared again, transparently.
        #expect(try db.queryOne(sql, [.int(2)])?["next"] == .int(3))
    }

    @Test func ensureOpenNoticesABackendThatDiedWhileIdle() throws {
        let db = try PostgresTestDatabase.connect()
        let admin = try PostgresTestDatabase.connect()
        #expect(try db.scalarInt("SELECT 1") == 1)
        let oldPID = db.backendPID
        _ = try admin.scalarInt(
            "SELECT CAST(pg_terminate_backend(CAST(? AS integer), 5000) AS integer)", [.int(oldPID)])
        #expect(try db.ensureOpen() == true)  // without a failed request first
        #expect(db.backendPID != oldPID)
        #expect(try db.scalarInt("SELECT 1") == 1)
    }

    @Test func aBadURLFailsAsAConnectionError() throws {
        let error = postgresError {
            _ = try PostgresConnection(url: "postgresql:///nosuchdb?host=/nonexistent-dir&password=hunter2")
        }
        #expect(error?.isConnectionLost == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    // MARK: - Clock

    @Test func theServerClockIsReadAgainstOurs() throws {
        let db = try PostgresTestDatabase.connect()
        let reading = try db.clockSkew()
        // Same machine: the same clock, give or take the round trip.
        #expect(abs(reading.skew) < 5 && reading.roundTrip >= 0)
        let ahead = try db.clockSkew(localNow: { Date().timeIntervalSince1970 - 3600 })
        #expect(abs(ahead.skew - 3600) < 5)
    }

    // MARK: - The seam: one SQL text on both engines

    /// The same statements, with the dialect's fragments, on any engine.
    private func seamAnswers(_ db: some SQLConnection) throws -> [[SQLValue]] {
        let d = db.dialect
        var out: [[SQLValue]] = []
        out += try db.query(
            "SELECT p.idx, p.lo, p.hi FROM (\(d.jsonRows("?1", ["lo", "hi"]))) AS p ORDER BY p.idx",
            [.text("[[10, 20], [30, 40]]")]
        ).map(\.values)
        let strings = """
            WITH s(v) AS (VALUES ('a'), ('b'), ('c'))
            SELECT v FROM s WHERE CAST(?1 AS TEXT) IS NULL OR v IN (\(d.jsonStrings("?1"))) ORDER BY v
            """
        out += try db.query(strings, [.text("[\"a\", \"c\"]")]).map(\.values)
        out += try db.query(strings, [.null]).map(\.values)
        out += try db.query("SELECT CAST(1 AS BIGINT) AS one\(d.forUpdate)", []).map(\.values)
        try db.transaction { _ = try db.scalarInt("SELECT 1", []) }
        return out
    }

    @Test func dialectFragmentsGiveTheSameAnswersOnBothEngines() throws {
        let sqlite = try Database(path: ":memory:")
        let postgres = try PostgresTestDatabase.connect()
        let expected: [[SQLValue]] = [
            [.int(0), .int(10), .int(20)], [.int(1), .int(30), .int(40)], [.text("a")], [.text("c")],
            [.text("a")], [.text("b")], [.text("c")], [.int(1)],
        ]
        #expect(try seamAnswers(sqlite) == expected)
        #expect(try seamAnswers(postgres) == expected)
        #expect(SQLDialect.sqlite.indexedBy("i") == " INDEXED BY i" && SQLDialect.postgres.indexedBy("i") == "")
    }

    @Test func skipLockedLetsTwoClaimersTakeDifferentRows() throws {
        let a = try PostgresTestDatabase.connect()
        let b = try PostgresTestDatabase.connect()
        let table = PostgresTestDatabase.uniqueTable()
        try a.execute(
            "CREATE TABLE \(table) (id bigint PRIMARY KEY, claimed_by text); INSERT INTO \(table) VALUES (1, NULL), (2, NULL)"
        )
        defer { try? a.execute("DROP TABLE \(table)") }
        let claim = """
            UPDATE \(table) SET claimed_by = ?
            WHERE id = (SELECT id FROM \(table) WHERE claimed_by IS NULL ORDER BY id LIMIT 1\(a.dialect.forUpdateSkipLocked))
            RETURNING id
            """
        try a.transaction {
            #expect(try a.queryOne(claim, [.text("a")])?["id"] == .int(1))
            // B does not wait for A's lock and does not take A's row.
            let other = try b.transaction { try b.queryOne(claim, [.text("b")])?["id"] }
            #expect(other == .int(2))
        }
    }
}

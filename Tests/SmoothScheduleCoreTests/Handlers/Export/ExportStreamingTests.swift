import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// The export streams in bounded chunks and stops when the client goes away.
struct ExportStreamingTests {
    /// Records chunk sizes; throws `ClientGone` once `failAfter` chunks were written.
    final class RecordingWriter: BodyWriter {
        var chunks: [Int] = []
        let failAfter: Int?
        init(failAfter: Int? = nil) { self.failAfter = failAfter }
        func write(_ bytes: [UInt8]) throws {
            if let failAfter, chunks.count >= failAfter { throw ClientGone() }
            chunks.append(bytes.count)
        }
    }

    private func seeded(rows: Int) throws -> (TestEnv, TestEnv.Member) {
        let env = try TestEnv()
        let demo = try env.seedTenant("demo", plan: "business", timezone: "Europe/Berlin")
        let owner = try env.seedUser("demo", role: .owner)
        let r = try env.insertResource(demo, "Room")
        let s = try env.insertService(demo, "Service")
        try env.db.run(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO appointments (tenant_id, resource_id, service_id, start_time, end_time, status, price_cents,
                                      notes, created_at, updated_at)
            SELECT ?, ?, ?, 1735689600 + i * 3600, 1735689600 + i * 3600 + 1800, 'CONFIRMED', 1000,
                   'note number ' || i, 0, 0 FROM n
            """, [.int(rows), .int(demo.id), .int(r), .int(s)])
        return (env, owner)
    }

    @Test func chunksAreAboutSixtyFourKiB() throws {
        let (env, owner) = try seeded(rows: 5000)
        let r = env.respond(TestRequest.get("/api/export/appointments/", host: host("demo"), token: owner.token))
        guard case .stream(let produce) = r.body else { Issue.record("not streamed"); return }
        let writer = RecordingWriter()
        try produce(writer)
        #expect(writer.chunks.count > 3)
        #expect(
            writer.chunks.dropLast().allSatisfy {
                $0 >= ExportStreamer.chunkSize && $0 < ExportStreamer.chunkSize + 4096
            })
        #expect(CSVReader.parse(try r.bodyBytes()).count == 5001)
    }

    @Test func clientGoneStopsTheExport() throws {
        let (env, owner) = try seeded(rows: 5000)
        let r = env.respond(
            TestRequest.get(
                "/api/export/appointments/", host: host("demo"), token: owner.token,
                query: [("format", "json")]))
        guard case .stream(let produce) = r.body else { Issue.record("not streamed"); return }
        let writer = RecordingWriter(failAfter: 1)
        #expect(throws: ClientGone.self) { try produce(writer) }
        #expect(writer.chunks.count == 1)
        // The read transaction ended: the connection can write again.
        try env.db.transaction { try env.db.run("UPDATE appointments SET notes = 'x' WHERE id = 1") }
    }
}

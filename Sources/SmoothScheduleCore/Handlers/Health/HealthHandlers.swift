/// Liveness and readiness (docs/api.md §10).
public enum HealthHandlers {
    public static let version = "1.0.0"

    /// `GET /api/health/`: 200 when the database answers, 503 otherwise.
    public static func show(_ request: Request, _ context: Context) throws -> Response {
        let databaseOK = Migrator(context.db).answers()
        return .json(
            [
                "status": databaseOK ? "ok" : "unavailable", "database": databaseOK ? "ok" : "unavailable",
                "version": .string(version),
            ],
            status: databaseOK ? .ok : .serviceUnavailable)
    }
}

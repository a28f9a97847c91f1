/// SQLite's `Database` already has the seam's shape; this only names its dialect (docs/postgres.md).
extension Database: SQLConnection {
    public var dialect: SQLDialect { .sqlite }
}

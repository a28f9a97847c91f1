import Foundation

/// Start-up wiring shared by the CLI commands: configuration, database, one thread's dependencies.
public enum App {
    /// Opens the configured database, creating its folder; a clear `ConfigError` if it cannot be written.
    public static func openDatabase(_ config: Config) throws -> Database {
        let path = config.databasePath
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && path != ":memory:" {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw ConfigError(
                    message:
                        "cannot create the database folder \(folder) (SMOOTHSCHEDULE_DATABASE): check the path and its permissions."
                )
            }
            if FileManager.default.fileExists(atPath: folder) && !FileManager.default.isWritableFile(atPath: folder) {
                throw ConfigError(message: "the database folder \(folder) is not writable (SMOOTHSCHEDULE_DATABASE).")
            }
        }
        do {
            let db = try Database(path: path)
            if let trace = config.values["SMOOTHSCHEDULE_SQL_TRACE_FILE"], !trace.isEmpty {
                try db.traceStatements(to: trace)
            }
            return db
        } catch let error as SQLiteError {
            throw ConfigError(message: "cannot open the database \(path) (SMOOTHSCHEDULE_DATABASE): \(error.message)")
        }
    }

    /// One worker thread's dependencies.
    public static func dependencies(_ config: Config) throws -> Dependencies {
        Dependencies(db: try openDatabase(config), http: CurlHTTPClient(), config: config)
    }

    /// Builds a dispatcher for the calling thread (the FastCGI worker calls this once per thread).
    public static func makeResponder(_ config: Config) throws -> (Request) -> Response {
        let dispatcher = Dispatcher(routes: Routes.all, deps: try dependencies(config))
        return { dispatcher.respond(to: $0) }
    }
}

/// Builds one worker thread's responder, on that thread (each thread owns its SQLite connection etc.).
public typealias ResponderFactory = @Sendable () throws -> (Request) -> Response

/// How one worker process serves: threads accepting on the shared socket and the request body cap.
public struct WorkerOptions: Sendable {
    public var threads: Int
    /// Larger bodies are answered 413 `payload_too_large` before any handler runs.
    public var maxBodyBytes: Int

    public init(threads: Int = 4, maxBodyBytes: Int = 1_048_576) {
        self.threads = threads
        self.maxBodyBytes = maxBodyBytes
    }
}

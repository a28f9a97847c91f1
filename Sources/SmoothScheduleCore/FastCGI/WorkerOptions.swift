/// Builds one worker thread's responder, on that thread (each thread owns its SQLite connection etc.).
public typealias ResponderFactory = @Sendable () throws -> (Request) -> Response

/// How one worker process serves: threads accepting on the shared socket and the request body cap.
public struct WorkerOptions: Sendable {
    public var threads: Int
    /// Larger bodies are answered 413 `payload_too_large` before any handler runs.
    public var maxBodyBytes: Int
    /// Wall-clock seconds a streamed response (an export) may take before its connection is cut (F8).
    public var streamTimeLimit: Double
    /// Streamed responses one worker process runs at once; more are answered 503 `exports_busy`.
    public var maxConcurrentStreams: Int

    public init(
        threads: Int = 4, maxBodyBytes: Int = 1_048_576, streamTimeLimit: Double = 300, maxConcurrentStreams: Int? = nil
    ) {
        self.threads = threads
        self.maxBodyBytes = maxBodyBytes
        self.streamTimeLimit = streamTimeLimit
        // Default: half the threads, so exports can never take every thread of a process.
        self.maxConcurrentStreams = maxConcurrentStreams ?? max(1, threads / 2)
    }
}

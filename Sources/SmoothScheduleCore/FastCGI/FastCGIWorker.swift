import Glibc
import Synchronization

/// One worker process: `threads` threads accepting FastCGI on a shared listening socket (STYLE §3).
public enum FastCGIWorker {
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    /// Serves FastCGI on the already-listening socket `listenFD` with `options.threads` threads until SIGTERM/SIGINT;
    /// then stops accepting, finishes in-flight requests, and returns. Writes one byte to `readyFD` (if not nil) once
    /// every thread has built its responder and is about to accept, then closes it.
    public static func run(
        listenFD: Int32, options: WorkerOptions, readyFD: Int32?, makeResponder: @escaping ResponderFactory
    ) throws {
        signal(SIGPIPE, SIG_IGN)  // a client going away must never kill the worker
        try FCGXRequest.initLibrary()
        // After FCGX_Init: libfcgi's own SIGTERM handler wakes only the thread it lands on (FIELD-NOTES).
        let signals = try SignalPipe.install([SIGTERM, SIGINT])
        let slots = (0..<max(1, options.threads)).map { _ in WorkerThreadSlot() }
        let streams = StreamLimits(maxConcurrent: options.maxConcurrentStreams, timeLimit: options.streamTimeLimit)
        let startup = Startup(count: slots.count)
        var threads: [pthread_t] = []
        for slot in slots {
            let thread = try spawnThread {
                slot.thread.store(UInt(pthread_self()), ordering: .sequentiallyConsistent)
                let respond: (Request) -> Response
                do {
                    respond = try makeResponder()
                } catch {
                    startup.report(error)
                    slot.finished.store(true, ordering: .sequentiallyConsistent)
                    return
                }
                guard startup.reportReadyAndWait() else {
                    slot.finished.store(true, ordering: .sequentiallyConsistent)
                    return
                }
                WorkerThread(
                    slot: slot, listenFD: listenFD, maxBodyBytes: options.maxBodyBytes, streams: streams,
                    respond: respond
                ).run()
            }
            threads.append(thread)
        }
        if let failure = startup.waitForAll() {
            startup.release(go: false)
            for thread in threads { pthread_join(thread, nil) }
            throw failure
        }
        if let readyFD {
            var byte: UInt8 = 1
            _ = write(readyFD, &byte, 1)
            close(readyFD)
        }
        startup.release(go: true)
        Log.shared.info("worker ready", ["threads": String(slots.count)])
        waitForStop(signals, streams: streams)
        wakeAcceptingThreads(slots, streams: streams)
        for thread in threads { pthread_join(thread, nil) }
        Log.shared.info("worker stopped")
    }

    /// The main thread's loop while serving: waits for a stop signal and cuts streams past their time limit.
    private static func waitForStop(_ signals: Int32, streams: StreamLimits) {
        while !SignalPipe.stopRequested {
            _ = SignalPipe.poll([signals], milliseconds: 500)
            _ = SignalPipe.drain(signals)
            streams.enforce()
        }
    }

    /// SIGUSR1 every ~20 ms to each thread still blocked in accept: libfcgi's handler sets shutdownPending,
    /// so `FCGX_Accept_r` returns -1. Threads busy with a request finish it first. The shared listening
    /// socket is never shut down: that would stop every worker process.
    private static func wakeAcceptingThreads(_ slots: [WorkerThreadSlot], streams: StreamLimits) {
        while slots.contains(where: { !$0.finished.load(ordering: .sequentiallyConsistent) }) {
            streams.enforce()  // a stream still running keeps its time limit while the worker stops
            for slot in slots where slot.inAccept.load(ordering: .sequentiallyConsistent) {
                let thread = slot.thread.load(ordering: .sequentiallyConsistent)
                if thread != 0 && !slot.finished.load(ordering: .sequentiallyConsistent) {
                    pthread_kill(pthread_t(thread), SIGUSR1)
                }
            }
            usleep(20_000)
        }
    }

    private final class ThreadBody {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    private static func spawnThread(_ body: @escaping @Sendable () -> Void) throws -> pthread_t {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        let status = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().body()
                return nil
            }, context)
        guard status == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            throw StartError(description: "pthread_create failed: \(status)")
        }
        return thread
    }
}

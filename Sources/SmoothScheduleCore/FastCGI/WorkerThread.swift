import Glibc
import Synchronization

/// What the worker's main thread knows about one accept thread, shared across threads.
final class WorkerThreadSlot: Sendable {
    /// True while the thread is in (or about to enter) `FCGX_Accept_r`: the one place a SIGUSR1 may wake it.
    let inAccept = Atomic<Bool>(false)
    let finished = Atomic<Bool>(false)
    /// `pthread_self()` of the thread, once it runs.
    let thread = Atomic<UInt>(0)
}

/// One accept thread: accept → params → body → responder → head + body → finish, until stop.
struct WorkerThread {
    let slot: WorkerThreadSlot
    let listenFD: Int32
    let maxBodyBytes: Int
    let streams: StreamLimits
    let respond: (Request) -> Response

    func run(log: Log = .shared) {
        defer { slot.finished.store(true, ordering: .sequentiallyConsistent) }
        let request: FCGXRequest
        do {
            request = try FCGXRequest(listenFD: listenFD)
        } catch {
            log.error("worker thread cannot start", ["error": String(describing: error)])
            return
        }
        while !SignalPipe.stopRequested {
            slot.inAccept.store(true, ordering: .sequentiallyConsistent)
            // Re-check after publishing inAccept: a stop that raced us is then caught by the monitor's SIGUSR1.
            if SignalPipe.stopRequested {
                slot.inAccept.store(false, ordering: .sequentiallyConsistent)
                break
            }
            let status = request.accept()
            slot.inAccept.store(false, ordering: .sequentiallyConsistent)
            guard status >= 0 else {
                if !SignalPipe.stopRequested {
                    log.warning("accept failed", ["status": String(status)])
                    usleep(10_000)  // never spin on a persistent error such as EMFILE
                }
                continue
            }
            serve(request)
            request.finish()
        }
    }

    private func serve(_ connection: FCGXRequest) {
        let params = connection.params()
        let declared = params["CONTENT_LENGTH"].flatMap { Int($0) }
        let response: Response
        if let declared, declared > maxBodyBytes || declared < 0 {
            response = tooLarge(params)
        } else {
            // Without CONTENT_LENGTH read to the end of stdin, one byte past the cap to notice overflow.
            let body = connection.readBody(limit: declared ?? (maxBodyBytes + 1))
            response =
                body.count > maxBodyBytes ? tooLarge(params) : respond(CGIRequest.parse(params: params, body: body))
        }
        write(response, to: connection)
    }

    private func tooLarge(_ params: [String: String]) -> Response {
        var response = ErrorEnvelope.response(for: APIError.payloadTooLarge(limit: maxBodyBytes))
        response.setHeader("X-Request-Id", RequestID.make(incoming: params["HTTP_X_REQUEST_ID"]))
        return response
    }

    private func write(_ response: Response, to connection: FCGXRequest) {
        switch response.body {
        case .bytes(let bytes):
            _ = connection.write(CGIResponse.head(response)) && connection.write(bytes)
        case .stream(let produce):
            guard let stream = streams.admit(socket: connection.socket) else {
                let busy = busyResponse(requestID: response.header("X-Request-Id"))
                _ = connection.write(CGIResponse.head(busy)) && connection.write((try? busy.bodyBytes()) ?? [])
                return
            }
            let writer = FCGXBodyWriter(connection: connection)
            var failure: (any Error)?
            do {
                try writer.write(CGIResponse.head(response))
                try produce(writer)
            } catch {
                failure = error
            }
            // Released before the connection is finished (closed): the limiter never touches a reused fd.
            let cut = streams.release(stream)
            if cut {
                Log.shared.warning(
                    "streamed response stopped at its time limit",
                    ["seconds": String(Int(streams.timeLimit)), "request_id": response.header("X-Request-Id") ?? "-"])
            } else if failure is ClientGone {
                Log.shared.info("client went away during a streamed response")
            } else if let failure {
                Log.shared.error("streamed response failed", ["error": String(describing: failure)])
            }
        }
    }

    /// 503 when this process already runs its share of streams (exports); the client may retry shortly.
    private func busyResponse(requestID: String?) -> Response {
        let error = APIError(
            .serviceUnavailable, code: "exports_busy",
            "Too many exports are running right now. Please try again in a few seconds.",
            headers: [("Retry-After", "5")])
        var response = ErrorEnvelope.response(for: error)
        response.setHeader("X-Request-Id", requestID ?? RequestID.make(incoming: nil))
        return response
    }
}

/// A streamed body's sink: every chunk goes straight out (`FCGX_PutStr` + `FCGX_FFlush`).
final class FCGXBodyWriter: BodyWriter {
    private let connection: FCGXRequest
    private var isGone = false

    init(connection: FCGXRequest) { self.connection = connection }

    func write(_ bytes: [UInt8]) throws {
        guard !isGone, connection.write(bytes), connection.flush() else {
            isGone = true
            throw ClientGone()
        }
    }
}

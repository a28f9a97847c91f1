import Glibc
import Testing

@testable import SmoothScheduleCore

// The supervisor's bookkeeping with made-up pids (security review F14).

/// `#expect` cannot take a mutating call: evaluate it first.
private func same<T: Equatable>(_ value: T, _ expected: T, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(value == expected, sourceLocation: sourceLocation)
}

private func stop(_ pid: pid_t, _ signal: Int32) -> WorkerBook.Signal { WorkerBook.Signal(pid: pid, signal: signal) }

@Test func aGenerationWhoseWorkersAllReportReadyServesAndRetiresTheOldOne() {
    var book = WorkerBook()
    book.beginGeneration([10, 11])
    same(book.finishGeneration([10, 11], expected: 2, ready: [10, 11], now: 100), .adopted(stopping: []))
    #expect(book.servingPIDs == [10, 11])
    book.beginGeneration([20, 21])
    same(book.finishGeneration([20, 21], expected: 2, ready: [20, 21], now: 200), .adopted(stopping: [10, 11]))
    #expect(book.servingPIDs == [20, 21])
    same(book.exited(10, now: 201), .retired)
    same(book.exited(11, now: 201), .retired)
    #expect(book.allPIDs == [20, 21])
    #expect(book.respawns.isEmpty)
}

@Test func aServingWorkerThatDiesIsReplacedWithBackOffWhenItKeepsDyingAtStart() {
    var book = WorkerBook()
    book.beginGeneration([10])
    _ = book.finishGeneration([10], expected: 1, ready: [10], now: 100)
    same(book.exited(10, now: 150), .diedServing(restartIn: 0))
    same(book.takeDueRespawns(now: 150), 1)
    book.replaced(11, now: 150)
    same(book.exited(11, now: 150.5), .diedServing(restartIn: 1))
    same(book.takeDueRespawns(now: 150.5), 0)
    same(book.takeDueRespawns(now: 151.5), 1)
    book.replaced(12, now: 151.5)
    same(book.exited(12, now: 151.6), .diedServing(restartIn: 2))
}

/// The review's sequence: a new worker dies during the wait and is reaped there; the failed start must not put
/// its pid among the retiring, or the next worker the kernel gives that pid is never replaced when it dies.
@Test func aReapedStartingWorkerIsForgottenSoAWorkerReusingItsPidIsStillReplaced() {
    var book = WorkerBook()
    book.beginGeneration([10])
    _ = book.finishGeneration([10], expected: 1, ready: [10], now: 100)
    book.beginGeneration([20, 21])
    same(book.exited(20, now: 200), .diedStarting)
    // Only the live one is signalled: 20 is reaped, and a signal to its pid could reach another process.
    same(book.finishGeneration([20, 21], expected: 2, ready: [21], now: 200), .failed(signals: [stop(21, SIGTERM)]))
    #expect(book.role(of: 20) == nil)
    #expect(book.allPIDs == [10, 21])
    same(book.exited(21, now: 201), .retired)
    // The serving worker dies much later; its replacement happens to get pid 20.
    same(book.exited(10, now: 500), .diedServing(restartIn: 0))
    same(book.takeDueRespawns(now: 500), 1)
    book.replaced(20, now: 500)
    #expect(book.servingPIDs == [20])
    same(book.exited(20, now: 900), .diedServing(restartIn: 0))
    same(book.takeDueRespawns(now: 900), 1)
}

@Test func aNewWorkerThatDiesAfterReportingReadyFailsTheGenerationInsteadOfCountingAsServing() {
    var book = WorkerBook()
    book.beginGeneration([10, 11])
    _ = book.finishGeneration([10, 11], expected: 2, ready: [10, 11], now: 100)
    book.beginGeneration([20, 21])
    same(book.exited(20, now: 200), .diedStarting)
    same(
        book.finishGeneration([20, 21], expected: 2, ready: [20, 21], now: 200), .failed(signals: [stop(21, SIGTERM)]))
    #expect(book.servingPIDs == [10, 11])
    #expect(book.role(of: 20) == nil)
}

@Test func aStartThatSpawnedTooFewWorkersFailsAndKillsTheOnesNotReady() {
    var book = WorkerBook()
    book.beginGeneration([30])
    same(book.finishGeneration([30], expected: 2, ready: [], now: 10), .failed(signals: [stop(30, SIGKILL)]))
    same(book.exited(30, now: 11), .retired)
    #expect(book.allPIDs.isEmpty)
}

@Test func aSighupReadWhileAGenerationStartsIsKeptForLater() {
    var book = WorkerBook()
    book.beginGeneration([10])
    same(book.note([SIGHUP]), false)
    same(book.note([SIGCHLD]), true)
    _ = book.finishGeneration([10], expected: 1, ready: [10], now: 100)
    same(book.takeReload(), true)
    same(book.takeReload(), false)
    same(book.note([SIGHUP, SIGHUP, SIGCHLD]), true)
    same(book.takeReload(), true)
    same(book.takeReload(), false)
}

@Test func anUnknownChildIsIgnored() {
    var book = WorkerBook()
    same(book.exited(77, now: 1), .unknown)
    #expect(book.respawns.isEmpty)
}

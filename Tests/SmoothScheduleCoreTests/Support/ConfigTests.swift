import Foundation
import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

/// Settings come from the environment or the file `SMOOTHSCHEDULE_CONFIG` names; the environment wins.
struct ConfigTests {
    @Test func theLogLevelIsReadFromTheConfigurationFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString).env")
        try "SMOOTHSCHEDULE_LOG_LEVEL=debug\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let config = try Config.load(environment: ["SMOOTHSCHEDULE_CONFIG": file.path])
        #expect(config.logLevel == .debug)
        let overridden = try Config.load(
            environment: ["SMOOTHSCHEDULE_CONFIG": file.path, "SMOOTHSCHEDULE_LOG_LEVEL": "error"])
        #expect(overridden.logLevel == .error)
    }

    @Test func anUnknownOrMissingLogLevelIsInfo() throws {
        #expect(try Config(values: [:]).logLevel == .info)
        #expect(try Config(values: ["SMOOTHSCHEDULE_LOG_LEVEL": "loud"]).logLevel == .info)
    }
}

import Testing

@testable import SmoothScheduleCore
@testable import SmoothScheduleStore

// SMOOTHSCHEDULE_PASSWORD_ITERATIONS is checked at start-up (security review F16).

private func config(iterations: String) throws -> Config {
    try Config(values: ["SMOOTHSCHEDULE_PASSWORD_ITERATIONS": iterations])
}

@Test(arguments: ["1", "0", "-5", "9999", "10000001", "2147483648", "99999999999999999999", "abc", "1e6"])
func passwordIterationsOutsideTheSafeRangeStopStartUp(value: String) {
    #expect {
        try config(iterations: value)
    } throws: { error in
        (error as? ConfigError)?.message
            == "SMOOTHSCHEDULE_PASSWORD_ITERATIONS must be a whole number from 10000 to 10000000, got '\(value)'."
    }
}

@Test(arguments: [("10000", 10_000), ("600000", 600_000), ("10000000", 10_000_000)])
func passwordIterationsInsideTheRangeAreUsed(value: String, expected: Int) throws {
    #expect(try config(iterations: value).passwordIterations == expected)
}
@Test func theDefaultIterationCountIsInsideTheRangeAndVerifiable() throws {
    let iterations = try Config(values: [:]).passwordIterations
    #expect(iterations == PasswordHasher.defaultIterations)
    #expect(PasswordHasher.iterationRange.contains(iterations))
    #expect(PasswordHasher.iterationRange.upperBound <= PasswordHasher.maxVerifiableIterations)
}

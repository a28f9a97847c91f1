/// Per-tenant limits on background work and the job lease (review F7, F9). Read once with the configuration.
public struct JobLimits: Sendable {
    /// Sync jobs of one tenant that may run at once (`SMOOTHSCHEDULE_SYNC_RUNNING_PER_TENANT`).
    public var runningPerTenant: Int
    /// Queued sync jobs one tenant may have; one more request is a 429 (`SMOOTHSCHEDULE_SYNC_QUEUED_PER_TENANT`).
    public var queuedPerTenant: Int
    /// Unused, unexpired OAuth authorizations one tenant may have; one more is a 429
    /// (`SMOOTHSCHEDULE_OAUTH_PENDING_PER_TENANT`).
    public var pendingOAuthPerTenant: Int
    /// Seconds a running job's heartbeat stays good: older, the job is taken as its job runner's death and claimed
    /// again (`SMOOTHSCHEDULE_SYNC_LEASE_SECONDS`). Every job runner of one database must use the same value, and it
    /// should exceed the outbound timeout (one provider call is the longest stretch without a heartbeat).
    public var leaseSeconds: Int64

    public static let defaults = JobLimits(
        runningPerTenant: 2, queuedPerTenant: 100, pendingOAuthPerTenant: 50, leaseSeconds: 60)

    public init(runningPerTenant: Int, queuedPerTenant: Int, pendingOAuthPerTenant: Int, leaseSeconds: Int64) {
        self.runningPerTenant = runningPerTenant
        self.queuedPerTenant = queuedPerTenant
        self.pendingOAuthPerTenant = pendingOAuthPerTenant
        self.leaseSeconds = leaseSeconds
    }

    init(values: [String: String]) throws {
        let d = Self.defaults
        runningPerTenant = try Config.positiveInt(
            values, "SMOOTHSCHEDULE_SYNC_RUNNING_PER_TENANT", default: d.runningPerTenant)
        queuedPerTenant = try Config.positiveInt(
            values, "SMOOTHSCHEDULE_SYNC_QUEUED_PER_TENANT", default: d.queuedPerTenant)
        pendingOAuthPerTenant = try Config.positiveInt(
            values, "SMOOTHSCHEDULE_OAUTH_PENDING_PER_TENANT", default: d.pendingOAuthPerTenant)
        leaseSeconds = Int64(
            try Config.positiveInt(values, "SMOOTHSCHEDULE_SYNC_LEASE_SECONDS", default: Int(d.leaseSeconds)))
    }
}

// The configuration's view of the storage target's types, which know nothing of `Config`.

extension TokenCipher {
    /// The cipher under `SMOOTHSCHEDULE_SECRET_KEY`, still opening what `SMOOTHSCHEDULE_PREVIOUS_SECRET_KEYS` sealed.
    public init(_ config: Config) {
        self.init(secretKey: config.secretKey, previousSecretKeys: config.previousSecretKeys)
    }
}

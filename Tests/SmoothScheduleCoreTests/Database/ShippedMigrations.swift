// The migrations that have shipped, in order, with the SHA-256 of their SQL text (MigrationTextTests).
//
// Append-only, like the migrations: a new migration adds its line here when it ships (the test's failure message
// prints the line). Never change a line: a shipped migration's text is frozen.

enum ShippedMigrations {
    static let hashes: [(id: String, sha256: String)] = [
        ("0001_plans", "a88785de24760f01a01f18e88189982b1812b776157b6bfe45b495bb12afc1fd"),
        ("0002_tenants", "2938d58eb12ac5288041b3b4f5f7f77aa39851326f529ad48f075449fd94794a"),
        ("0003_users_tokens_audit", "fd380c80641b2ce0ea71eb956e36be164006c6d4a15366ae3451ff452bca7af8"),
        ("0004_scheduling", "ceee558331eeb0b8ea3ec602a6f1c8a54b957582c60451cc3f145a3236423ad9"),
        ("0005_oauth", "39d8bb76ff8da537a48869188717ce144c5ad8420524b8e1d4527f985883e05f"),
        ("0007_calendar_sync", "3bb2d21221dc22f465bef91803342ecedb8a4b7fb2f565845671ac35b8f215fe"),
        ("0100_analytics_indexes", "f457b88674522194a9d8061c9e5dda1334ec7218012b503542f4b8213c356eed"),
        ("0101_row_counts", "1d3e91e83cd751e8526f87302abfa97022fb707b179156c3bec5550fade93ce9"),
        ("0102_appointments_resource_end", "8b41bf787771d7cd75d91d68e8bf78a6dc7ab12b3f5094e35aed74c9d2f07581"),
        ("0103_appointments_tenant_service", "a783e4e2bc7941ec340f543cec0332c3f9888fddf7dadf796dc7ba0ebca26dc0"),
        ("0201_ids_never_reused", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("0202_calendar_rows_detached", "133e0b3175e5d85db5c6f1154df7297323f43b227e69a8c9a600cb794275402a"),
        ("0211_login_known_addresses", "42f5c88f3149e8375f0c367c3525239957e5ec2554faae28e5b17a1c59e04763"),
        ("0212_login_work", "47813e879001e446648978d15baaa17024a38cbdc7ba704859189ee35eaefdbe"),
        ("0251_customers_tenant_email", "9249e87c9ee6abc856a5bb2e94673a13e0146457f99c22184ebc1497db08052c"),
        ("0252_appointments_tenant_customer", "31d21b372c4d88cb77e8e037006090af66a41b4e08ed2d64b1082799aa0c3271"),
        ("0241_fair_sync_jobs", "77f94e2911f4822bec0cfc6e16a1e05a5c1d5a4200fe62b366cc70c1702d9792"),
        ("0301_working_hours", "5cd615cdea3269adf9d5fa35b299c06b2cd54f0f18732a3ff284e2d163f6f8f9"),
        ("0302_time_off_closures", "50e003fce39f4c2994b95211aa6e43041f9cfeae8e58686645cf160b33f397e7"),
        ("0303_service_buffers", "b6c04b51af0a33aabb466d8fe9000f5512e4fdb097b2b57bf4477dc4a73dbd8a"),
        ("0304_busy_time_indexes", "d95fec7e575dcc778c32d33cd0f4cd11c760c5650a1a93367f40538e0f80e9cd"),
        ("0305_calendar_sources", "312e09f700b4d26dfd79573ca4140ea4567d3e0f207f2a207c7971735fa599c0"),
        ("0401_webhooks", "9bff972017cb72951d1c82203577812bd9c447e17ab1316159548cbe57ac2d59"),
        ("0402_webhook_events", "51ffc879cd3b7020538e3ca901a40cbc1c88b94dcd02e1837c2b42cd23f177c5"),
        ("0403_webhook_deliveries", "e122758d05169fe8d560cf984710ed24005fafc908671aa95e797f6bcf8ecbb7"),
        ("0404_webhook_delivery_indexes", "cd6cc02e7ab17446706ac25d6875eb120a819af26912cf38fb16a2d9778c08f9"),
        ("0405_webhook_turns", "6a42f0259fcd225c878c562baa707f96e6b9b94826daa5cc98a87306e4b04a75"),
    ]

    /// Migration 0201 runs Swift steps (its SQL is empty), so its text hash says nothing: the schema right after
    /// it, on a fresh database, is frozen instead (`MigrationTextTests.theSchemaAfterTheIDRebuildIsFrozen`).
    static let schemaAfter0201 = "12e588f5afdaba1129974b85771cb79049f87a5f4bf074fd9977f6f6081087dd"
}

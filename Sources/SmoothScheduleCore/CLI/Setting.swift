/// One `KEY=VALUE` of `tenant set` / `plan set`, checked and turned into a column and a stored value.
struct Setting {
    let column: TenantColumn
    let value: SQLValue

    /// Tenants accept `default` (follow the plan); quotas accept `unlimited`.
    static func parse(_ text: String, forTenant: Bool, db: Database) throws -> Setting {
        guard let eq = text.firstIndex(of: "=") else { throw CommandError("expected KEY=VALUE, got '\(text)'") }
        let key = String(text[..<eq])
        let value = String(text[text.index(after: eq)...])
        if let feature = Feature(rawValue: key) {
            switch value {
            case "true": return Setting(column: .feature(feature), value: .int(1))
            case "false": return Setting(column: .feature(feature), value: .int(0))
            case "default" where forTenant: return Setting(column: .feature(feature), value: .null)
            default: throw CommandError("\(key) takes true, false\(forTenant ? " or default" : ""), got '\(value)'")
            }
        }
        if let quota = Quota(rawValue: key) {
            if value == "default" && forTenant { return Setting(column: .quota(quota), value: .null) }
            if value == "unlimited" {
                return Setting(column: .quota(quota), value: forTenant ? .int(QuotaOverride.unlimited.stored) : .null)
            }
            guard let n = Int(value), n >= 0, n <= 1_000_000_000 else {
                throw CommandError(
                    "\(key) takes a whole number, unlimited\(forTenant ? " or default" : ""), got '\(value)'")
            }
            return Setting(column: .quota(quota), value: .int(n))
        }
        switch key {
        case "name":
            guard !value.isEmpty else { throw CommandError("name cannot be empty") }
            return Setting(column: .name, value: .text(value))
        case "timezone" where forTenant:
            guard TimeZones.isValid(value) else { throw CommandError("unknown time zone '\(value)'") }
            return Setting(column: .timezone, value: .text(value))
        case "plan" where forTenant:
            guard try TenantStore(db).findPlan(value) != nil else { throw CommandError("unknown plan '\(value)'") }
            return Setting(column: .plan, value: .text(value))
        default:
            throw CommandError("unknown setting '\(key)'")
        }
    }
}

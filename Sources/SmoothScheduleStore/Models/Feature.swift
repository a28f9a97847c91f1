/// A plan feature: the permission keys of docs/api.md §3, with the names used in messages.
public enum Feature: String, CaseIterable, Sendable {
    case smsReminders = "can_use_sms_reminders"
    case maskedPhoneNumbers = "can_use_masked_phone_numbers"
    case customDomain = "can_use_custom_domain"
    case whiteLabel = "can_white_label"
    case plugins = "can_create_plugins"
    case webhooks = "can_use_webhooks"
    case calendarSync = "can_use_calendar_sync"
    case analytics = "can_access_analytics"
    case exportData = "can_export_data"

    public var displayName: String {
        switch self {
        case .smsReminders: return "SMS Reminders"
        case .maskedPhoneNumbers: return "Masked Calling"
        case .customDomain: return "Custom Domains"
        case .whiteLabel: return "White Labeling"
        case .plugins: return "Plugins"
        case .webhooks: return "Webhooks"
        case .calendarSync: return "Calendar Sync"
        case .analytics: return "Analytics"
        case .exportData: return "Data Export"
        }
    }
}

/// A plan quota (docs/api.md §3); `nil` limits mean unlimited.
public enum Quota: String, CaseIterable, Sendable {
    case maxUsers = "max_users"
    case maxResources = "max_resources"
    case maxServices = "max_services"
    case maxAppointmentsPerMonth = "max_appointments_per_month"
    case maxEmailTemplates = "max_email_templates"
    case maxAutomatedTasks = "max_automated_tasks"

    /// The plural noun used in the quota message.
    public var noun: String {
        switch self {
        case .maxUsers: return "users"
        case .maxResources: return "resources"
        case .maxServices: return "services"
        case .maxAppointmentsPerMonth: return "appointments a month"
        case .maxEmailTemplates: return "email templates"
        case .maxAutomatedTasks: return "automated tasks"
        }
    }
}

/// A user's role. Tenant roles plus the platform `superuser` (docs/api.md §2.4).
public enum Role: String, CaseIterable, Sendable {
    case owner, manager, staff, customer, superuser
}

/// A set of roles a route allows.
public struct Roles: Sendable {
    public let allowed: Set<String>
    public init(_ roles: Role...) { allowed = Set(roles.map(\.rawValue)) }

    /// Superusers may do anything a tenant role may.
    public func permits(_ role: Role) -> Bool { role == .superuser || allowed.contains(role.rawValue) }

    public static let any = Roles(.owner, .manager, .staff, .customer)
    public static let ownerOnly = Roles(.owner)
    public static let ownerOrManager = Roles(.owner, .manager)
    public static let team = Roles(.owner, .manager, .staff)
}

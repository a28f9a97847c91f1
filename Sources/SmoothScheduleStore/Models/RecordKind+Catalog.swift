// THE table of scheduling kinds (docs/api.md §5): fields, who may read and write, what a customer user sees, and the
// quota on create. Kind-specific rules live with the handlers (Handlers/Scheduling/RecordRules.swift).

extension RecordKind {
    static let nameField = Field("name", .text(maxLength: 200, allowBlank: false), required: true)
    static let longText = Field.FieldType.text(maxLength: 10_000, allowBlank: true)
    public static let appointmentStatuses = ["PENDING", "CONFIRMED", "COMPLETED", "CANCELLED", "NO_SHOW"]
    static let tenantRoles = [Role.owner, .manager, .staff, .customer].map(\.rawValue)

    public static let users = RecordKind(
        path: "users", table: "users", noun: "user",
        fields: [
            Field("email", .email(allowBlank: false), required: true),
            Field("name", .text(maxLength: 200, allowBlank: true)),
            Field("role", .choice(tenantRoles), required: true),
            Field("is_active", .bool),
            Field("password", .password),
        ],
        quota: .maxUsers, readRoles: .ownerOrManager, writeRoles: .ownerOnly, customerView: .nothing, order: "id")

    public static let resources = RecordKind(
        path: "resources", table: "resources", noun: "resource",
        fields: [
            nameField, Field("type", .choice(["staff", "room", "equipment"]), required: true),
            Field("is_active", .bool),
        ],
        quota: .maxResources, readRoles: .any, writeRoles: .ownerOrManager, customerView: .everything, order: "id")

    public static let services = RecordKind(
        path: "services", table: "services", noun: "service",
        fields: [
            nameField, Field("description", longText),
            Field("duration_minutes", .integer(1...525_600), required: true),
            Field("price_cents", .integer(0...1_000_000_000_000)), Field("currency", .currency),
            Field("is_active", .bool),
            // docs/api.md §13: the resource stays taken this long before and after each appointment of the service.
            Field("buffer_before_minutes", .integer(0...1440)), Field("buffer_after_minutes", .integer(0...1440)),
        ],
        quota: .maxServices, readRoles: .any, writeRoles: .ownerOrManager, customerView: .everything, order: "id")

    public static let customers = RecordKind(
        path: "customers", table: "customers", noun: "customer",
        fields: [
            nameField, Field("email", .email(allowBlank: true)), Field("phone", .text(maxLength: 50, allowBlank: true)),
            Field("notes", longText),
        ],
        quota: nil, readRoles: .any, writeRoles: .team, customerView: .ownCustomerRecord, order: "id")

    public static let appointments = RecordKind(
        path: "appointments", table: "appointments", noun: "appointment",
        fields: [
            Field("resource_id", .reference(table: "resources", nullable: false), required: true),
            Field("service_id", .reference(table: "services", nullable: false), required: true),
            Field("customer_id", .reference(table: "customers", nullable: true)),
            Field("start_time", .instant, required: true), Field("end_time", .instant),
            Field("status", .choice(appointmentStatuses)), Field("price_cents", .integer(0...1_000_000_000_000)),
            Field("notes", longText),
        ],
        quota: .maxAppointmentsPerMonth, readRoles: .any, writeRoles: .team, customerView: .ownAppointments,
        order: "start_time, id")

    public static let emailTemplates = RecordKind(
        path: "email-templates", table: "email_templates", noun: "email template",
        fields: [nameField, Field("subject", .text(maxLength: 200, allowBlank: true)), Field("body", longText)],
        quota: .maxEmailTemplates, readRoles: .team, writeRoles: .ownerOrManager, customerView: .nothing, order: "id")

    public static let automatedTasks = RecordKind(
        path: "automated-tasks", table: "automated_tasks", noun: "automated task",
        fields: [nameField, Field("trigger", .text(maxLength: 200, allowBlank: true)), Field("is_active", .bool)],
        quota: .maxAutomatedTasks, readRoles: .team, writeRoles: .ownerOrManager, customerView: .nothing, order: "id")

    public static let all: [RecordKind] = [
        users, resources, services, customers, appointments, emailTemplates, automatedTasks,
    ]
}

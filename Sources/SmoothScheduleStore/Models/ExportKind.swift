/// What can be exported (docs/api.md §8).
public enum ExportKind: String, CaseIterable, Sendable {
    case appointments, customers, resources, services
}

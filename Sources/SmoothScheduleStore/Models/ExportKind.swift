/// What can be exported (API.md §8).
public enum ExportKind: String, CaseIterable, Sendable {
    case appointments, customers, resources, services
}

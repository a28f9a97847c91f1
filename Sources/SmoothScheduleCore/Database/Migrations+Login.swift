// Login throttle and customer visibility (review F3, F4, F5, F10).

extension Migrations {
    static let login: [Migration] = []
}

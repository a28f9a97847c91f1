enum AnalyticsDocs { static let operations: [OperationDoc] = [] }

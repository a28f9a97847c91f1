// Reading a webhook from a JSON body: every field checked, every problem reported in `fields` (docs/api.md §15).

enum WebhookBody {
    static let fields: Set<String> = ["url", "events", "description", "is_active"]
    static let maxDescription = 500

    /// The fields the body sets; on create `url` and `events` are required. The URL is parsed by curl's parser and
    /// resolved: a host that does not resolve, or (unless private targets are allowed) resolves to an address that
    /// is not public, is a 400 on `url`. Resolution happens here, outside any transaction.
    static func read(_ request: Request, isCreate: Bool, _ context: TenantContext) throws -> WebhookStore.Fields {
        var body = try BodyReader(request)
        body.allowOnly(fields)
        var fields = WebhookStore.Fields()
        if let url = body.string("url", required: isCreate, maxLength: WebhookAddress.maxURLLength, allowEmpty: false) {
            do {
                fields.url = try WebhookAddress.check(url, allowPrivate: context.config.webhooks.allowPrivate)
                    .url.normalized
            } catch let error as WebhookAddressError {
                body.fail("url", error.message)
            }
        }
        fields.events = events(&body, required: isCreate)
        fields.description = body.string("description", maxLength: maxDescription)
        fields.isActive = body.bool("is_active")
        try body.finish()
        return fields
    }

    /// A non-empty list of known event types, or `["*"]` (which absorbs any others).
    private static func events(_ body: inout BodyReader, required: Bool) -> [String]? {
        guard let value = body.value("events") else {
            if required { body.fail("events", "This field is required.") }
            return nil
        }
        guard case .array(let items) = value else {
            body.fail("events", "Must be a list of event types.")
            return nil
        }
        guard !items.isEmpty else {
            body.fail("events", "This list may not be empty: name at least one event type, or \"*\" for all.")
            return nil
        }
        let known = WebhookEventType.allCases.map(\.rawValue)
        var chosen: [String] = []
        for item in items {
            guard let name = item.stringValue, name == WebhookEventType.wildcard || known.contains(name) else {
                let shown = item.stringValue.map { "\"\($0.prefix(60))\"" } ?? "A non-string item"
                body.fail("events", "\(shown) is not a valid event type (\(known.joined(separator: ", ")), or \"*\").")
                return nil
            }
            if !chosen.contains(name) { chosen.append(name) }
        }
        return chosen.contains(WebhookEventType.wildcard) ? [WebhookEventType.wildcard] : chosen
    }
}

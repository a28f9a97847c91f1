// The webhook rows of the route table (docs/api.md §15): every one behind `can_use_webhooks`, owners and managers.

extension Routes {
    static let webhooks: [Route] = {
        let manage = Access.tenantMember(roles: .ownerOrManager, feature: .webhooks)
        return [
            Route("/api/webhooks/", access: manage, [.get(WebhookHandlers.list), .post(WebhookHandlers.create)]),
            Route(
                "/api/webhooks/<id>/", access: manage,
                [
                    .get(WebhookHandlers.show), .patch(WebhookHandlers.update), .delete(WebhookHandlers.delete),
                ]),
            Route("/api/webhooks/<id>/rotate-secret/", access: manage, [.post(WebhookHandlers.rotateSecret)]),
            Route("/api/webhooks/<id>/ping/", access: manage, [.post(WebhookHandlers.ping)]),
            Route("/api/webhooks/<id>/deliveries/", access: manage, [.get(WebhookHandlers.deliveries)]),
            Route(
                "/api/webhooks/<id>/deliveries/<delivery_id>/redeliver/", access: manage,
                [.post(WebhookHandlers.redeliver)]),
        ]
    }()
}

"""Schemathesis hooks for `scripts/stress schemathesis` (loaded through SCHEMATHESIS_HOOKS; see schemathesis.toml).

`--checks all` runs `positive_data_acceptance`: a request the OpenAPI document calls valid must not be refused.
A few rules cannot be stated in an OpenAPI 3.0 schema, because they relate two fields or a field to stored data:
an end before its start, a range longer than the server allows, an id of a row that does not exist in this
tenant, wrong credentials. Schemathesis's generated data breaks them constantly, so schemathesis.toml lets a
400 through `positive_data_acceptance`, and the check below takes over: a 400 to schema-valid data passes only
when every field it names (or its code) is one of the rules listed here, with the server's exact message.
Any other 400 to valid data (a length, format, blank or enum rule the document does not state) fails the run.
"""
import schemathesis

REFERENCE = "Invalid pk "  # RecordBody.requireReferences: a referenced row of this tenant does not exist
NO_RESOURCE = "No resource with this id."
APPOINTMENT = {
    "resource_id": [REFERENCE], "service_id": [REFERENCE], "customer_id": [REFERENCE],
    "end_time": ["Must be after start_time."],  # AppointmentRules: end after start (also against the stored row)
}
EVENT = {"end_time": ["Must be after start_time."], "resource_id": [NO_RESOURCE]}
SYNC = {  # SyncRequest.enqueue: a connection of this tenant, a window of at most 731 days, end on/after start
    "credential_id": ["No calendar connection with this id.", "This calendar connection is no longer valid"],
    "resource_id": [NO_RESOURCE],
    "end_date": ["Must be on or after start_date.", "A sync may cover at most"],
}
WEBHOOK = {"url": ["Enter a valid URL", "The URL must", "The URL's host", "The URL's port", "Ensure the URL"]}
REPORT = {"end_date": ["The end date is before the start date.", "A report covers at most"]}  # ReportRange
# Working hours, time off, closures and free slots (docs/api.md §13): a zone the tz database must know, rules that may
# not overlap each other, an end that differs from its start, one closure per date, a range of at most 62 days.
ZONE = ["Unknown time zone", "Only with rules"]
HOURS = {"timezone": ZONE, **{f"rules[{i}]": ["Overlaps rules["] for i in range(100)},
         **{f"rules[{i}].end": ["Must differ from start"] for i in range(100)}}
TIME_OFF = {"end_time": ["Must be after start_time."]}
CLOSURE = {"date": ["There is already a closure on"]}
SLOTS = {"end_date": ["Must be on or after start_date.", "At most 62 days"], "service_id": [REFERENCE],
         "timezone": ZONE}

# "METHOD /path" (as in the document) -> {field: [message prefixes]} or {"code": [codes]}.
STATED_RULES = {
    "POST /api/appointments/": APPOINTMENT,
    "PATCH /api/appointments/{id}/": APPOINTMENT,
    "POST /api/events/": EVENT,
    "PATCH /api/events/{id}/": EVENT,
    "POST /api/calendar/sync/": SYNC,
    "POST /api/events/sync_from_calendar/": SYNC,
    "GET /api/analytics/appointments/": REPORT,
    "GET /api/analytics/revenue/": REPORT,
    "GET /api/export/{kind}/": {"end_date": ["The end date is before the start date."]},
    # A webhook URL must parse (curl's parser) and resolve to public addresses: DNS is no schema matter.
    "POST /api/webhooks/": WEBHOOK,
    "PATCH /api/webhooks/{id}/": WEBHOOK,
    "PUT /api/working-hours/": HOURS,
    "PUT /api/resources/{id}/working-hours/": HOURS,
    "POST /api/resources/{id}/time-off/": TIME_OFF,
    "PATCH /api/resources/{id}/time-off/{time_off_id}/": TIME_OFF,
    "POST /api/closures/": CLOSURE,
    "PATCH /api/closures/{id}/": CLOSURE,
    "GET /api/resources/{id}/availability/": SLOTS,
    # Credentials are no schema matter: schemathesis cannot know the password (docs/api.md §4's one 400).
    "POST /api/auth/login/": {"code": ["invalid_credentials"]},
}


@schemathesis.check
def positive_400_names_only_cross_field_rules(ctx, response, case):
    """A 400 to schema-valid data must come from a rule in STATED_RULES, never from a rule the document omits."""
    meta = case.meta
    if response.status_code != 400 or meta is None or not meta.generation.mode.is_positive:
        return None
    label = f"{case.operation.method.upper()} {case.operation.path}"
    rules = STATED_RULES.get(label, {})
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(f"{label}: schema-valid data refused with a 400 that is not the JSON envelope")
    if body.get("code") in rules.get("code", []):
        return None
    fields = body.get("fields") or {"(no field)": [body.get("error", "")]}
    unexplained = {
        name: messages for name, messages in fields.items()
        if not all(any(m.startswith(p) for p in rules.get(name, [])) for m in messages)
    }
    if unexplained:
        raise AssertionError(
            f"{label}: schema-valid data refused for a rule the document does not state: {unexplained}")
    return None

-- Baseline for the CSV export: the same join and order as Stores/ExportStore.swift, written by the sqlite3 shell.
SELECT a.id, a.resource_id, r.name, a.service_id, s.name, a.customer_id, c.name,
       strftime('%Y-%m-%dT%H:%M:%SZ', a.start_time, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%SZ', a.end_time, 'unixepoch'),
       date(a.start_time + 3600, 'unixepoch'), strftime('%H:%M', a.start_time + 3600, 'unixepoch'),
       strftime('%H:%M', a.end_time + 3600, 'unixepoch'), 'Europe/Berlin',
       a.status, a.price_cents, s.currency, a.notes, strftime('%Y-%m-%dT%H:%M:%SZ', a.created_at, 'unixepoch')
FROM appointments a
JOIN resources r ON r.id = a.resource_id
JOIN services s ON s.id = a.service_id
LEFT JOIN customers c ON c.id = a.customer_id
WHERE a.tenant_id = 1
ORDER BY a.start_time, a.id;

-- Baseline for GET /api/analytics/dashboard/: the statements of Stores/AnalyticsStore*.swift that the dashboard
-- runs, for tenant 1, with the time-zone spans reduced to one fixed offset.
SELECT status, count(*) FROM appointments WHERE tenant_id = 1 GROUP BY status;
SELECT status, count(*) FROM appointments WHERE tenant_id = 1
  AND start_time >= strftime('%s', 'now', 'start of month') AND start_time < strftime('%s', 'now', 'start of month', '+1 month')
  GROUP BY status;
SELECT status, count(*) FROM appointments WHERE tenant_id = 1 AND start_time < strftime('%s', 'now') GROUP BY status;
SELECT count(*) FROM appointments WHERE tenant_id = 1 AND status IN ('PENDING', 'CONFIRMED') AND start_time >= strftime('%s', 'now');
SELECT total(price_cents) FROM appointments WHERE tenant_id = 1 AND status = 'COMPLETED'
  AND start_time >= strftime('%s', 'now', 'start of month') AND start_time < strftime('%s', 'now', 'start of month', '+1 month');
SELECT total(price_cents) FROM appointments WHERE tenant_id = 1 AND status = 'COMPLETED'
  AND start_time >= strftime('%s', 'now', 'start of month', '-1 month') AND start_time < strftime('%s', 'now', 'start of month');
SELECT s.id, s.name, s.currency, count(*) AS n, total(a.price_cents) AS cents
  FROM appointments a JOIN services s ON s.id = a.service_id
  WHERE a.tenant_id = 1 AND a.status <> 'CANCELLED' GROUP BY s.id ORDER BY n DESC, cents DESC, s.id LIMIT 5;
SELECT s.id, s.name, s.currency, count(*) AS n, total(a.price_cents) AS cents
  FROM appointments a JOIN services s ON s.id = a.service_id
  WHERE a.tenant_id = 1 AND a.status = 'COMPLETED' GROUP BY s.id ORDER BY cents DESC, n DESC, s.id LIMIT 5;
SELECT min(start_time), max(start_time) FROM appointments WHERE tenant_id = 1;
SELECT ((start_time + 3600) / 86400 + 3) % 7 AS weekday, (start_time + 3600) % 86400 / 3600 AS hour, count(*)
  FROM appointments WHERE tenant_id = 1 AND status <> 'CANCELLED' GROUP BY weekday, hour;
SELECT r.id, r.name,
       (SELECT total(min(a.end_time, strftime('%s', 'now')) - max(a.start_time, strftime('%s', 'now', '-30 days')))
        FROM appointments a
        WHERE a.tenant_id = 1 AND a.resource_id = r.id AND a.status <> 'CANCELLED'
          AND a.start_time < strftime('%s', 'now') AND a.end_time > strftime('%s', 'now', '-30 days')) AS booked
  FROM resources r WHERE r.tenant_id = 1 AND r.is_active ORDER BY r.id;

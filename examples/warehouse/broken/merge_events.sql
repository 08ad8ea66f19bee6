-- Upserts one day of events into a table clustered by event_date. The ON condition names only the
-- key, so every run scans the whole multi-year table to find matches for one day.
MERGE INTO analytics.events AS t
USING (SELECT * FROM raw.events WHERE event_date = '{{ ds }}') AS s
ON t.event_id = s.event_id
WHEN MATCHED THEN UPDATE SET payload = s.payload
WHEN NOT MATCHED THEN INSERT (event_id, event_date, payload) VALUES (s.event_id, s.event_date, s.payload);

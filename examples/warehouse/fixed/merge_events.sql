-- Upserts one day of events. The date in the ON condition lets the warehouse prune to that day.
MERGE INTO analytics.events AS t
USING (SELECT * FROM raw.events WHERE event_date = '{{ ds }}') AS s
ON t.event_id = s.event_id AND t.event_date = s.event_date
WHEN MATCHED THEN UPDATE SET payload = s.payload
WHEN NOT MATCHED THEN INSERT (event_id, event_date, payload) VALUES (s.event_id, s.event_date, s.payload);

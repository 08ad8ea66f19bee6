-- Loads the day's event files from the landing stage. Snowflake's load metadata skips files
-- that were already loaded, so a retry loads only what is new.
COPY INTO raw.events
FROM @landing/events/{{ ds }}/
FILE_FORMAT = (TYPE = 'JSON');

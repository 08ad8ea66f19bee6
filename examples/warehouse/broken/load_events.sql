-- Loads the day's event files from the landing stage. FORCE = TRUE was added once to recover from an
-- incident and never removed: every run now reloads every file still in the stage.
COPY INTO raw.events
FROM @landing/events/{{ ds }}/
FILE_FORMAT = (TYPE = 'JSON')
FORCE = TRUE;

-- The day comes from the run, so a delayed run or a backfill loads the day it was asked for.
BEGIN TRANSACTION;

DELETE FROM analytics.daily_signups WHERE signup_date = '{{ ds }}';

INSERT INTO analytics.daily_signups (signup_date, channel, signups)
SELECT u.signup_date, u.channel, count(*)
FROM raw.users AS u
WHERE u.signup_date = '{{ ds }}'
GROUP BY u.signup_date, u.channel;

COMMIT;

-- "Yesterday" according to the clock: a run delayed past midnight loads the wrong day, and a
-- backfill of last month loads yesterday thirty times.
BEGIN TRANSACTION;

DELETE FROM analytics.daily_signups WHERE signup_date = dateadd(day, -1, current_date);

INSERT INTO analytics.daily_signups (signup_date, channel, signups)
SELECT u.signup_date, u.channel, count(*)
FROM raw.users AS u
WHERE u.signup_date = dateadd(day, -1, current_date)
GROUP BY u.signup_date, u.channel;

COMMIT;

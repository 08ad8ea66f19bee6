-- "Yesterday" according to the clock: a run delayed past midnight loads the wrong day, and a
-- backfill of last month loads yesterday thirty times.
MERGE INTO analytics.daily_signups AS t
USING (
  SELECT u.signup_date, u.channel, count(*) AS signups
  FROM raw.users AS u
  WHERE u.signup_date = current_date - 1
  GROUP BY u.signup_date, u.channel
) AS s
ON t.signup_date = s.signup_date AND t.channel = s.channel
WHEN MATCHED THEN UPDATE SET signups = s.signups
WHEN NOT MATCHED THEN INSERT (signup_date, channel, signups) VALUES (s.signup_date, s.channel, s.signups);

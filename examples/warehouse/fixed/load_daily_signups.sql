-- The day comes from the run, so a delayed run or a backfill loads the day it was asked for.
MERGE INTO analytics.daily_signups AS t
USING (
  SELECT u.signup_date, u.channel, count(*) AS signups
  FROM raw.users AS u
  WHERE u.signup_date = '{{ ds }}'
  GROUP BY u.signup_date, u.channel
) AS s
ON t.signup_date = s.signup_date AND t.channel = s.channel
WHEN MATCHED THEN UPDATE SET signups = s.signups
WHEN NOT MATCHED THEN INSERT (signup_date, channel, signups) VALUES (s.signup_date, s.channel, s.signups);

import snowflake from 'snowflake-sdk';

const connection = snowflake.createConnection({
  account: process.env.SNOWFLAKE_ACCOUNT ?? '',
  username: process.env.SNOWFLAKE_USER ?? '',
  warehouse: 'dashboard_wh',
});

/** Rebuilds the revenue tile of the sales dashboard from the warehouse. */
function refreshRevenueTile(): void {
  connection.execute({ sqlText: 'CALL analytics.refresh_revenue_tile()' });
}

// The sales team reads the dashboard a few times a day: an hourly refresh is fresh enough, and the
// warehouse suspends in between.
const HOUR_MS = 60 * 60 * 1000;
setInterval(refreshRevenueTile, HOUR_MS);

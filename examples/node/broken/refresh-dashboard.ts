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

// "The dashboard should feel live": the sales team looks at it in the Monday meeting.
setInterval(refreshRevenueTile, 15_000);

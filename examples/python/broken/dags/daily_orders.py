"""Loads each day's orders into the warehouse; the dashboard that reads them refreshes twice a day."""
from datetime import datetime

from airflow import DAG
from airflow.providers.postgres.operators.postgres import PostgresOperator

with DAG(
    "daily_orders",
    start_date=datetime(2024, 1, 1),
    schedule="*/1 * * * *",
    catchup=False,
    default_args={"retries": 3},
) as dag:
    PostgresOperator(
        task_id="load_orders",
        postgres_conn_id="warehouse",
        sql="""
            INSERT INTO analytics.daily_orders (order_id, customer_id, amount, ds)
            SELECT id, customer_id, amount, '{{ ds }}'
            FROM raw.orders
            WHERE created_at::date = '{{ ds }}'
        """,
    )

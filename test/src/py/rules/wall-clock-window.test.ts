import rule from '@pipelint/engine/internal/py/rules/wall-clock-window/index.js';
import { testPyRule } from './tester.js';

const AIRFLOW = 'from datetime import datetime, date, timedelta\nfrom airflow import DAG\nfrom airflow.decorators import task\nfrom airflow.operators.python import PythonOperator\n\n';

testPyRule(rule, {
  valid: [
    { name: 'the logical date from the context', code: AIRFLOW + 'def export(ds, **kwargs):\n    run_day = ds\n    load(run_day)\n\nPythonOperator(task_id="export", python_callable=export)\n' },
    { name: 'timing a task', code: AIRFLOW + 'def export(ds, **kwargs):\n    start = datetime.now()\n    load(ds)\n    print("took", datetime.now() - start)\n\nPythonOperator(task_id="export", python_callable=export)\n' },
    { name: 'a day printed in a log line', code: AIRFLOW + 'def export(ds, **kwargs):\n    print("today:", datetime.now().strftime("%Y-%m-%d"))\n    log.info("run at %s", date.today())\n\nPythonOperator(task_id="export", python_callable=export)\n' },
    { name: 'a day assigned and only printed', code: AIRFLOW + 'def upload(ds, **kwargs):\n    day = datetime.now().strftime("%Y-%m-%d")\n    print("date:", day)\n    upload_files(ds)\n\nPythonOperator(task_id="upload", python_callable=upload)\n' },
    { name: 'an audit stamp with the time of day', code: AIRFLOW + '@task\ndef stamp(**context):\n    row["loaded_at"] = datetime.now().strftime("%Y-%m-%d %H:%M:%S")\n' },
    { name: 'a Param default of a manually triggered backfill DAG', code: AIRFLOW + 'from airflow.models.param import Param\n\nwith DAG("backfill", params={"end_date": Param(date.today().isoformat(), type="string")}):\n    pass\n' },
    { name: 'a plain function that is no task', code: AIRFLOW + 'def helper(rows, **options):\n    return date.today()\n' },
    { name: 'a task without the logical date in its signature', code: AIRFLOW + '@task\ndef warm_cache():\n    refresh(until=date.today())\n' },
    { name: 'a Celery task (no logical date exists)', code: 'from datetime import date\nfrom celery import shared_task\n\n@shared_task\ndef nightly(**kwargs):\n    purge(before=date.today())\n' },
    { name: 'a PySpark job with no Airflow', code: 'from datetime import date\nfrom pyspark.sql import SparkSession\n\ndef run(spark, **opts):\n    spark.table("raw").where(f"ds = \'{date.today()}\'")\n' },
    { name: 'a static start_date', code: AIRFLOW + 'with DAG("d", start_date=datetime(2024, 1, 1), schedule="@daily"):\n    pass\n' },
  ],
  invalid: [
    {
      name: 'a classic PythonOperator callable that is handed ds but reads the clock',
      code: AIRFLOW + 'def grower_export(ds, **kwargs):\n    day = datetime.now().strftime("%Y-%m-%d")\n    export_growers(until=day)\n\nPythonOperator(task_id="export", python_callable=grower_export)\n',
      errors: [
        {
          messageId: 'inTask',
          line: 7,
          column: 11,
          endColumn: 25,
          message: 'The day this task works on is read from the clock, not from the run: a retry, a late start or a backfill computes another day. Use the logical date Airflow passes (`ds`).',
        },
      ],
    },
    {
      name: 'a TaskFlow task taking the context and using date.today()',
      code: AIRFLOW + '@task\ndef extract(**context):\n    day = date.today() - timedelta(days=1)\n    return query(f"SELECT * FROM orders WHERE day = \'{day}\'")\n',
      errors: [{ messageId: 'inTask', line: 8, column: 11, message: 'The day this task works on is read from the clock, not from the run: a retry, a late start or a backfill computes another day. Use the logical date Airflow passes (`context["data_interval_start"]`).' }],
    },
    {
      name: 'a folder named from the clock at parse time',
      code: 'import datetime\nfrom airflow import DAG\n\npull_date = datetime.datetime.now().strftime("%Y-%m-%d")\nwith DAG("monthly", schedule="@monthly"):\n    pull(prefix=f"gs://bucket/{pull_date}/")\n',
      errors: [{ messageId: 'atParse', line: 4, column: 13 }],
    },
  ],
});

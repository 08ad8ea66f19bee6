import rule from '@pipelint/engine/internal/py/rules/freshness-cost/index.js';
import { testPyRule } from './tester.js';

testPyRule(rule, {
  valid: [
    { name: 'an hourly preset', code: 'from airflow import DAG\nwith DAG("d", schedule="@hourly"):\n    pass\n' },
    { name: 'every 15 minutes', code: 'from airflow import DAG\nDAG("d", schedule="*/15 * * * *")\n' },
    { name: 'a five-minute timedelta (at the limit)', code: 'from datetime import timedelta\nfrom airflow import DAG\nDAG("d", schedule=timedelta(minutes=5))\n' },
    { name: 'a one-minute retry delay is not a schedule', code: 'from datetime import timedelta\nfrom airflow import DAG\nDAG("d", schedule="@daily", default_args={"retry_delay": timedelta(minutes=1)})\n' },
    { name: 'a sensor poke interval is not a schedule', code: 'from airflow.sensors.filesystem import FileSensor\nFileSensor(task_id="s", filepath="x", poke_interval=30)\n' },
    { name: 'a DAG class that is not Airflow', code: 'from mylib.graph import DAG\nDAG("d", schedule="* * * * *")\n' },
    { name: 'no import of Airflow at all', code: 'class DAG:\n    pass\nDAG(schedule="* * * * *")\n' },
    { name: 'office-hours cron is uneven and left alone', code: 'from airflow import DAG\nDAG("d", schedule="* 9-17 * * 1-5")\n' },
    { name: 'a schedule read at run time', code: 'import os\nfrom airflow import DAG\nDAG("d", schedule=os.environ["SCHEDULE"])\n' },
    { name: 'a timedelta built from a variable', code: 'from datetime import timedelta\nfrom airflow import DAG\nDAG("d", schedule=timedelta(minutes=N))\n' },
    { name: 'a Dagster daily schedule', code: 'from dagster import ScheduleDefinition\nScheduleDefinition(job=j, cron_schedule="0 6 * * *")\n' },
    { name: 'a raised limit', code: 'from airflow import DAG\nDAG("d", schedule="*/5 * * * *")\n', options: { minIntervalMinutes: 5 } },
  ],
  invalid: [
    {
      name: 'a cron every minute',
      code: 'from airflow import DAG\nwith DAG("orders", schedule="*/1 * * * *") as dag:\n    pass\n',
      errors: [
        {
          messageId: 'dagSchedule',
          line: 2,
          column: 29,
          endColumn: 42,
          message:
            'DAG `orders` runs every minute (about 1,440 runs a day): every run schedules its tasks and starts their workers, so it costs about as much as an always-on pipeline. Make sure someone needs data this fresh.',
        },
      ],
    },
    {
      name: 'schedule_interval with a module-qualified timedelta',
      code: 'import datetime\nimport airflow\ndag = airflow.DAG(dag_id="x", schedule_interval=datetime.timedelta(minutes=2))\n',
      errors: [{ messageId: 'dagSchedule', line: 3, column: 49 }],
    },
    {
      name: 'a TaskFlow @dag named by its function, through a module constant',
      code: 'from airflow.decorators import dag\nEVERY_MINUTE = "* * * * *"\n\n@dag(schedule=EVERY_MINUTE)\ndef poll():\n    pass\n',
      errors: [{ messageId: 'dagSchedule', line: 4, column: 15, message: 'DAG `poll` runs every minute (about 1,440 runs a day): every run schedules its tasks and starts their workers, so it costs about as much as an always-on pipeline. Make sure someone needs data this fresh.' }],
    },
    {
      name: 'a cron timetable',
      code: 'from airflow import DAG\nfrom airflow.timetables.trigger import CronTriggerTimetable\nDAG("d", schedule=CronTriggerTimetable("*/2 * * * *", timezone="UTC"))\n',
      errors: [{ messageId: 'dagSchedule', line: 3, column: 19 }],
    },
    {
      name: '@continuous',
      code: 'from airflow import DAG\nDAG("d", schedule="@continuous", max_active_runs=1)\n',
      errors: [{ messageId: 'continuous', line: 2, column: 19 }],
    },
    {
      name: 'a Dagster decorator schedule',
      code: 'import dagster\n\n@dagster.schedule(cron_schedule="*/2 * * * *", job=j)\ndef tick(context):\n    return {}\n',
      errors: [{ messageId: 'dagsterSchedule', line: 3, column: 33 }],
    },
    {
      name: 'a Prefect interval in seconds',
      code: 'from prefect.schedules import Interval\ns = Interval(60)\n',
      errors: [{ messageId: 'prefectSchedule', line: 2, column: 14 }],
    },
  ],
});

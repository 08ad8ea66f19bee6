"""A PySpark job, run by the scheduler once per day with the day to load as its argument."""
import sys

from pyspark.sql import SparkSession, functions as F


def main(ds: str) -> None:
    spark = SparkSession.builder.appName("page_views").getOrCreate()
    views = (
        spark.read.json(f"s3://shop-events/page_views/ds={ds}/")
        .withColumn("ds", F.lit(ds))
        .dropDuplicates(["event_id"])
    )
    # Overwrites exactly the run's day: a retry or a backfill replaces it instead of adding it again.
    (
        views.write.format("delta")
        .mode("overwrite")
        .option("replaceWhere", f"ds = '{ds}'")
        .partitionBy("ds")
        .saveAsTable("lake.page_views")
    )


if __name__ == "__main__":
    main(sys.argv[1])

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
    views.write.format("delta").mode("append").partitionBy("ds").saveAsTable("lake.page_views")


if __name__ == "__main__":
    main(sys.argv[1])

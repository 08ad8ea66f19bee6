INSERT INTO "![x](http://127.0.0.1:9/x.png) `tick` <img src=x> [link](command:workbench.action.quit)"
SELECT * FROM staging.orders;

-- The benchmark table in MariaDB/MySQL, the twin of pg-fixture.sql: datetime(6) watermark with an
-- index on (watermark, key), json column. bench/run.sh substitutes @TBL@ and @ROWS@. Needs MariaDB's
-- SEQUENCE engine (seq_1_to_N tables), present in MariaDB 10.0+.
DROP TABLE IF EXISTS @TBL@;
CREATE TABLE @TBL@ (
  id         BIGINT PRIMARY KEY,
  updated_at DATETIME(6) NOT NULL,
  name       TEXT NOT NULL,
  note       TEXT NULL,
  amount     DECIMAL(12,2) NOT NULL,
  active     BOOLEAN NOT NULL,
  qty        INT NOT NULL,
  score      DOUBLE NOT NULL,
  day        DATE NOT NULL,
  payload    JSON NOT NULL,
  KEY @TBL@_updated_at_id (updated_at, id)
) ENGINE=InnoDB;
INSERT INTO @TBL@
SELECT seq,
       TIMESTAMP'2024-01-01 00:00:00' + INTERVAL (seq * 997000 + seq % 1000) MICROSECOND,
       CONCAT('customer ', seq, ' ', MD5(seq)),
       IF(seq % 3 = 0, NULL, CONCAT('note ', SUBSTR(MD5(seq * 7), 1, 12 + seq % 20))),
       ((seq * 7919) % 100000000) / 100,
       seq % 2 = 0,
       (seq * 31) % 100000,
       (seq * 0.618033988749895) - FLOOR(seq * 0.618033988749895) + seq % 1000,
       DATE'2000-01-01' + INTERVAL (seq % 9000) DAY,
       JSON_OBJECT('k', seq, 'tag', CONCAT('t', seq % 97), 'ok', seq % 5 = 0)
FROM seq_1_to_@ROWS@;
ANALYZE TABLE @TBL@;

-- The benchmark table in PostgreSQL: 10 columns, bigint key, timestamptz watermark with an index on
-- (watermark, key). Run with psql -v rows=N -v tbl=NAME. Deterministic: same rows on every build.
DROP TABLE IF EXISTS :tbl;
CREATE TABLE :tbl (
  id         bigint PRIMARY KEY,
  updated_at timestamptz NOT NULL,
  name       text NOT NULL,
  note       text,
  amount     numeric(12,2) NOT NULL,
  active     boolean NOT NULL,
  qty        integer NOT NULL,
  score      double precision NOT NULL,
  day        date NOT NULL,
  payload    jsonb NOT NULL
);
INSERT INTO :tbl
SELECT g,
       timestamptz '2024-01-01 00:00:00+00' + (g * interval '997 milliseconds') + ((g % 1000) * interval '1 microsecond'),
       'customer ' || g || ' ' || md5(g::text),
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'note ' || substr(md5((g * 7)::text), 1, (12 + g % 20)::int) END,
       ((g * 7919) % 100000000) / 100.0,
       g % 2 = 0,
       ((g * 31) % 100000)::int,
       (g * 0.618033988749895) - floor(g * 0.618033988749895) + g % 1000,
       date '2000-01-01' + (g % 9000)::int,
       jsonb_build_object('k', g, 'tag', 't' || (g % 97), 'ok', g % 5 = 0)
FROM generate_series(1::bigint, :rows) AS g;
CREATE INDEX ON :tbl (updated_at, id);
VACUUM ANALYZE :tbl;

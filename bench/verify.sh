#!/usr/bin/env bash
# Verify benchmark (issue #18): a copy of the 1M-row table t1m (never t1m itself), synced once, then
# 10 rows changed at the source behind replicate's back (UPDATE that leaves updated_at alone): time and
# peak RSS of `replicate verify`, against the first sync of the same table. PostgreSQL and MariaDB.
# Needs the bench fixtures (bench/run.sh makes them), psql, mysql and GNU time.
# Targets: verify <= 0.5x the first sync, peak RSS <= 300 MiB.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
replicate="${REPLICATE:-$root/bin/replicate}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
copy="${COPY:-t1m_verify_bench}"

measure() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2>&1 || true
  read -r seconds kib < <(tail -n 1 "$work/time")
  printf '%-28s %7.2f s  %6d MiB\n' "$label" "$seconds" $((kib / 1024))
}

psql -q -h 127.0.0.1 -U postgres -d replicate_bench -c "DROP TABLE IF EXISTS $copy" \
  -c "CREATE TABLE $copy AS TABLE t1m" -c "ALTER TABLE $copy ADD PRIMARY KEY (id)" \
  -c "CREATE INDEX ON $copy (updated_at, id)" -c "VACUUM ANALYZE $copy"
cat > "$work/pg.json" <<JSON
[{"source": "postgres", "conn": "postgres://postgres@127.0.0.1:5432/replicate_bench",
  "tables": [{"name": "$copy", "watermark": "updated_at"}]}]
JSON
measure "pg first sync 1M" "$replicate" run --config "$work/pg.json" --db "$work/pg.db"
psql -q -h 127.0.0.1 -U postgres -d replicate_bench \
  -c "UPDATE $copy SET name = name || '!' WHERE id IN (7, 99999, 200000, 300001, 412345, 500000, 650000, 777777, 888888, 999990)"
measure "pg verify 10 changed" "$replicate" verify --config "$work/pg.json" --db "$work/pg.db"
head -c 400 "$work/out"; echo
psql -q -h 127.0.0.1 -U postgres -d replicate_bench -c "DROP TABLE $copy"

mysql -h 127.0.0.1 -u root replicate_bench -e "DROP TABLE IF EXISTS $copy; CREATE TABLE $copy LIKE t1m;
  INSERT INTO $copy SELECT * FROM t1m; ANALYZE TABLE $copy" > /dev/null
cat > "$work/my.json" <<JSON
[{"source": "mysql", "conn": "mysql://root@127.0.0.1:3306/replicate_bench",
  "tables": [{"name": "$copy", "watermark": "updated_at"}]}]
JSON
measure "mariadb first sync 1M" "$replicate" run --config "$work/my.json" --db "$work/my.db"
mysql -h 127.0.0.1 -u root replicate_bench -e "UPDATE $copy SET name = CONCAT(name, '!'), updated_at = updated_at
  WHERE id IN (7, 99999, 200000, 300001, 412345, 500000, 650000, 777777, 888888, 999990)"
measure "mariadb verify 10 changed" "$replicate" verify --config "$work/my.json" --db "$work/my.db"
head -c 400 "$work/out"; echo
mysql -h 127.0.0.1 -u root replicate_bench -e "DROP TABLE $copy"

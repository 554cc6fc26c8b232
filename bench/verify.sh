#!/usr/bin/env bash
# Verify benchmark (issue #18): a copy of the 1M-row table t1m (never t1m itself), synced once, then
# 10 rows changed at the source behind replicate's back (UPDATE that leaves updated_at alone): time and
# peak RSS of `replicate verify`, against the first sync of the same table; then `verify --repair` of
# those rows and a verify after it (equal). PostgreSQL and MariaDB.
# Needs the bench fixtures (bench/run.sh makes them), psql, mysql and GNU time.
# Targets: verify <= 0.5x the first sync, peak RSS <= 300 MiB.
# KEYLESS=1: the copy has no primary key (an append-only table, compared as a multiset of rows: the 10
# changed rows are 10 missing and 10 kept, and the repair reads their 10 watermark values again).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
replicate="${REPLICATE:-$root/bin/replicate}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
copy="${COPY:-t1m_verify_bench}"
keyless="${KEYLESS:-0}"

. "$root/bench/lib.sh"

measure() { # label, command...
  local label="$1"; shift
  read -r pg0 my0 < <(server_cpu both)
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > "$work/out" 2>&1 || true
  read -r pg1 my1 < <(server_cpu both)
  read -r seconds kib user sys < <(tail -n 1 "$work/time")
  printf '%-28s %7.2f s  %6d MiB  cpu %5.2f s  server cpu pg %5.2f s mariadb %5.2f s  (load %s)\n' "$label" "$seconds" \
    $((kib / 1024)) "$(echo "$user + $sys" | bc)" "$(echo "$pg1 - $pg0" | bc)" "$(echo "$my1 - $my0" | bc)" \
    "$(cut -d ' ' -f 1 /proc/loadavg)"
}

psql -q -h 127.0.0.1 -U postgres -d replicate_bench -c "DROP TABLE IF EXISTS $copy" \
  -c "CREATE TABLE $copy AS TABLE t1m" \
  -c "$([ "$keyless" = 1 ] && echo "SELECT 1" || echo "ALTER TABLE $copy ADD PRIMARY KEY (id)")" \
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
measure "pg verify --repair 10" "$replicate" verify --repair --config "$work/pg.json" --db "$work/pg.db"
head -c 400 "$work/out"; echo
measure "pg verify after repair" "$replicate" verify --config "$work/pg.json" --db "$work/pg.db"
psql -q -h 127.0.0.1 -U postgres -d replicate_bench -c "DROP TABLE $copy"

mysql -h 127.0.0.1 -u root replicate_bench -e "DROP TABLE IF EXISTS $copy; CREATE TABLE $copy LIKE t1m;
  $([ "$keyless" = 1 ] && echo "ALTER TABLE $copy DROP PRIMARY KEY;") INSERT INTO $copy SELECT * FROM t1m;
  ANALYZE TABLE $copy" > /dev/null
cat > "$work/my.json" <<JSON
[{"source": "mysql", "conn": "mysql://root@127.0.0.1:3306/replicate_bench",
  "tables": [{"name": "$copy", "watermark": "updated_at"}]}]
JSON
measure "mariadb first sync 1M" "$replicate" run --config "$work/my.json" --db "$work/my.db"
mysql -h 127.0.0.1 -u root replicate_bench -e "UPDATE $copy SET name = CONCAT(name, '!'), updated_at = updated_at
  WHERE id IN (7, 99999, 200000, 300001, 412345, 500000, 650000, 777777, 888888, 999990)"
measure "mariadb verify 10 changed" "$replicate" verify --config "$work/my.json" --db "$work/my.db"
head -c 400 "$work/out"; echo
measure "mariadb verify --repair 10" "$replicate" verify --repair --config "$work/my.json" --db "$work/my.db"
head -c 400 "$work/out"; echo
measure "mariadb verify after repair" "$replicate" verify --config "$work/my.json" --db "$work/my.db"
mysql -h 127.0.0.1 -u root replicate_bench -e "DROP TABLE $copy"

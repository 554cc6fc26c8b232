#!/usr/bin/env bash
# Verify of a text-keyed table, A/B (feat/text-key-verify): a copy of the first ROWS rows of t1m keyed by
# a uuid's text, once as a text COLLATE "C" key (which both builds verify: the base compares it by its
# UTF-8 bytes, unindexed; this branch as itself, through its index) and once as a uuid key (this branch
# only: the base refuses a uuid key), 10 rows changed at the source behind replicate's back. Each
# build syncs its own replica once; then ROUNDS rounds of `verify`, the builds' order rotating each
# round. Prints wall seconds, CPU (user+sys) of the client and of the server, the rows the server read
# from the table (pg_stat_user_tables), and the 1-minute load average.
# Usage: A=/path/to/base/bin/replicate B=bin/replicate [ROWS=200000] [ROUNDS=5] bench/verify-textkey.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# server_cpu pg|mysql (bench/lib.sh): the server's CPU seconds so far, an upper bound on a shared machine.
. "$root/bench/lib.sh"
a="${A:?set A to the base build bin/replicate}"
b="${B:-$root/bin/replicate}"
rows="${ROWS:-200000}"
rounds="${ROUNDS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pg() { psql -q -h 127.0.0.1 -U postgres -d replicate_bench "$@"; }

for kind in c uuid; do
  if [ "$kind" = c ]; then type='text COLLATE "C"'; else type=uuid; fi
  pg -c "DROP TABLE IF EXISTS textkey_$kind" \
    -c "CREATE TABLE textkey_$kind AS SELECT md5(id::text)::uuid::text::$type AS uid, * FROM t1m WHERE id <= $rows" \
    -c "ALTER TABLE textkey_$kind ADD PRIMARY KEY (uid)" -c "CREATE INDEX ON textkey_$kind (updated_at, uid)" \
    -c "VACUUM ANALYZE textkey_$kind"
  cat > "$work/$kind.json" <<JSON
[{"source": "postgres", "conn": "postgres://postgres@127.0.0.1:5432/replicate_bench",
  "tables": [{"name": "textkey_$kind", "watermark": "updated_at"}]}]
JSON
done


# Rows the server read from the table so far (sequential scans' and index scans' heap fetches): the
# statistics of a backend are flushed when it ends, so read after a pause.
rows_read() { # table
  sleep 1
  psql -At -h 127.0.0.1 -U postgres -d replicate_bench -c "SELECT seq_tup_read + COALESCE(idx_tup_fetch, 0)
    FROM pg_stat_user_tables WHERE relname = '$1'"
}

measure() { # label, table, command...
  local label="$1" table="$2"; shift 2
  local read0 pg0 read1 pg1
  read0=$(rows_read "$table"); pg0=$(server_cpu pg)
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > "$work/out" 2>&1 || true
  pg1=$(server_cpu pg); read1=$(rows_read "$table")
  read -r seconds user sys < <(tail -n 1 "$work/time")
  printf '%-22s %7.2f s  cpu %6.2f s  server cpu %6.2f s  rows read %10d  load %s  %s\n' "$label" "$seconds" \
    "$(echo "$user + $sys" | bc)" "$(echo "$pg1 - $pg0" | bc)" $((read1 - read0)) "$(cut -d ' ' -f 1 /proc/loadavg)" \
    "$(head -c 60 "$work/out" | tr '\n' ' ')"
}

measure "A sync c" textkey_c "$a" run --config "$work/c.json" --db "$work/a.db"
measure "B sync c" textkey_c "$b" run --config "$work/c.json" --db "$work/b.db"
measure "B sync uuid" textkey_uuid "$b" run --config "$work/uuid.json" --db "$work/b-uuid.db"
last=$((rows - 10))
for kind in c uuid; do
  pg -c "UPDATE textkey_$kind SET name = name || '!' WHERE id IN (7, 9999, 20000, 30001, 41234, 50000, 65000, 77777, 88888, $last)"
done
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  for build in $order; do
    if [ "$build" = A ]; then
      measure "r$round A verify c" textkey_c "$a" verify --config "$work/c.json" --db "$work/a.db"
    else
      measure "r$round B verify c" textkey_c "$b" verify --config "$work/c.json" --db "$work/b.db"
      measure "r$round B verify uuid" textkey_uuid "$b" verify --config "$work/uuid.json" --db "$work/b-uuid.db"
    fi
  done
done
pg -c "DROP TABLE textkey_c" -c "DROP TABLE textkey_uuid"

#!/usr/bin/env bash
# Verify of a text-keyed table on MariaDB, A/B (feat/text-key-verify): a copy of the first ROWS rows of
# t1m keyed by a uuid's text in a VARCHAR(36) of utf8mb4_nopad_bin, which the base compares by its
# UTF-8 bytes (CAST(CONVERT(...) AS BINARY), no index: every range reads the table) and this branch as
# itself, through its index; 10 rows changed at the source behind replicate's back. Each build syncs
# its own replica once; then ROUNDS rounds of `verify`, the builds' order rotating each round. Prints
# wall seconds, CPU (user+sys) of the client and of mariadbd (every client's: an upper bound on a shared
# machine), and the 1-minute load average.
# Usage: A=/path/to/base/bin/replicate B=bin/replicate [ROWS=1000000] [ROUNDS=3] bench/verify-textkey-mariadb.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# server_cpu pg|mysql (bench/lib.sh): the server's CPU seconds so far, an upper bound on a shared machine.
. "$root/bench/lib.sh"
a="${A:?set A to the base build bin/replicate}"
b="${B:-$root/bin/replicate}"
rows="${ROWS:-1000000}"
rounds="${ROUNDS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
my() { mysql -h 127.0.0.1 -u root replicate_bench "$@"; }

my -e "DROP TABLE IF EXISTS textkey_nopad; CREATE TABLE textkey_nopad (uid VARCHAR(36) CHARACTER SET utf8mb4
  COLLATE utf8mb4_nopad_bin NOT NULL PRIMARY KEY, KEY (updated_at, uid)) SELECT CAST(md5(id) AS CHAR(36)) AS uid, t1m.*
  FROM t1m WHERE id <= $rows; ANALYZE TABLE textkey_nopad" > /dev/null
cat > "$work/my.json" <<JSON
[{"source": "mysql", "conn": "mysql://root@127.0.0.1:3306/replicate_bench",
  "tables": [{"name": "textkey_nopad", "watermark": "updated_at"}]}]
JSON


measure() { # label, command...
  local label="$1"; shift
  local my0 my1
  my0=$(server_cpu mysql)
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > "$work/out" 2>&1 || true
  my1=$(server_cpu mysql)
  read -r seconds user sys < <(tail -n 1 "$work/time")
  printf '%-22s %7.2f s  cpu %6.2f s  server cpu %6.2f s  load %s  %s\n' "$label" "$seconds" \
    "$(echo "$user + $sys" | bc)" "$(echo "$my1 - $my0" | bc)" "$(cut -d ' ' -f 1 /proc/loadavg)" \
    "$(head -c 60 "$work/out" | tr '\n' ' ')"
}

measure "A sync" "$a" run --config "$work/my.json" --db "$work/a.db"
measure "B sync" "$b" run --config "$work/my.json" --db "$work/b.db"
last=$((rows - 10))
my -e "UPDATE textkey_nopad SET name = CONCAT(name, '!'), updated_at = updated_at
  WHERE id IN (7, 9999, 20000, 30001, 41234, 50000, 65000, 77777, 88888, $last)"
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  for build in $order; do
    if [ "$build" = A ]; then
      measure "r$round A verify" "$a" verify --config "$work/my.json" --db "$work/a.db"
    else
      measure "r$round B verify" "$b" verify --config "$work/my.json" --db "$work/b.db"
    fi
  done
done
my -e "DROP TABLE textkey_nopad"

#!/usr/bin/env bash
# Full tables (issue #15): a full-mode run of the 1M-row table t1m against the first sync of the same
# table in incremental mode, on PostgreSQL and on MySQL/MariaDB. Target: full at most 1.1x the first sync.
#
#   bench/full.sh                   # both sources, 5 rounds
#   bench/full.sh --rounds 3 --only pg
#
# Contenders, alternated round by round (which goes first alternates too):
#   "incremental first sync": `run` of {"watermark": "updated_at"} into an empty file (as bench/run.sh);
#   "full, table present":    `run --force` of the same table without a watermark into a file that
#     already holds it from the last full run: the steady state of a full table (read into the copy,
#     swap, the old table's pages freed and reused by the next copy).
# The fixtures are bench/run.sh's (database replicate_bench, table t1m); this script only reads them and
# never changes them (it fails when t1m is missing: run bench/run.sh first). Work files go to
# target/bench-full/ (or BENCH_DIR). Connection settings as in bench/run.sh.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
. "$here/lib.sh"
root="$(cd "$here/.." && pwd -P)"
rounds=5
only=all
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
MYHOST="${MYHOST:-127.0.0.1}"; MYPORT="${MYPORT:-3306}"; MYUSER="${MYUSER:-root}"
export PGHOST PGPORT PGUSER
DB=replicate_bench
replicate="${REPLICATE:-$root/bin/replicate}"
work="${BENCH_DIR:-$root/target/bench-full}"
mkdir -p "$work"
results="$work/results.tsv"
: >"$results"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }


log "building"
(cd "$root" && mvn -q -B -DskipTests package) >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x $(nproc) (nproc)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "replicate: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "rounds: $rounds"
} >"$work/machine.txt"
cat "$work/machine.txt" >&2

# measure FIGURE CONTENDER ROUND COMMAND...: wall, CPU and peak RSS into results.tsv.
measure() {
  local figure="$1" contender="$2" round="$3"; shift 3
  local t="$work/time.txt" status=0
  "$TIME" -o "$t" -f '%e %U %S %M' "$@" >"$work/last.out" 2>"$work/last.err" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "FAILED ($status): $figure / $contender: $*" >&2
    cat "$work/last.err" >&2
    return "$status"
  fi
  read -r wall user sys rss <"$t"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$figure" "$contender" "$round" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')" "$rss" >>"$results"
  log "$figure / $contender / round $round: ${wall}s wall, $((rss / 1024)) MiB"
}

expect_rows() { # FILE N
  local n
  n="$(sqlite3 "$1" "SELECT count(*) FROM t")"
  [ "$n" = "$2" ] || { echo "expected $2 rows in $1, found $n" >&2; exit 1; }
}


# config FILE TYPE CONN TABLE-EXTRA
config() {
  cat >"$1" <<EOF
{"sources": [{"source": "$2", "name": "$2", "conn": "$3",
  "tables": [{"name": "t1m", "target": "t"$4}]}]}
EOF
}

# compare KIND TYPE CONN
compare() {
  local kind="$1" inc="$work/$1-incremental.json" full="$work/$1-full.json"
  local incdb="$work/$1-incremental.db" fulldb="$work/$1-full.db"
  config "$inc" "$2" "$3" ', "watermark": "updated_at"'
  config "$full" "$2" "$3" ''
  log "$kind: warm-up (the launcher's class-data archive, the full table's first copy)"
  fresh "$incdb"; "$replicate" run --config "$inc" --db "$incdb" >/dev/null
  expect_rows "$incdb" 1000000
  fresh "$fulldb"; "$replicate" run --config "$full" --db "$fulldb" >/dev/null
  expect_rows "$fulldb" 1000000
  for r in $(seq "$rounds"); do
    for contender in incremental full; do
      if [ $((r % 2)) = 0 ]; then contender=$([ "$contender" = incremental ] && echo full || echo incremental); fi
      if [ "$contender" = incremental ]; then
        fresh "$incdb"
        measure "$kind 1M" "incremental first sync" "$r" "$replicate" run --config "$inc" --db "$incdb"
        expect_rows "$incdb" 1000000
      else
        measure "$kind 1M" "full, table present" "$r" "$replicate" run --force --config "$full" --db "$fulldb"
        expect_rows "$fulldb" 1000000
        [ "$(sqlite3 "$fulldb" "SELECT count(*) FROM sqlite_master WHERE name LIKE '_replicate_shadow_%'")" = 0 ] \
          || { echo "a copy was left behind" >&2; exit 1; }
      fi
    done
  done
}

case "$only" in
  all | pg)
    psql -X -At -d "$DB" -c "SELECT count(*) FROM t1m" | grep -qx 1000000 \
      || { echo "no 1M-row t1m in PostgreSQL database $DB: run bench/run.sh first" >&2; exit 2; }
    compare pg postgres "postgres://$PGUSER@$PGHOST:$PGPORT/$DB" ;;&
  all | mysql)
    mariadb -h "$MYHOST" -P "$MYPORT" -u "$MYUSER" -N "$DB" -e "SELECT count(*) FROM t1m" | grep -qx 1000000 \
      || { echo "no 1M-row t1m in MariaDB database $DB: run bench/run.sh first" >&2; exit 2; }
    compare mysql mysql "mysql://$MYUSER@$MYHOST:$MYPORT/$DB" ;;
  pg) ;;
  *) echo "--only pg|mysql" >&2; exit 2 ;;
esac

summary="$work/summary.md"
{
  echo '```'
  cat "$work/machine.txt"
  echo '```'
  echo
  echo "| figure | contender | n | wall median (min-max) s | CPU median s | peak RSS median MiB |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' '{k = $1 "\t" $2; if (!(k in seen)) {seen[k] = 1; order[++n] = k}
      w[k] = w[k] " " $4; c[k] = c[k] " " $5; m[k] = m[k] " " $6}
    function med(list,   a, i, j, t, cnt) {
      cnt = split(list, a, " ")
      for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (a[j] + 0 < a[i] + 0) {t = a[i]; a[i] = a[j]; a[j] = t}
      lo = a[1]; hi = a[cnt]; nn = cnt
      return cnt % 2 ? a[(cnt + 1) / 2] : (a[cnt / 2] + a[cnt / 2 + 1]) / 2
    }
    END {
      for (i = 1; i <= n; i++) {
        k = order[i]; split(k, p, "\t")
        wm = med(w[k]); wl = lo; wh = hi; cnt = nn
        printf "| %s | %s | %d | %.2f (%.2f-%.2f) | %.2f | %.0f |\n", p[1], p[2], cnt, wm, wl, wh, med(c[k]), med(m[k]) / 1024
        wall[p[1] "\t" p[2]] = wm
      }
      print ""
      for (f in wall) {
        split(f, p, "\t")
        if (p[2] == "full, table present" && ((p[1] "\tincremental first sync") in wall))
          printf "- %s: full / incremental first sync = %.2fx (target <= 1.1x)\n", p[1], wall[f] / wall[p[1] "\tincremental first sync"]
      }
    }' "$results"
} >"$summary"
echo
cat "$summary"
log "raw timings: $results; summary: $summary"

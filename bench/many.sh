#!/usr/bin/env bash
# Many tables on one source (issue #17): 500 tables of 1,000 rows each, against a run of one such table.
#
#   bench/many.sh                        # PostgreSQL and MySQL/MariaDB, 5 rounds
#   bench/many.sh --rounds 3 --only pg
#   bench/many.sh --against ../base/bin/replicate   # interleaved A/B: every measurement of this build
#                                                   # is followed (or preceded) by the same of that build
#   bench/many.sh --drop                 # drop the fixture tables and exit
#
# Figures, each `replicate run --force` (every table due), alternating round by round which goes first:
#   "nothing changed": the 500 tables, no row changed since the last run, against one such table
#     (a configuration of its own, replica file of its own). Target: at most 5x.
#   "10 rows changed": the same after 10 rows of each table were changed at the source (new watermark),
#     against one table with 10 rows changed. Target: at most 8x.
# Every run is checked: each table ran without error, and pulled what it should (nothing changed: the
# boundary row the cursor re-reads, one or a few per table; 10 changed: those 10 and the boundary).
#
# Fixture: tables mt_0001 ... mt_0500 (and the template mt_template) in the databases replicate_bench,
# each 1,000 rows shaped as bench/run.sh's t1m (bench/pg-fixture.sql, bench/mysql-fixture.sql); built
# when missing (or with --rebuild), kept for the next run (--drop removes them). Rounds change rows of
# them (qty and the watermark), never their number. Raw timings go to target/bench/many.tsv (or
# BENCH_DIR): figure, contender, build, round, wall s, CPU s, peak RSS KiB. Connection settings as in
# bench/run.sh (PGHOST/PGPORT/PGUSER, MYHOST/MYPORT/MYUSER).
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
. "$here/lib.sh"
root="$(cd "$here/.." && pwd -P)"
rounds=5
only=all
against=""
rebuild=0
drop=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --against) against="$2"; shift 2 ;;
    --rebuild) rebuild=1; shift ;;
    --drop) drop=1; shift ;;
    -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
MYHOST="${MYHOST:-127.0.0.1}"; MYPORT="${MYPORT:-3306}"; MYUSER="${MYUSER:-root}"
export PGHOST PGPORT PGUSER
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
DB=replicate_bench
TABLES=500
ROWS=1000
replicate="${REPLICATE:-$root/bin/replicate}"
work="${BENCH_DIR:-$root/target/bench}"
mkdir -p "$work"
results="$work/many.tsv"
TIME=/usr/bin/time

names() { seq -f 'mt_%04g' 1 "$TABLES"; }

if [ "$drop" = 1 ]; then
  if [ "$only" != mysql ]; then
    { echo "DROP TABLE IF EXISTS mt_template;"; names | sed 's/.*/DROP TABLE IF EXISTS &;/'; } | psql_db >/dev/null
  fi
  if [ "$only" != pg ] && command -v mariadb >/dev/null; then
    { echo "DROP TABLE IF EXISTS mt_template;"; names | sed 's/.*/DROP TABLE IF EXISTS &;/'; } | my "$DB"
  fi
  log "dropped the fixture tables"
  exit 0
fi

[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
: >"$results"
builds=(this)
launcher_this="$replicate"
if [ -n "$against" ]; then
  builds+=(base)
  launcher_base="$(readlink -f "$against")"
fi
launcher() { if [ "$1" = this ]; then echo "$launcher_this"; else echo "$launcher_base"; fi; }

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x $(nproc) (nproc)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "this: $(cd "$(dirname "$launcher_this")/.." && git rev-parse --short HEAD 2>/dev/null || echo '?') ($launcher_this)"
  [ -z "$against" ] || echo "base: $(cd "$(dirname "$launcher_base")/.." && git rev-parse --short HEAD 2>/dev/null || echo '?') ($launcher_base)"
  echo "rounds: $rounds"
} >"$work/many-machine.txt"
cat "$work/many-machine.txt" >&2

log "building"
for b in "${builds[@]}"; do
  (cd "$(dirname "$(launcher "$b")")/.." && mvn -q -B -DskipTests package) >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; exit 1; }
done

# measure FIGURE CONTENDER BUILD ROUND COMMAND...: wall, CPU and peak RSS into many.tsv.
measure() {
  local figure="$1" contender="$2" build="$3" round="$4"; shift 4
  local t="$work/time.txt" status=0
  "$TIME" -o "$t" -f '%e %U %S %M' "$@" >"$work/last.out" 2>"$work/last.err" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "FAILED ($status): $figure / $contender / $build: $*" >&2
    cat "$work/last.err" >&2
    exit 1
  fi
  read -r wall user sys rss <"$t"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$figure" "$contender" "$build" "$round" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')" "$rss" >>"$results"
  log "$figure / $contender / $build / round $round: ${wall}s wall, $((rss / 1024)) MiB"
}

# expect FILE TABLES LOW HIGH: every table's last run ok, with LOW..HIGH rows pulled.
expect() {
  local line
  line="$(sqlite3 "$1" "SELECT count(*), sum(last_ok), min(last_rows_pulled), max(last_rows_pulled) FROM _replicate_watermarks")"
  IFS='|' read -r n ok lo hi <<<"$line"
  if [ "$n" != "$2" ] || [ "$ok" != "$2" ] || [ "$lo" -lt "$3" ] || [ "$hi" -gt "$4" ]; then
    echo "$1: expected $2 tables ok with $3-$4 rows pulled each; found $n tables, $ok ok, $lo-$hi rows" >&2
    sqlite3 "$1" "SELECT target, last_error FROM _replicate_watermarks WHERE NOT last_ok LIMIT 3" >&2
    exit 1
  fi
}

pg_fixture() {
  local have
  have="$(psql_db -At -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^mt_[0-9]{4}$'" 2>/dev/null || echo 0)"
  if [ "$rebuild" = 1 ] || [ "$have" != "$TABLES" ] \
      || [ "$(psql_db -At -c "SELECT count(*) FROM mt_$(printf %04d "$TABLES")" 2>/dev/null)" != "$ROWS" ]; then
    log "PostgreSQL fixture: $TABLES tables of $ROWS rows"
    psql_db -v rows="$ROWS" -v tbl=mt_template -f "$here/pg-fixture.sql" >/dev/null 2>&1
    names | while read -r t; do
      echo "DROP TABLE IF EXISTS $t; CREATE TABLE $t (LIKE mt_template INCLUDING ALL); INSERT INTO $t SELECT * FROM mt_template; ANALYZE $t;"
    done | psql_db >/dev/null
  fi
}

my_fixture() {
  local have
  have="$(my -N "$DB" -e "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$DB' AND TABLE_NAME REGEXP '^mt_[0-9]{4}\$'" 2>/dev/null || echo 0)"
  if [ "$rebuild" = 1 ] || [ "$have" != "$TABLES" ] \
      || [ "$(my -N "$DB" -e "SELECT count(*) FROM mt_$(printf %04d "$TABLES")" 2>/dev/null)" != "$ROWS" ]; then
    log "MariaDB fixture: $TABLES tables of $ROWS rows"
    sed "s/@TBL@/mt_template/g; s/@ROWS@/$ROWS/g" "$here/mysql-fixture.sql" | my "$DB" >/dev/null
    names | while read -r t; do
      echo "DROP TABLE IF EXISTS $t; CREATE TABLE $t LIKE mt_template; INSERT INTO $t SELECT * FROM mt_template; ANALYZE TABLE $t;"
    done | my "$DB" >/dev/null
  fi
}

# change KIND ROUND TABLE...: 10 rows of each table get a new watermark (and qty + 1); a different ten each round.
change() {
  local kind="$1" r="$2"; shift 2
  if [ "$kind" = pg ]; then
    for t in "$@"; do echo "UPDATE $t SET updated_at = clock_timestamp(), qty = qty + 1 WHERE id % 100 = $((r % 100));"; done \
      | psql_db >/dev/null
  else
    for t in "$@"; do echo "UPDATE $t SET updated_at = SYSDATE(6), qty = qty + 1 WHERE id % 100 = $((r % 100));"; done \
      | my "$DB"
  fi
}

scenario() {
  local kind="$1"
  if [ "$kind" = pg ]; then
    psql -X -q -d postgres -c "CREATE DATABASE $DB" 2>/dev/null || true
    pg_fixture
  else
    my -e "CREATE DATABASE IF NOT EXISTS $DB"
    my_fixture
  fi
  local all one="mt_0001"
  mapfile -t all < <(names)
  many_config "$work/$kind-many.json" "$kind" "${all[@]}"
  many_config "$work/$kind-one.json" "$kind" "$one"
  for b in "${builds[@]}"; do
    # The launcher's class-data archive is recorded by the first run that brings a table synced before up to
    # date (ArchivePreloader), not by a first sync: the one table's second run records it here, or the first
    # round's first contender would be timed recording it (seen: 5.6 s against 1.9-2.5 s).
    log "$kind / $b: warm-up (first syncs, then the run that records the launcher's class-data archive)"
    rm -f "$(dirname "$(launcher "$b")")"/../target/replicate-*-run.jsa
    fresh "$work/$kind-many-$b.db"; fresh "$work/$kind-one-$b.db"
    "$(launcher "$b")" run --config "$work/$kind-many.json" --db "$work/$kind-many-$b.db" >/dev/null
    expect "$work/$kind-many-$b.db" "$TABLES" "$ROWS" "$ROWS"
    # The rounds' command line run once before them, as cron ran it before any run users time: the launcher
    # picks the JIT by what the last run of the same command line pulled (JitChoice, bin/replicate), and the
    # first sync above was another command line. The one table's is run twice below for its archive.
    "$(launcher "$b")" run --force --config "$work/$kind-many.json" --db "$work/$kind-many-$b.db" >/dev/null
    "$(launcher "$b")" run --config "$work/$kind-one.json" --db "$work/$kind-one-$b.db" >/dev/null
    expect "$work/$kind-one-$b.db" 1 "$ROWS" "$ROWS"
    "$(launcher "$b")" run --force --config "$work/$kind-one.json" --db "$work/$kind-one-$b.db" >/dev/null
    ls "$(dirname "$(launcher "$b")")"/../target/replicate-*-run.jsa >/dev/null \
      || { echo "bench/many.sh: the warm-up recorded no class-data archive for $b" >&2; exit 1; }
  done
  local order
  for r in $(seq "$rounds"); do
    # Each round: a run that finds nothing, then rows change and a run pulls them (which leaves the next
    # round's first run nothing to find). Contenders (500 tables or one, each build) in turn, the order
    # reversed every other round.
    order=()
    for b in "${builds[@]}"; do order+=("many $b" "one $b"); done
    if [ $((r % 2)) = 0 ]; then
      local reversed=()
      for ((i = ${#order[@]} - 1; i >= 0; i--)); do reversed+=("${order[i]}"); done
      order=("${reversed[@]}")
    fi
    for c in "${order[@]}"; do
      read -r n b <<<"$c"
      local db="$work/$kind-$n-$b.db" cfg="$work/$kind-$n.json" count
      count=$([ "$n" = many ] && echo "$TABLES" || echo 1)
      measure "$kind nothing changed" "$([ "$n" = many ] && echo "$TABLES tables" || echo "one table")" "$b" "$r" \
        "$(launcher "$b")" run --force --config "$cfg" --db "$db"
      expect "$db" "$count" 0 10
    done
    change "$kind" "$r" "${all[@]}"
    for c in "${order[@]}"; do
      read -r n b <<<"$c"
      local db="$work/$kind-$n-$b.db" cfg="$work/$kind-$n.json" count
      count=$([ "$n" = many ] && echo "$TABLES" || echo 1)
      measure "$kind 10 rows changed" "$([ "$n" = many ] && echo "$TABLES tables" || echo "one table")" "$b" "$r" \
        "$(launcher "$b")" run --force --config "$cfg" --db "$db"
      expect "$db" "$count" 10 20
    done
  done
  for b in "${builds[@]}"; do fresh "$work/$kind-many-$b.db"; fresh "$work/$kind-one-$b.db"; done
}

case "$only" in
  all) scenario pg; if command -v mariadb >/dev/null; then scenario mysql; fi ;;
  pg) scenario pg ;;
  mysql) scenario mysql ;;
  *) echo "--only pg|mysql" >&2; exit 2 ;;
esac

summary="$work/many-summary.md"
{
  echo '```'
  cat "$work/many-machine.txt"
  echo '```'
  echo
  echo "| figure | contender | build | n | wall median (min-max) s | CPU median s | peak RSS max MiB |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'\t' '{k = $1 "\t" $2 "\t" $3; if (!(k in seen)) {seen[k] = 1; order[++n] = k}
      w[k] = w[k] " " $5; c[k] = c[k] " " $6; m[k] = m[k] " " $7}
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
        cm = med(c[k]); med(m[k]); mh = hi
        printf "| %s | %s | %s | %d | %.2f (%.2f-%.2f) | %.2f | %.0f |\n", p[1], p[2], p[3], cnt, wm, wl, wh, cm, mh / 1024
        wall[k] = wm
      }
      print ""
      for (i = 1; i <= n; i++) {
        k = order[i]; split(k, p, "\t")
        if (p[2] == "one table") continue
        o = p[1] "\tone table\t" p[3]
        if (o in wall) printf "- %s, %s build: %s / one table = %.2fx (target <= %s)\n", p[1], p[3], p[2], wall[k] / wall[o], p[1] ~ /nothing/ ? "5x" : "8x"
      }
    }' "$results"
} >"$summary"
echo
cat "$summary"
log "raw timings: $results; summary: $summary"

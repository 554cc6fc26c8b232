#!/usr/bin/env bash
# Throughput benchmark for replicate (issue #5). One command builds the fixtures and measures every
# figure side by side, alternating the contenders round by round, and prints medians and spread:
#
#   bench/run.sh                 # PostgreSQL and MySQL/MariaDB, 5 rounds
#   bench/run.sh --rounds 3 --only pg --no-5m
#   bench/run.sh --incremental-only --inc-table mt_inc_run   # only the incremental, idle and status
#                                 # figures, on a copy of t1m of that name (default t1m_inc)
#   bench/run.sh --10m           # also the 10M-row first sync against its pipeline (builds t10m once)
#   bench/run.sh --clone         # times this checkout's bin/replicate instead of the release archive
#
# Figures (see BENCHMARKS.md for the targets):
#   first sync 1M rows into an empty file: `replicate run` vs psql COPY | sqlite3 .import (and the
#     `mariadb --batch` | sqlite3 .import equivalent);
#   peak RSS (/usr/bin/time) at 1M and 5M rows;
#   with --10m, the first sync of 10M rows (table t10m, the same fixture SQL) against the same
#     pipeline, side by side, with its peak RSS (building t10m takes minutes; it is kept);
#   incremental run finding 1,000 changed rows in the 1M-row table, and, as a lower bound for SQLite's
#     side of it, the sqlite3 CLI making the same change to a copy of the replica;
#   idle `run` (nothing due) and `status`, against the JVM floor (bench/JvmFloor.java: a JVM that
#     opens the same SQLite file with sqlite-jdbc and counts one table's rows), taken in the idle
#     rounds; the incremental run against the same floor taken beside it, by turns before and after.
#
# Databases (own names, so others' tests are not disturbed): PostgreSQL `replicate_bench` and MariaDB
# `replicate_bench`, created if missing; fixtures are rebuilt only when their row count is off
# (or with --rebuild). Connection settings: PGHOST/PGPORT/PGUSER (default 127.0.0.1/5432/postgres),
# MYHOST/MYPORT/MYUSER (127.0.0.1/3306/root, no password). replicate is timed as users run it: the
# release archive this script's build makes, unpacked into the work folder (--clone: this checkout's own
# bin/replicate instead, which also checks at every start whether the jar is older than the sources).
# REPLICATE=path/to/bin/replicate runs another build as it is. Work files go to target/bench/ (or
# BENCH_DIR).
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
. "$here/lib.sh"
root="$(cd "$here/.." && pwd -P)"
rounds=5
only=all
with5m=1
with10m=0
rebuild=0
first_sync=1
inc_table=t1m_inc
clone=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --no-5m) with5m=0; shift ;;
    --incremental-only) first_sync=0; with5m=0; shift ;;
    --inc-table) inc_table="$2"; shift 2 ;;
    --10m) with10m=1; shift ;;
    --rebuild) rebuild=1; shift ;;
    --clone) clone=1; shift ;;
    -h | --help) sed -n '2,31p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ "$inc_table" =~ ^[a-z][a-z0-9_]*$ ]] && [ "$inc_table" != t1m ] \
  || { echo "--inc-table: a lower-case table name other than t1m, not $inc_table" >&2; exit 2; }

PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
MYHOST="${MYHOST:-127.0.0.1}"; MYPORT="${MYPORT:-3306}"; MYUSER="${MYUSER:-root}"
export PGHOST PGPORT PGUSER
DB=replicate_bench
replicate="${REPLICATE:-$root/bin/replicate}"
work="${BENCH_DIR:-$root/target/bench}"
mkdir -p "$work"
results="$work/results.tsv"
: >"$results"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
for tool in psql sqlite3 java javac; do
  command -v "$tool" >/dev/null || { echo "needs $tool on the PATH" >&2; exit 2; }
done


# --- machine ---------------------------------------------------------------------------------------
machine="$work/machine.txt"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x $(nproc) (nproc)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel: $(uname -sr)"
  echo "java: $(java -version 2>&1 | head -n 1)"
  echo "postgresql: $(psql -X -At -d postgres -c 'SHOW server_version' 2>/dev/null || echo '?')"
  if command -v mariadb >/dev/null; then echo "mariadb: $(my -N -e 'SELECT VERSION()' 2>/dev/null || echo '?')"; fi
  echo "sqlite3 CLI: $(sqlite3 --version | cut -d' ' -f1)"
  echo "replicate: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?') ($replicate)"
  echo "rounds: $rounds"
} >"$machine"
cat "$machine" >&2

# --- build -----------------------------------------------------------------------------------------
log "building"
(cd "$(dirname "$replicate")/.." && mvn -q -B -DskipTests package) >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; exit 1; }
replicate_home="$(cd "$(dirname "$replicate")/.." && pwd -P)"
sqlite_jar="$(ls "$replicate_home"/target/lib/sqlite-jdbc-*.jar | head -n 1)"
if [ -z "${REPLICATE:-}" ] && [ "$clone" = 0 ]; then
  replicate="$(install_release "$replicate_home" "$work/installed")" || exit 1
fi
echo "timed: $replicate ($( [ -f "$(dirname "$replicate")/../pom.xml" ] && echo "a clone's launcher" || echo "an installed copy"))" \
  | tee -a "$machine" >&2
archives="$(start_up_folder "$replicate")"
mkdir -p "$work/floor"
javac -d "$work/floor" -cp "$sqlite_jar" "$here/JvmFloor.java"
floor_cp="$sqlite_jar:$work/floor"

# --- measuring -------------------------------------------------------------------------------------
# measure FIGURE CONTENDER ROUND COMMAND...: runs the command under /usr/bin/time and appends
# figure, contender, round, wall seconds, CPU seconds (user + sys), peak RSS KiB and the whole
# machine's CPU seconds over the same time to results.tsv.
# The whole machine's busy CPU time so far, in clock ticks (user, nice, system, irq, softirq of all
# cores; /proc/stat): it takes in the database server, which the contender's own CPU time does not.
# (%.0f: mawk prints sums of 2^31 and more in exponent form with a plain print.)
machine_ticks() { awk '/^cpu / {printf "%.0f\n", $2 + $3 + $4 + $7 + $8; found = 1} END {if (!found) print 0}' /proc/stat 2>/dev/null || echo 0; }
ticks_per_second="$(getconf CLK_TCK 2>/dev/null || echo 100)"

measure() {
  local figure="$1" contender="$2" round="$3"; shift 3
  local t="$work/time.txt" status=0 before after machine cpu
  before="$(machine_ticks)"
  "$TIME" -o "$t" -f '%e %U %S %M' "$@" >"$work/last.out" 2>"$work/last.err" || status=$?
  after="$(machine_ticks)"
  if [ "$status" -ne 0 ]; then
    echo "FAILED ($status): $figure / $contender: $*" >&2
    cat "$work/last.err" >&2
    return "$status"
  fi
  read -r wall user sys rss <"$t"
  cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')"
  machine="$(awk -v a="$before" -v b="$after" -v hz="$ticks_per_second" 'BEGIN {printf "%.2f", (b - a) / hz}')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$figure" "$contender" "$round" "$wall" "$cpu" "$rss" "$machine" >>"$results"
  log "$figure / $contender / round $round: ${wall}s wall, ${cpu}s CPU, ${machine}s machine CPU, $((rss / 1024)) MiB"
}

expect_rows() { # FILE TABLE N
  local n
  n="$(sqlite3 "$1" "SELECT count(*) FROM \"$2\"")"
  [ "$n" = "$3" ] || { echo "expected $3 rows in $1 $2, found $n" >&2; exit 1; }
}


# --- PostgreSQL ------------------------------------------------------------------------------------
pg_fixture() { # TABLE ROWS
  local have
  have="$(psql_db -At -c "SELECT count(*) FROM $1" 2>/dev/null || echo 0)"
  if [ "$rebuild" = 1 ] || [ "$have" != "$2" ]; then
    log "PostgreSQL fixture $1 ($2 rows)"
    psql_db -v rows="$2" -v tbl="$1" -f "$here/pg-fixture.sql" >/dev/null 2>&1
  fi
}

pg_config() { # FILE TABLE [INTERVAL]
  cat >"$1" <<EOF
{"sources": [{"source": "postgres", "name": "pg",
  "conn": "postgres://$PGUSER@$PGHOST:$PGPORT/$DB",
  "intervalSeconds": ${3:-60},
  "tables": [{"name": "$2", "watermark": "updated_at", "target": "t"}]}]}
EOF
}

run_pg() {
  log "PostgreSQL: database $DB"
  psql -X -q -d postgres -c "CREATE DATABASE $DB" 2>/dev/null || true
  pg_fixture t1m 1000000
  [ "$with5m" = 1 ] && pg_fixture t5m 5000000
  local cfg="$work/pg-1m.json" db="$work/pg-replicate.db" alt="$work/pg-copy.db"
  pg_config "$cfg" t1m
  if [ "$first_sync" = 0 ]; then
    # The incremental table's first sync records the class-data archive instead (see below).
    rm -f "$archives"/replicate-*-run.jsa
    incremental_and_idle pg
    return 0
  fi

  # Warm-up, not counted: builds the jar and the class-data archive, and gives the table's schema,
  # which the COPY pipeline's file gets too (same key, same column types: same work for SQLite).
  log "warm-up"
  # The launcher records its class-data archive during the first `run` after the jars change; make
  # that a syncing run, as the first cron run after an install or upgrade normally is (an idle run
  # would record an archive without the driver's classes).
  rm -f "$archives"/replicate-*-run.jsa
  fresh "$db"; "$replicate" run --config "$cfg" --db "$db" >/dev/null
  expect_rows "$db" t 1000000
  sqlite3 "$db" ".schema t" >"$work/pg-schema.sql"

  pg_first_syncs "pg first sync 1M" t1m 1000000 "$rounds" "$cfg" "$db" "$alt"

  if [ "$with5m" = 1 ]; then
    local cfg5="$work/pg-5m.json" db5="$work/pg-5m.db"
    pg_config "$cfg5" t5m
    for r in $(seq "$(( rounds < 3 ? rounds : 3 ))"); do
      fresh "$db5"
      measure "pg first sync 5M" "replicate run" "$r" "$replicate" run --config "$cfg5" --db "$db5"
      expect_rows "$db5" t 5000000
    done
    fresh "$db5"
  fi

  if [ "$with10m" = 1 ]; then
    pg_fixture t10m 10000000
    local cfg10="$work/pg-10m.json" db10="$work/pg-10m.db" alt10="$work/pg-10m-copy.db"
    pg_config "$cfg10" t10m
    pg_first_syncs "pg first sync 10M" t10m 10000000 "$(( rounds < 3 ? rounds : 3 ))" "$cfg10" "$db10" "$alt10"
    fresh "$db10"; fresh "$alt10"
  fi

  incremental_and_idle pg
}

# pg_first_syncs FIGURE TABLE ROWS ROUNDS CONFIG DB PIPELINE_DB: replicate's first sync of TABLE against
# the COPY pipeline, round by round (the pipeline's file gets the schema the warm-up wrote).
pg_first_syncs() {
  local figure="$1" table="$2" rows="$3" n="$4" cfg="$5" db="$6" alt="$7"
  for r in $(seq "$n"); do
    for contender in replicate copy; do
      # alternate which goes first, so neither always meets the other's leftovers
      if [ $((r % 2)) = 0 ]; then contender=$([ "$contender" = replicate ] && echo copy || echo replicate); fi
      if [ "$contender" = replicate ]; then
        fresh "$db"
        measure "$figure" "replicate run" "$r" "$replicate" run --config "$cfg" --db "$db"
        expect_rows "$db" t "$rows"
      else
        fresh "$alt"; sqlite3 "$alt" <"$work/pg-schema.sql"
        measure "$figure" "psql COPY | sqlite3 .import" "$r" bash -c \
          "psql -X -d $DB -c 'COPY $table TO STDOUT (FORMAT csv)' | sqlite3 '$alt' '.import --csv /dev/stdin t'"
        expect_rows "$alt" t "$rows"
      fi
    done
  done
}

# --- MySQL / MariaDB -------------------------------------------------------------------------------
my_fixture() { # TABLE ROWS
  local have
  have="$(my -N "$DB" -e "SELECT count(*) FROM $1" 2>/dev/null || echo 0)"
  if [ "$rebuild" = 1 ] || [ "$have" != "$2" ]; then
    log "MariaDB fixture $1 ($2 rows)"
    sed "s/@TBL@/$1/g; s/@ROWS@/$2/g" "$here/mysql-fixture.sql" | my "$DB" >/dev/null
  fi
}

my_config() { # FILE TABLE [INTERVAL]
  cat >"$1" <<EOF
{"sources": [{"source": "mysql", "name": "my",
  "conn": "mysql://$MYUSER@$MYHOST:$MYPORT/$DB",
  "intervalSeconds": ${3:-60},
  "tables": [{"name": "$2", "watermark": "updated_at", "target": "t"}]}]}
EOF
}

run_mysql() {
  command -v mariadb >/dev/null || { log "no mariadb client: MySQL part skipped"; return 0; }
  log "MariaDB: database $DB"
  my -e "CREATE DATABASE IF NOT EXISTS $DB"
  my_fixture t1m 1000000
  [ "$with5m" = 1 ] && my_fixture t5m 5000000
  local cfg="$work/my-1m.json" db="$work/my-replicate.db" alt="$work/my-batch.db"
  my_config "$cfg" t1m
  if ! "$replicate" validate-config --config "$cfg" >"$work/last.out" 2>&1; then
    log "this build does not take a \"source\": \"mysql\" configuration; MySQL part skipped:"
    cat "$work/last.out" >&2
    printf 'mysql\tskipped\t0\t0\t0\t0\t0\n' >>"$results"
    return 0
  fi
  if [ "$first_sync" = 0 ]; then
    rm -f "$archives"/replicate-*-run.jsa   # recorded by the incremental table's first sync
    incremental_and_idle mysql
    return 0
  fi
  log "warm-up"
  rm -f "$archives"/replicate-*-run.jsa   # recorded by a MySQL sync (see run_pg)
  fresh "$db"; "$replicate" run --config "$cfg" --db "$db" >/dev/null
  expect_rows "$db" t 1000000
  sqlite3 "$db" ".schema t" >"$work/my-schema.sql"

  my_first_syncs "mysql first sync 1M" t1m 1000000 "$rounds" "$cfg" "$db" "$alt"

  if [ "$with5m" = 1 ]; then
    local cfg5="$work/my-5m.json" db5="$work/my-5m.db"
    my_config "$cfg5" t5m
    for r in $(seq "$(( rounds < 3 ? rounds : 3 ))"); do
      fresh "$db5"
      measure "mysql first sync 5M" "replicate run" "$r" "$replicate" run --config "$cfg5" --db "$db5"
      expect_rows "$db5" t 5000000
    done
    fresh "$db5"
  fi

  if [ "$with10m" = 1 ]; then
    my_fixture t10m 10000000
    local cfg10="$work/my-10m.json" db10="$work/my-10m.db" alt10="$work/my-10m-batch.db"
    my_config "$cfg10" t10m
    my_first_syncs "mysql first sync 10M" t10m 10000000 "$(( rounds < 3 ? rounds : 3 ))" "$cfg10" "$db10" "$alt10"
    fresh "$db10"; fresh "$alt10"
  fi

  incremental_and_idle mysql
}

# my_first_syncs FIGURE TABLE ROWS ROUNDS CONFIG DB PIPELINE_DB: as pg_first_syncs, against the
# `mariadb --batch` pipeline.
my_first_syncs() {
  local figure="$1" table="$2" rows="$3" n="$4" cfg="$5" db="$6" alt="$7"
  for r in $(seq "$n"); do
    for contender in replicate batch; do
      if [ $((r % 2)) = 0 ]; then contender=$([ "$contender" = replicate ] && echo batch || echo replicate); fi
      if [ "$contender" = replicate ]; then
        fresh "$db"
        measure "$figure" "replicate run" "$r" "$replicate" run --config "$cfg" --db "$db"
        expect_rows "$db" t "$rows"
      else
        # --batch prints tab-separated rows (NULL as the word NULL, which .import keeps as text: the
        # alternative is not exact, only fast); --quick streams instead of buffering the result.
        fresh "$alt"; sqlite3 "$alt" <"$work/my-schema.sql"
        measure "$figure" "mariadb --batch | sqlite3 .import" "$r" bash -c \
          "mariadb -h $MYHOST -P $MYPORT -u $MYUSER --batch --quick --skip-column-names $DB -e 'SELECT * FROM $table' | sqlite3 -cmd '.mode tabs' '$alt' '.import /dev/stdin t'"
        expect_rows "$alt" t "$rows"
      fi
    done
  done
}

# --- incremental, idle, status, floor (per source) -------------------------------------------------
# On a copy of the 1M table (t1m_inc, or --inc-table), synced once; each round changes 1,000 rows at
# the source, then times `run --force` (the incremental run) and the JVM floor (by turns first), an idle
# `run` (the table is not due: interval one day), `status`, and the JVM floor again, in turn.
incremental_and_idle() {
  local kind="$1" cfg="$work/$1-inc.json" db="$work/$1-inc.db"
  log "$kind: incremental table $inc_table"
  if [ "$kind" = pg ]; then
    psql_db -c "DROP TABLE IF EXISTS $inc_table" -c "CREATE TABLE $inc_table (LIKE t1m INCLUDING ALL)" \
      -c "INSERT INTO $inc_table SELECT * FROM t1m" -c "VACUUM ANALYZE $inc_table" >/dev/null 2>&1
    pg_config "$cfg" $inc_table 86400
  else
    my "$DB" -e "DROP TABLE IF EXISTS $inc_table; CREATE TABLE $inc_table LIKE t1m; INSERT INTO $inc_table SELECT * FROM t1m; ANALYZE TABLE $inc_table" >/dev/null
    my_config "$cfg" $inc_table 86400
  fi
  fresh "$db"
  "$replicate" run --config "$cfg" --db "$db" >/dev/null
  expect_rows "$db" t 1000000
  # status's class-data archive: this script's build above rewrote the jar, so the first start finds the
  # archive stale and deletes it, the second records it (else the first round's status did: 3.0 s
  # against 0.5 s).
  "$replicate" status --config "$cfg" --db "$db" >/dev/null
  "$replicate" status --config "$cfg" --db "$db" >/dev/null
  # The launcher records run's class-data archive in the first run that brings a table synced before up
  # to date, not in a first sync: one such run here (rows the rounds do not change), or the first round
  # would be timed recording it (seen: 9.4 s against 0.6-1.0 s).
  if [ "$kind" = pg ]; then
    psql_db -c "UPDATE $inc_table SET updated_at = clock_timestamp(), qty = qty + 1 WHERE id % 1000 = 0" >/dev/null
  else
    my "$DB" -e "UPDATE $inc_table SET updated_at = SYSDATE(6), qty = qty + 1 WHERE id % 1000 = 0"
  fi
  "$replicate" run --force --config "$cfg" --db "$db" >/dev/null
  local n=$(( rounds * 2 ))
  for r in $(seq "$n"); do
    if [ "$kind" = pg ]; then
      psql_db -c "UPDATE $inc_table SET updated_at = clock_timestamp(), qty = qty + 1 WHERE id % 1000 = $r" >/dev/null
    else
      my "$DB" -e "UPDATE $inc_table SET updated_at = SYSDATE(6), qty = qty + 1 WHERE id % 1000 = $r"
    fi
    # The incremental target's yardstick, the JVM floor, is taken beside the run it measures, in the
    # same conditions: right after the source's change (whose background work, the server's WAL flush and
    # writer, shares the two CPUs) before the run in odd rounds and after it in even ones. Taken apart
    # in the idle rounds, as before, it moved 0.355-0.40 s between this script and bench/floors.sh in
    # one command (twenty-second session), more than the target's margin.
    if (( r % 2 )); then
      measure "$kind incremental 1000 rows" "JVM floor (JvmFloor)" "$r" java -cp "$floor_cp" JvmFloor "$db" _replicate_watermarks
      measure "$kind incremental 1000 rows" "replicate run --force" "$r" "$replicate" run --force --config "$cfg" --db "$db"
    else
      measure "$kind incremental 1000 rows" "replicate run --force" "$r" "$replicate" run --force --config "$cfg" --db "$db"
      measure "$kind incremental 1000 rows" "JVM floor (JvmFloor)" "$r" java -cp "$floor_cp" JvmFloor "$db" _replicate_watermarks
    fi
    local pulled
    pulled="$(sqlite3 "$db" "SELECT last_rows_pulled FROM _replicate_watermarks")"
    [ "$pulled" -ge 1000 ] && [ "$pulled" -le 1100 ] || { echo "incremental run pulled $pulled rows" >&2; exit 1; }
    measure "$kind idle" "replicate run (nothing due)" "$r" "$replicate" run --config "$cfg" --db "$db"
    [ "$(sqlite3 "$db" "SELECT last_rows_pulled FROM _replicate_watermarks")" = "$pulled" ] \
      || { echo "the idle run ran a table" >&2; exit 1; }
    measure "$kind idle" "replicate status" "$r" "$replicate" status --config "$cfg" --db "$db"
    measure "$kind idle" "JVM floor (JvmFloor)" "$r" java -cp "$floor_cp" JvmFloor "$db" _replicate_watermarks
    # SQLite's own share of the incremental run, a lower bound: the sqlite3 CLI making the same change
    # (qty + 1 on the same 1,000 rows, upserted in watermark order in one transaction, then the
    # checkpoint at close) to a copy of the replica, in a process of its own. The values must change:
    # SQLite leaves a page clean when a row's new bytes equal the old ones.
    local copy="$work/$kind-sqlite-only.db"
    rm -f "$copy" "$copy-wal" "$copy-shm"
    cp "$db" "$copy"
    [ ! -f "$db-wal" ] || cp "$db-wal" "$copy-wal"
    sync "$copy"   # else the checkpoint's fdatasync would write out the whole copy
    sed "s/@ROUND@/$r/" >"$work/upsert.sql" <<'SQL'
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -65536;
BEGIN;
INSERT INTO t SELECT id, updated_at, name, note, amount, active, qty + 1, score, day, payload FROM t
  WHERE id IN (SELECT value * 1000 + @ROUND@ FROM generate_series(0, 999)) ORDER BY updated_at, id
  ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, name = excluded.name, note = excluded.note,
    amount = excluded.amount, active = excluded.active, qty = excluded.qty, score = excluded.score,
    day = excluded.day, payload = excluded.payload;
SELECT changes();
COMMIT;
SQL
    measure "$kind incremental 1000 rows" "sqlite3 alone: the same upserts" "$r" sqlite3 "$copy" ".read '$work/upsert.sql'"
    # A figure for fewer rows would be a fast figure for nothing: the upsert must have changed 1,000.
    [ "$(tail -n 1 "$work/last.out")" = 1000 ] \
      || { echo "sqlite3 alone changed $(tail -n 1 "$work/last.out") rows, not 1,000" >&2; exit 1; }
    rm -f "$copy" "$copy-wal" "$copy-shm"
  done
}

case "$only" in
  all) run_pg; run_mysql ;;
  pg) run_pg ;;
  mysql) run_mysql ;;
  *) echo "--only pg|mysql" >&2; exit 2 ;;
esac

# --- summary ---------------------------------------------------------------------------------------
summary="$work/summary.md"
{
  echo '```'
  cat "$machine"
  echo '```'
  echo
  echo "| figure | contender | n | wall median (min-max) s | CPU median s | machine CPU median s | peak RSS median (max) MiB |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'\t' '$2 != "skipped" {k = $1 "\t" $2; if (!(k in seen)) {seen[k] = 1; order[++n] = k}
      w[k] = w[k] " " $4; c[k] = c[k] " " $5; m[k] = m[k] " " $6; x[k] = x[k] " " $7}
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
        cm = med(c[k])
        xm = med(x[k])
        mm = med(m[k]); mh = hi
        gsub(/\|/, "\\|", p[2])
        printf "| %s | %s | %d | %.2f (%.2f-%.2f) | %.2f | %.2f | %.0f (%.0f) |\n", p[1], p[2], cnt, wm, wl, wh, cm, xm, mm / 1024, mh / 1024
      }
    }' "$results"
  echo
  # Ratios of medians, per figure, against the targets.
  awk -F'\t' '$2 != "skipped" {k = $1 "\t" $2; w[k] = w[k] " " $4}
    function med(list,   a, i, j, t, cnt) {
      cnt = split(list, a, " ")
      for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (a[j] + 0 < a[i] + 0) {t = a[i]; a[i] = a[j]; a[j] = t}
      return cnt % 2 ? a[(cnt + 1) / 2] : (a[cnt / 2] + a[cnt / 2 + 1]) / 2
    }
    function ratio(name, a, b, target) {
      if ((a in w) && (b in w)) printf "- %s: %.2fx (target <= %s)\n", name, med(w[a]) / med(w[b]), target
    }
    # What an incremental run adds to an idle one, and how much of that SQLite alone needs.
    function added(name, inc, idle, alone) {
      if ((inc in w) && (idle in w) && (alone in w)) printf "- %s: the incremental run adds %.3f s to an idle run (%.3f s allowed by the target); sqlite3 alone makes the same change in %.3f s\n", name, med(w[inc]) - med(w[idle]), med(w[idle]) / 2, med(w[alone])
    }
    END {
      ratio("PostgreSQL first sync 1M, replicate / COPY pipeline", "pg first sync 1M\treplicate run", "pg first sync 1M\tpsql COPY | sqlite3 .import", "0.8x")
      ratio("MySQL first sync 1M, replicate / batch pipeline", "mysql first sync 1M\treplicate run", "mysql first sync 1M\tmariadb --batch | sqlite3 .import", "0.8x")
      ratio("PostgreSQL first sync 10M, replicate / COPY pipeline", "pg first sync 10M\treplicate run", "pg first sync 10M\tpsql COPY | sqlite3 .import", "0.8x")
      ratio("MySQL first sync 10M, replicate / batch pipeline", "mysql first sync 10M\treplicate run", "mysql first sync 10M\tmariadb --batch | sqlite3 .import", "0.8x")
      ratio("PostgreSQL incremental 1,000 rows / idle run", "pg incremental 1000 rows\treplicate run --force", "pg idle\treplicate run (nothing due)", "1.5x")
      ratio("MySQL incremental 1,000 rows / idle run", "mysql incremental 1000 rows\treplicate run --force", "mysql idle\treplicate run (nothing due)", "1.5x")
      added("PostgreSQL", "pg incremental 1000 rows\treplicate run --force", "pg idle\treplicate run (nothing due)", "pg incremental 1000 rows\tsqlite3 alone: the same upserts")
      added("MySQL", "mysql incremental 1000 rows\treplicate run --force", "mysql idle\treplicate run (nothing due)", "mysql incremental 1000 rows\tsqlite3 alone: the same upserts")
      ratio("PostgreSQL incremental 1,000 rows / JVM floor", "pg incremental 1000 rows\treplicate run --force", "pg incremental 1000 rows\tJVM floor (JvmFloor)", "1.5x")
      ratio("MySQL incremental 1,000 rows / JVM floor", "mysql incremental 1000 rows\treplicate run --force", "mysql incremental 1000 rows\tJVM floor (JvmFloor)", "1.5x")
      ratio("idle run / JVM floor (PostgreSQL config)", "pg idle\treplicate run (nothing due)", "pg idle\tJVM floor (JvmFloor)", "1.5x")
      ratio("status / JVM floor (PostgreSQL config)", "pg idle\treplicate status", "pg idle\tJVM floor (JvmFloor)", "1.5x")
      ratio("idle run / JVM floor (MySQL config)", "mysql idle\treplicate run (nothing due)", "mysql idle\tJVM floor (JvmFloor)", "1.5x")
      ratio("status / JVM floor (MySQL config)", "mysql idle\treplicate status", "mysql idle\tJVM floor (JvmFloor)", "1.5x")
    }' "$results"
} >"$summary"
echo
cat "$summary"
log "raw timings: $results; summary: $summary"

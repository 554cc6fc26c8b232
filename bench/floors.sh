#!/usr/bin/env bash
# Floors for the targets issues #17 and #18 set and replicate has not met on this machine: what the
# least program doing the same work with the design's parts (Java 17, a JVM per run, the JDBC drivers,
# sqlite-jdbc, md5 over canonical text in the source's SQL) needs, measured beside replicate and the
# target's yardstick in the same rounds. A floor above a target says the target is out of reach of the
# design here, whatever replicate's own code does.
#
#   bench/floors.sh [--rounds N] [--only pg|mysql] [--figures first,incremental,verify,many]
#                                                       # default 5 rounds, both sources, every figure
#   bench/floors.sh --figures first --table t10m --rows 10000000 --rounds 2   # the first sync of 10M rows
#   bench/floors.sh ... --no-writer-floor   # the first sync without the writer floor (at 10M it loads every
#                                           # row into memory first: 80-100 s a round), the read-write floor alone
#   bench/floors.sh ... --clone             # replicate run from this checkout's bin/replicate, not from the
#                                           # release archive the build makes (unpacked into the work folder)
#
# Per source, on the bench fixture t1m (bench/run.sh builds it), never changed:
#  1. First sync, 1M rows (target: at most 0.8x the pipeline): replicate's first sync, the pipeline
#     (psql COPY | sqlite3 .import, or mariadb --batch | sqlite3 .import) and the writer floor
#     (bench/floor/org/sqlite/core/WriterFloor.java: the rows a first sync wrote, loaded into memory
#     first, then written into a new file through sqlite-jdbc's native binds, one transaction per
#     1,000 rows as replicate's default page, WAL, a plain INSERT) and the read-write floor
#     (bench/floor/org/sqlite/core/ReadWriteFloor.java: the same write fed by the source's read, in key
#     order as a first sync reads, in the cheapest way replicate could read it: PostgreSQL's COPY text
#     through pgjdbc's CopyManager split into fields converted from their bytes, MariaDB's streaming
#     result set through getLong/getDouble/getBytes; a reader thread and the writer, as replicate), in
#     rotating order. Its replica is checked once against replicate's: the same values and types.
#     The writer's floor is a JVM's start (bench/JvmFloor.java, as bench/run.sh runs it) plus that
#     write: the writer is one thread, since SQLite takes one writer, and every row passes through it.
#     The read-write floor prints its reader thread's, writer thread's and server connection's CPU
#     (the backend process, or mariadbd's thread, from /proc); on this machine's cores, a first sync
#     cannot take less than a JVM's start plus the larger of the writer's CPU and their sum / cores.
#     The servers' CPU over each contender's run (server_cpu: every client of the server counts) is
#     kept too, as "first sync 1M: server CPU" (10M with --table t10m --rows 10000000).
#  2. Incremental run, 1,000 changed rows (target: at most 1.5x the JVM floor): on a copy of t1m
#     (floors_inc) synced once, each round changes 1,000 rows at the source, then times replicate's
#     `run --force`, the incremental floor (bench/floor/org/sqlite/core/IncrementalFloor.java on a copy of
#     the same replica: connect with replicate's driver, read the rows past the stored watermark, upsert
#     them through sqlite-jdbc in one transaction, empty the log; no reflection, state or cursor) and
#     the JVM floor (JvmFloor with the JDK's default flags, as bench/run.sh takes it for the target),
#     and the design floor (the same program on another copy, with what the design requires of every
#     run on top: the configuration parsed by gson, replicate's own session statements and catalog
#     queries, taken from its classes by bench/floor/org/sqlite/core/DesignSql.java, and the new
#     watermark stored in the rows' transaction), and the launcher alone (bin/replicate with the same
#     arguments up to its exec of java, a JDK whose java is true(1): the part of replicate's time that no
#     floor, a plain java command, pays: bash, and in a clone the check that the jar is newer than the sources).
#     The other Java floors run with the launcher's options for `run` and a class-data archive of
#     their own, recorded as the launcher records replicate's.
#  3. verify of the equal table (target: at most 0.5x a first sync): replicate's verify, and the two
#     halves of one checksum pass at their least. The source's: md5 of every row's canonical text, as
#     replicate's range query builds it (taken from `replicate verify -vv`), over the whole table in one
#     statement by the client tool, with no ordering and no concatenation (the server may use parallel
#     workers); its wall time and the server's CPU. The replica's: ReplicaDigestFloor.java reads every
#     stored value through sqlite-jdbc, one native call per value, into md5, in a fresh JVM.
#  4. 500 tables of 1,000 rows, nothing changed (target: at most 5x a run of one such table), on
#     bench/many.sh's fixture (mt_0001 ... mt_0500; run bench/many.sh once to build it): replicate's
#     `run --force` of the 500 and of one, and the design floor of each
#     (bench/floor/org/sqlite/core/ManyTablesFloor.java on copies of replicate's replicas: the
#     configuration parsed, replicate's session statements and catalog queries for all the tables at once,
#     on PostgreSQL replicate's counts of rows no read streams in one round trip, then per table its rows
#     at or past the stored watermark upserted and its state written, one transaction a table; no cursor,
#     notes or log), on PostgreSQL also without the counts, in rotating order.
# Raw rows go to target/bench/floors/floors.tsv (or BENCH_DIR/floors); the summary is printed as markdown.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
. "$here/lib.sh"
root="$(cd "$here/.." && pwd -P)"
rounds=5
only=all
figures=first,incremental,verify,many
table=t1m
rows=1000000
writer_floor=1
clone=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --figures) figures="$2"; shift 2 ;;
    --table) table="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --no-writer-floor) writer_floor=0; shift ;;
    --clone) clone=1; shift ;;
    -h | --help) sed -n '2,62p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$only" in all | pg | mysql) ;; *) echo "--only pg|mysql" >&2; exit 2 ;; esac
# The first sync's table; verify reads the replica the first sync made, so another table goes alone.
label="$(( rows / 1000000 ))M"
if [ "$table" != t1m ] && [ "$figures" != first ]; then echo "--table goes with --figures first" >&2; exit 2; fi

PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
MYHOST="${MYHOST:-127.0.0.1}"; MYPORT="${MYPORT:-3306}"; MYUSER="${MYUSER:-root}"
export PGHOST PGPORT PGUSER
DB=replicate_bench
replicate="$root/bin/replicate"
work="${BENCH_DIR:-$root/target/bench}/floors"
mkdir -p "$work"
results="$work/floors.tsv"
: >"$results"

# --- build -----------------------------------------------------------------------------------------
log "building"
(cd "$root" && mvn -q -B -ntp -DskipTests package) >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
# replicate as users install it (lib.sh's install_release), unless --clone: this checkout's bin/replicate.
[ "$clone" = 1 ] || replicate="$(install_release "$root" "$work/installed")" || exit 1
archives="$(start_up_folder "$replicate")"
log "timing $replicate"
lib="$root/target/lib"
cp_jars="$(ls "$lib"/sqlite-jdbc-*.jar):$(ls "$lib"/postgresql-*.jar):$(ls "$lib"/mysql-connector-j-*.jar):$(ls "$lib"/fastdoubleparser-*.jar)"
rm -rf "$work/classes" && mkdir -p "$work/classes"
javac -d "$work/classes" -cp "$cp_jars:$(ls "$lib"/gson-*.jar)" "$here"/floor/org/sqlite/core/*.java
# A class-data archive takes classes from jars only.
(cd "$work/classes" && jar cf "$work/floors.jar" .)
floor_cp="$work/floors.jar:$cp_jars"
# The design floor also parses the configuration, with replicate's library for it.
design_cp="$floor_cp:$(ls "$lib"/gson-*.jar)"
# replicate's statements for the guarantees, from its classes (MariaDB announces itself as 5.5.5-).
java -cp "$work/floors.jar:$root/target/replicate.jar" org.sqlite.core.DesignSql "$work/design.properties" \
  "5.5.5-$(mariadb -h "$MYHOST" -P "$MYPORT" -u "$MYUSER" -N -e 'SELECT VERSION()')"
# The launcher's options for `run` (bin/replicate), and the native library unpacked once as it does
# (-Dorg.sqlite.lib.path). Without it sqlite-jdbc unpacks a copy of the library at every start and loads
# that: 86 ms of a floor's main thread (async-profiler, twenty-third session) that replicate does not pay.
# Until then this comment said so and the options did not: every floor below carried that cost.
case "$(uname -m)" in aarch64 | arm64) native_platform=Linux/aarch64 ;; *) native_platform=Linux/x86_64 ;; esac
mkdir -p "$work/native"
unzip -p "$(ls "$lib"/sqlite-jdbc-*.jar)" "org/sqlite/native/$native_platform/libsqlitejdbc.so" >"$work/native/libsqlitejdbc.so"
[ -s "$work/native/libsqlitejdbc.so" ] || { echo "bench/floors.sh: could not unpack sqlite-jdbc's library for $native_platform" >&2; exit 1; }
opts=(-XX:+UseSerialGC -Xms64m -Xmn32m -XX:-UsePerfData -XX:Tier4InvocationThreshold=50000
      -XX:Tier4MinInvocationThreshold=20000 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=400000
      --enable-native-access=ALL-UNNAMED -Dorg.sqlite.lib.path="$work/native" -Dorg.sqlite.lib.name=libsqlitejdbc.so)
# record NAME MAIN ARGS...: a class list from one run, then a static archive from it, as the launcher does.
# CP, when set, is the class path instead of the floors'.
record() {
  local name="$1"; shift
  java "${opts[@]}" -XX:DumpLoadedClassList="$work/$name.classes" -cp "${CP:-$floor_cp}" "$@" >/dev/null 2>"$work/$name.err" \
    || { cat "$work/$name.err" >&2; exit 1; }
  java "${opts[@]}" -Xshare:dump -XX:SharedClassListFile="$work/$name.classes" -XX:SharedArchiveFile="$work/$name.jsa" \
    -cp "${CP:-$floor_cp}" >"$work/$name-dump.log" 2>&1 || { cat "$work/$name-dump.log" >&2; exit 1; }
}
# The JVM floor as bench/run.sh takes it (the yardstick of the targets): the JDK's default flags, no archive,
# and run.sh's class path, sqlite-jdbc's jar and a folder. Not the floors' path: DriverManager would load
# every driver on it (pgjdbc's and Connector/J's, with its cleanup thread), which made this floor 10-15%
# slower than run.sh's and the incremental ratios measured here that much smaller (twentieth session).
mkdir -p "$work/jvm-floor"
javac -d "$work/jvm-floor" -cp "$(ls "$lib"/sqlite-jdbc-*.jar)" "$here/JvmFloor.java"
jvm=(java -cp "$(ls "$lib"/sqlite-jdbc-*.jar):$work/jvm-floor" JvmFloor)
fj() { # NAME: FJ becomes the java command with that archive; -Xshare:on fails rather than run without it
  FJ=(java "${opts[@]}" -XX:SharedArchiveFile="$work/$1.jsa" -Xshare:on -Xlog:cds=off -cp "${CP:-$floor_cp}")
}

# measure SOURCE FIGURE CONTENDER ROUND COMMAND...: wall, CPU (user + sys), peak RSS, and the command's last line.
measure() {
  local source="$1" figure="$2" contender="$3" round="$4"; shift 4
  /usr/bin/time -o "$work/time.txt" -f '%e %U %S %M' "$@" >"$work/last.out" 2>"$work/last.err" \
    || { cat "$work/last.err" >&2; exit 1; }
  read -r wall user sys rss <"$work/time.txt"
  local cpu; cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$source" "$figure" "$contender" "$round" "$wall" "$cpu" "$rss" \
    "$(tail -n 1 "$work/last.out")" >>"$results"
  log "$source / $figure / $contender / round $round: ${wall}s wall, ${cpu}s CPU, load $(cut -d' ' -f1 /proc/loadavg)"
}


# --- 1. first sync ---------------------------------------------------------------------------------
# measure_server SOURCE FIGURE CONTENDER ROUND COMMAND...: measure, then the servers' CPU over it as a row of its own.
measure_server() {
  local before after; before="$(server_cpu "$1")"
  measure "$@"
  after="$(server_cpu "$1")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2: server CPU" "$3" "$4" \
    "$(awk -v a="$after" -v b="$before" 'BEGIN {printf "%.2f", a - b}')" 0 0 "" >>"$results"
}

first_sync() {
  local kind="$1" cfg="$work/$1-first.json" synced="$work/$1-synced.db" schema="$work/$1-schema.sql"
  config "$cfg" "$kind" "$table"
  # The replica the floor writes again, from a syncing run that also records replicate's archive.
  rm -f "$archives"/replicate-*-run.jsa
  fresh "$synced"
  "$replicate" run --config "$cfg" --db "$synced" >/dev/null
  sqlite3 "$synced" ".schema t" >"$schema"
  fresh "$work/floor.db"
  local order=(replicate pipeline floor rw-floor) r k db
  if [ "$writer_floor" = 1 ]; then
    record writer-floor org.sqlite.core.WriterFloor "$synced" t "$work/floor.db" 1000
  else
    order=(replicate pipeline rw-floor)
  fi
  # The read-write floor's read: replicate's first-sync query (its columns, in key order) without the
  # boundary's filter, which every row passes.
  local rw_args
  if [ "$kind" = pg ]; then
    rw_args=(postgres "$PGHOST" "$PGPORT" "$PGUSER" "$DB"
      'SELECT "id", "updated_at", "name", "note", "amount"::text, "active", "qty", "score", "day", "payload" FROM "public"."'"$table"'" ORDER BY "id"')
  else
    rw_args=(mysql "$MYHOST" "$MYPORT" "$MYUSER" "$DB"
      'SELECT `id`, `updated_at`, `name`, `note`, `amount`, `active`, `qty`, `score`, `day`, `payload` FROM `'"$table"'` ORDER BY `id`')
  fi
  fresh "$work/floor.db"
  record rw-floor org.sqlite.core.ReadWriteFloor "${rw_args[@]}" "$work/floor.db" "$(cat "$schema")" 1000
  # The floor must store what replicate stores: every row, value and type (EXCEPT tells 1 from '1').
  local differ
  differ="$(sqlite3 "$work/floor.db" "ATTACH '$synced' AS r;
    SELECT (SELECT count(*) FROM (SELECT * FROM main.t EXCEPT SELECT * FROM r.t))
         + (SELECT count(*) FROM (SELECT * FROM r.t EXCEPT SELECT * FROM main.t))")"
  [ "$differ" = 0 ] || { echo "the read-write floor's replica differs from replicate's in $differ rows" >&2; exit 1; }
  fresh "$work/floor.db"
  for r in $(seq "$rounds"); do
    for ((k = 0; k < ${#order[@]}; k++)); do
      db="$work/$kind-first.db"
      fresh "$db"
      case "${order[$(( (k + r) % ${#order[@]} ))]}" in
        replicate) measure_server "$kind" "first sync $label" "replicate run" "$r" "$replicate" run --config "$cfg" --db "$db" ;;
        pipeline)
          sqlite3 "$db" <"$schema"
          if [ "$kind" = pg ]; then
            measure_server "$kind" "first sync $label" "pipeline" "$r" bash -c \
              "psql -X -d $DB -c 'COPY $table TO STDOUT (FORMAT csv)' | sqlite3 '$db' '.import --csv /dev/stdin t'"
          else
            measure_server "$kind" "first sync $label" "pipeline" "$r" bash -c \
              "mariadb -h $MYHOST -P $MYPORT -u $MYUSER --batch --quick --skip-column-names $DB -e 'SELECT * FROM $table' | sqlite3 -cmd '.mode tabs' '$db' '.import /dev/stdin t'"
          fi ;;
        floor) fj writer-floor
               measure "$kind" "first sync $label" "writer floor (ms of writing)" "$r" \
                 "${FJ[@]}" org.sqlite.core.WriterFloor "$synced" t "$db" 1000 ;;
        rw-floor) fj rw-floor
               measure_server "$kind" "first sync $label" "read-write floor" "$r" \
                 "${FJ[@]}" org.sqlite.core.ReadWriteFloor "${rw_args[@]}" "$db" "$(cat "$schema")" 1000 ;;
      esac
      [ "$(sqlite3 "$db" 'SELECT count(*) FROM t')" = "$rows" ] || { echo "expected $rows rows in $db" >&2; exit 1; }
      fresh "$db"
    done
    measure "$kind" "first sync $label" "JVM floor" "$r" "${jvm[@]}" "$synced" _replicate_watermarks
  done
}

# --- 2. incremental --------------------------------------------------------------------------------
incremental() {
  local kind="$1" cfg="$work/$1-inc.json" db="$work/$1-inc.db" copy="$work/$1-inc-floor.db" copy2="$work/$1-inc-design.db"
  if [ "$kind" = pg ]; then
    psql_db -c "DROP TABLE IF EXISTS floors_inc" -c "CREATE TABLE floors_inc (LIKE t1m INCLUDING ALL)" \
      -c "INSERT INTO floors_inc SELECT * FROM t1m" -c "VACUUM ANALYZE floors_inc" >/dev/null 2>&1
  else
    my "$DB" -e "DROP TABLE IF EXISTS floors_inc; CREATE TABLE floors_inc LIKE t1m; INSERT INTO floors_inc SELECT * FROM t1m; ANALYZE TABLE floors_inc" >/dev/null
  fi
  config "$cfg" "$kind" floors_inc 86400
  fresh "$db"
  "$replicate" run --config "$cfg" --db "$db" >/dev/null
  local source_args
  if [ "$kind" = pg ]; then source_args=(postgres "$PGHOST" "$PGPORT" "$PGUSER" "$DB" floors_inc)
  else source_args=(mysql "$MYHOST" "$MYPORT" "$MYUSER" "$DB" floors_inc); fi
  change() { # ROUND: 1,000 rows get a new watermark value and a new qty, as bench/run.sh changes them
    if [ "$kind" = pg ]; then
      psql_db -c "UPDATE floors_inc SET updated_at = clock_timestamp(), qty = qty + 1 WHERE id % 1000 = $1" >/dev/null
    else
      my "$DB" -e "UPDATE floors_inc SET updated_at = SYSDATE(6), qty = qty + 1 WHERE id % 1000 = $1"
    fi
  }
  copy_replica() {
    local c
    for c in "$copy" "$copy2"; do
      fresh "$c"; cp "$db" "$c"; [ ! -f "$db-wal" ] || cp "$db-wal" "$c-wal"; sync "$c"
    done
  }
  # The floors' archives, each recorded by a run that does the floor's work once (round 0).
  change 0; copy_replica
  record inc-floor org.sqlite.core.IncrementalFloor "${source_args[@]}" "$copy" t
  CP="$design_cp" record design-floor org.sqlite.core.IncrementalFloor "${source_args[@]}" "$copy2" t "$work/design.properties" "$cfg"
  "$replicate" run --force --config "$cfg" --db "$db" >/dev/null
  local r k inc design
  fj inc-floor; inc=("${FJ[@]}" org.sqlite.core.IncrementalFloor "${source_args[@]}" "$copy" t)
  CP="$design_cp" fj design-floor
  design=("${FJ[@]}" org.sqlite.core.IncrementalFloor "${source_args[@]}" "$copy2" t "$work/design.properties" "$cfg")
  # The launcher's own part, which the floors (plain java commands) do not pay: bin/replicate with the same
  # arguments up to its exec of java, here a JDK whose java is true(1). REPLICATE_CDS=0 (no class-data
  # archive for that JDK) leaves out only the launcher's two tests of the archive's files.
  local fake="$work/launcher-jdk"
  mkdir -p "$fake/bin" "$fake/lib"; cp "$(type -P true)" "$fake/bin/java"; : >"$fake/lib/modules"
  printf 'JAVA_VERSION="17.0.15"\n' >"$fake/release"
  # Ten starts in one measure: one takes milliseconds, under /usr/bin/time's hundredth of a second.
  local launcher=(bash -c 'for i in 1 2 3 4 5 6 7 8 9 10; do "$@" || exit 1; done' _
    env JAVA_HOME="$fake" REPLICATE_CDS=0 "$replicate" run --force --config "$cfg" --db "$db")
  local order=(replicate floor design launcher)
  for r in $(seq "$rounds"); do
    change "$r"
    copy_replica
    for k in 0 1 2 3; do
      case "${order[$(( (k + r) % 4 ))]}" in
        replicate) measure "$kind" "incremental 1000 rows" "replicate run --force" "$r" "$replicate" run --force --config "$cfg" --db "$db" ;;
        floor) measure "$kind" "incremental 1000 rows" "incremental floor" "$r" "${inc[@]}" ;;
        design) measure "$kind" "incremental 1000 rows" "design floor" "$r" "${design[@]}" ;;
        launcher) measure "$kind" "incremental 1000 rows" "the launcher alone, 10 starts" "$r" "${launcher[@]}" ;;
      esac
    done
    measure "$kind" "incremental 1000 rows" "JVM floor" "$r" "${jvm[@]}" "$db" _replicate_watermarks
    [ "$(sqlite3 "$db" 'SELECT last_rows_pulled FROM _replicate_watermarks')" -ge 1000 ] || { echo "replicate pulled too few rows" >&2; exit 1; }
  done
  fresh "$copy"; fresh "$copy2"
  if [ "$kind" = pg ]; then psql_db -c "DROP TABLE floors_inc"; else my "$DB" -e "DROP TABLE floors_inc"; fi
}

# --- 3. verify: the source's share ----------------------------------------------------------------
verify_source() {
  local kind="$1" synced="$work/$1-synced.db" query="$work/$1-verify.sql"
  "$replicate" verify -vv --config "$work/$kind-first.json" --db "$synced" 2>&1 | grep -m1 "verify's range query: " \
    | sed "s/^.*verify's range query: //" >"$work/$kind-range.sql"
  local mark; mark="$(sqlite3 "$synced" "SELECT last_value FROM _replicate_watermarks WHERE target = 't'")"
  # The range query with its key range taken out, the stored watermark written in, and md5 of each
  # row's canonical text counted instead of one md5 of their concatenation in key order.
  python3 - "$kind" "$mark" "$work/$kind-range.sql" >"$query" <<'PY'
import re, sys
kind, mark, path = sys.argv[1], sys.argv[2], sys.argv[3]
q = open(path).read().strip()
inner = q[q.index("FROM (") + len("FROM ("):q.rindex(")")]
inner = re.sub(r' ORDER BY \S+$', '', inner)
if kind == "pg":
    inner = re.sub(r'"id" > \? AND "id" <= \? AND |"id" <= \? AND |"id" > \? AND ', '', inner)
    inner = inner.replace("?", "'" + mark + "'")
    print("SET jit = off;\nSELECT count(*), sum(length(md5(\"replicate_t\"))) FROM (" + inner + ") d;")
else:
    inner = re.sub(r'`id` > \? AND `id` <= \? AND |`id` <= \? AND |`id` > \? AND ', '', inner)
    mark = mark.replace("T", " ").replace("Z", "").replace("+00:00", "")
    inner = inner.replace("?", "'" + mark + "'")
    print("SELECT COUNT(*), SUM(LENGTH(MD5(`replicate_t`))) FROM (" + inner + ") d;")
PY
  record replica-floor org.sqlite.core.ReplicaDigestFloor "$synced" t
  local r before after replica_floor
  fj replica-floor; replica_floor=("${FJ[@]}" org.sqlite.core.ReplicaDigestFloor "$synced" t)
  for r in $(seq "$rounds"); do
    measure "$kind" "verify, equal table" "replicate verify" "$r" "$replicate" verify --config "$work/$kind-first.json" --db "$synced"
    measure "$kind" "verify: replica's md5 of every row" "replica floor" "$r" "${replica_floor[@]}"
    [ "$(cut -f1 "$work/last.out")" = 1000000 ] || { echo "the replica floor read $(cat "$work/last.out")" >&2; exit 1; }
    before="$(server_cpu "$kind")"
    if [ "$kind" = pg ]; then
      measure "$kind" "verify: source's md5 of every row" "psql, one statement" "$r" psql -X -q -At -F "$(printf '\t')" -d "$DB" -f "$query"
    else
      measure "$kind" "verify: source's md5 of every row" "mariadb, one statement" "$r" \
        bash -c "mariadb -h $MYHOST -P $MYPORT -u $MYUSER -N $DB <'$query'"
    fi
    after="$(server_cpu "$kind")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "verify: source's md5 of every row" "server CPU" "$r" \
      "$(awk -v a="$after" -v b="$before" 'BEGIN {printf "%.2f", a - b}')" 0 0 "" >>"$results"
    [ "$(cut -f1 "$work/last.out" | tr -d ' ')" = 1000000 ] || { echo "the digest query saw $(cat "$work/last.out")" >&2; exit 1; }
  done
}

# --- 4. many tables ---------------------------------------------------------------------------------
many_tables() {
  local kind="$1" have t
  if [ "$kind" = pg ]; then
    have="$(psql_db -At -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^mt_[0-9]{4}$'")"
  else
    have="$(my -N "$DB" -e "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$DB' AND TABLE_NAME REGEXP '^mt_[0-9]{4}\$'")"
  fi
  [ "$have" = 500 ] || { echo "$kind: bench/many.sh's 500 tables are missing ($have found): run bench/many.sh once first" >&2; exit 1; }
  local all; mapfile -t all < <(seq -f 'mt_%04g' 1 500)
  local source_args
  if [ "$kind" = pg ]; then source_args=(postgres "$PGHOST" "$PGPORT" "$PGUSER" "$DB")
  else source_args=(mysql "$MYHOST" "$MYPORT" "$MYUSER" "$DB"); fi
  local n cfg db
  for n in many one; do
    cfg="$work/$kind-$n.json"; db="$work/$kind-$n.db"
    if [ "$n" = many ]; then many_config "$cfg" "$kind" "${all[@]}"; else many_config "$cfg" "$kind" mt_0001; fi
    fresh "$db"
    "$replicate" run --config "$cfg" --db "$db" >/dev/null
    for t in floor bare; do fresh "$work/$kind-$n-$t.db"; cp "$db" "$work/$kind-$n-$t.db"; sync "$work/$kind-$n-$t.db"; done
  done
  # replicate's archive, recorded by the first run that brings a synced table up to date (when due), and
  # the floor's, recorded by a run that does its work once.
  "$replicate" run --force --config "$work/$kind-one.json" --db "$work/$kind-one.db" >/dev/null
  # And the 500 tables' command line once before its rounds, as cron ran it before: the launcher picks the
  # JIT by what the last run of the same command line pulled (JitChoice, bin/replicate).
  "$replicate" run --force --config "$work/$kind-many.json" --db "$work/$kind-many.db" >/dev/null
  CP="$design_cp" record many-floor org.sqlite.core.ManyTablesFloor "${source_args[@]}" "$work/$kind-one-floor.db" \
    "$work/design.properties" "$work/$kind-one.json" counts
  CP="$design_cp" fj many-floor
  local floor=("${FJ[@]}" org.sqlite.core.ManyTablesFloor "${source_args[@]}")
  fig() { if [ "$1" = many ]; then echo "500 tables, nothing changed"; else echo "one table, nothing changed"; fi; }
  local order=(many one floor-many floor-one bare-many) r k
  [ "$kind" = pg ] || order=(many one floor-many floor-one)
  for r in $(seq "$rounds"); do
    for k in $(seq 0 $(( ${#order[@]} - 1 ))); do
      case "${order[$(( (k + r) % ${#order[@]} ))]}" in
        many | one)
          n="${order[$(( (k + r) % ${#order[@]} ))]}"
          measure "$kind" "$(fig "$n")" "replicate run --force" "$r" \
            "$replicate" run --force --config "$work/$kind-$n.json" --db "$work/$kind-$n.db"
          [ "$(sqlite3 "$work/$kind-$n.db" 'SELECT count(*) FROM _replicate_watermarks WHERE last_ok')" = "$([ "$n" = many ] && echo 500 || echo 1)" ] \
            || { echo "replicate's $n-table run failed a table" >&2; exit 1; } ;;
        floor-many | floor-one)
          n="${order[$(( (k + r) % ${#order[@]} ))]#floor-}"
          measure "$kind" "$(fig "$n")" "design floor" "$r" \
            "${floor[@]}" "$work/$kind-$n-floor.db" "$work/design.properties" "$work/$kind-$n.json" counts
          [ "$(cut -d' ' -f1 "$work/last.out")" = "$([ "$n" = many ] && echo 500 || echo 1)" ] \
            || { echo "the design floor ran $(cat "$work/last.out")" >&2; exit 1; } ;;
        bare-many)
          measure "$kind" "$(fig many)" "design floor without the counts" "$r" \
            "${floor[@]}" "$work/$kind-many-bare.db" "$work/design.properties" "$work/$kind-many.json" no-counts ;;
      esac
    done
  done
  for n in many one; do for t in "" -floor -bare; do fresh "$work/$kind-$n$t.db"; done; done
}

run_source() {
  case ",$figures," in *,first,*) log "$1: first sync"; first_sync "$1" ;; esac
  case ",$figures," in *,incremental,*) log "$1: incremental"; incremental "$1" ;; esac
  case ",$figures," in *,verify,*) log "$1: verify's source pass"; verify_source "$1" ;; esac
  case ",$figures," in *,many,*) log "$1: 500 tables"; many_tables "$1" ;; esac
}
case "$only" in
  all) run_source pg; run_source mysql ;;
  *) run_source "$only" ;;
esac

# --- summary ---------------------------------------------------------------------------------------
echo "floors, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $rounds rounds, $(cd "$root" && git rev-parse --short HEAD)"
echo
awk -F'\t' '
  function med(list,   a, i, j, t, cnt) {
    cnt = split(list, a, " ")
    for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (a[j] + 0 < a[i] + 0) {t = a[i]; a[i] = a[j]; a[j] = t}
    return cnt % 2 ? a[(cnt + 1) / 2] : (a[cnt / 2] + a[cnt / 2 + 1]) / 2
  }
  {k = $1 "\t" $2 "\t" $3; if (!(k in seen)) {seen[k] = 1; order[++n] = k}; w[k] = w[k] " " $5; c[k] = c[k] " " $6; o[k] = o[k] " " $8
   rc[k] = rc[k] " " $10; wc[k] = wc[k] " " $11; sc[k] = sc[k] " " $12}
  END {
    print "| source | figure | contender | wall median s | CPU median s |"
    print "|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {k = order[i]; split(k, p, "\t"); printf "| %s | %s | %s | %.2f | %.2f |\n", p[1], p[2], p[3], med(w[k]), med(c[k])}
    print ""
    split("pg mysql", kinds, " ")
    for (x = 1; x <= 2; x++) {s = kinds[x]
      f = s "\tfirst sync " label "\t"
      if ((f "pipeline") in w) {
        if ((f "writer floor (ms of writing)") in w) {
          floor = med(w[f "JVM floor"]) + med(o[f "writer floor (ms of writing)"]) / 1000
          printf "- %s first sync: target 0.8x the pipeline = %.2f s; replicate %.2f s (%.2fx); floor = JVM floor %.2f s + writing %.2f s = %.2f s (%.2fx the pipeline)\n", s,
            0.8 * med(w[f "pipeline"]), med(w[f "replicate run"]), med(w[f "replicate run"]) / med(w[f "pipeline"]),
            med(w[f "JVM floor"]), med(o[f "writer floor (ms of writing)"]) / 1000, floor, floor / med(w[f "pipeline"])
        } else {
          printf "- %s first sync: target 0.8x the pipeline = %.2f s; replicate %.2f s (%.2fx); no writer floor (--no-writer-floor)\n", s,
            0.8 * med(w[f "pipeline"]), med(w[f "replicate run"]), med(w[f "replicate run"]) / med(w[f "pipeline"])
        }
        rw = f "read-write floor"
        if (rw in w) {
          reader = med(rc[rw]); writer = med(wc[rw]); server = med(sc[rw]); jvmf = med(w[f "JVM floor"])
          bound = (reader + writer + server) / cores; if (writer > bound) bound = writer
          printf "- %s first sync, read-write floor: %.2f s wall (%.2fx the pipeline), %.2f s of the JVM\047s CPU (reader thread %.2f s, writer thread %.2f s), the server\047s %.2f s for its connection; bound: JVM floor %.2f s + max(writer, (reader + writer + server) / %d cores) %.2f s = %.2f s (%.2fx the pipeline); servers\047 CPU over the runs: replicate %.2f s, pipeline %.2f s, read-write floor %.2f s\n", s,
            med(w[rw]), med(w[rw]) / med(w[f "pipeline"]), med(c[rw]), reader, writer, server, jvmf, cores, bound, jvmf + bound,
            (jvmf + bound) / med(w[f "pipeline"]), med(w[s "\tfirst sync " label ": server CPU\treplicate run"]),
            med(w[s "\tfirst sync " label ": server CPU\tpipeline"]), med(w[s "\tfirst sync " label ": server CPU\tread-write floor"])
        }
      }
      g = s "\tincremental 1000 rows\t"
      if ((g "JVM floor") in w)
        printf "- %s incremental: target 1.5x the JVM floor = %.2f s; replicate %.2f s (%.2fx); incremental floor %.2f s (%.2fx the JVM floor); design floor %.2f s (%.2fx); design floor + the launcher alone (%.3f s) = %.2f s (%.2fx)\n", s,
          1.5 * med(w[g "JVM floor"]), med(w[g "replicate run --force"]), med(w[g "replicate run --force"]) / med(w[g "JVM floor"]),
          med(w[g "incremental floor"]), med(w[g "incremental floor"]) / med(w[g "JVM floor"]),
          med(w[g "design floor"]), med(w[g "design floor"]) / med(w[g "JVM floor"]),
          med(w[g "the launcher alone, 10 starts"]) / 10, med(w[g "design floor"]) + med(w[g "the launcher alone, 10 starts"]) / 10,
          (med(w[g "design floor"]) + med(w[g "the launcher alone, 10 starts"]) / 10) / med(w[g "JVM floor"])
      m = s "\t500 tables, nothing changed\t"; o1 = s "\tone table, nothing changed\t"
      if ((m "design floor") in w) {
        printf "- %s 500 tables, nothing changed: target 5x a run of one; replicate %.2f / %.2f s = %.2fx; design floor %.2f / %.2f s = %.2fx; the design floor of the 500 against replicate\047s one table %.2fx", s,
          med(w[m "replicate run --force"]), med(w[o1 "replicate run --force"]), med(w[m "replicate run --force"]) / med(w[o1 "replicate run --force"]),
          med(w[m "design floor"]), med(w[o1 "design floor"]), med(w[m "design floor"]) / med(w[o1 "design floor"]),
          med(w[m "design floor"]) / med(w[o1 "replicate run --force"])
        if ((m "design floor without the counts") in w)
          printf "; without the counts of unreadable watermarks %.2f s (%.2fx one table\047s floor)", med(w[m "design floor without the counts"]), med(w[m "design floor without the counts"]) / med(w[o1 "design floor"])
        printf "\n"
      }
      v = s "\tverify: source\047s md5 of every row\t"; rf = s "\tverify: replica\047s md5 of every row\treplica floor"
      if ((v "server CPU") in w && (f "replicate run") in w && rf in w) {
        both = med(w[v "server CPU"]) + med(c[rf])
        printf "- %s verify: target 0.5x a first sync = %.2f s; replicate verify %.2f s (%.2fx); one pass needs the source\047s md5 of every row, %.2f s of the server\047s CPU, and the replica\047s, %.2f s of CPU in a JVM (%.2f s wall alone): %.2f s of CPU, at least %.2f s on %d cores kept busy throughout (%.2fx a first sync)\n", s,
          0.5 * med(w[f "replicate run"]), med(w[s "\tverify, equal table\treplicate verify"]), med(w[s "\tverify, equal table\treplicate verify"]) / med(w[f "replicate run"]), med(w[v "server CPU"]), med(c[rf]), med(w[rf]), both, both / cores, cores, both / cores / med(w[f "replicate run"])
      }
    }
  }' cores="$(nproc)" label="$label" "$results"

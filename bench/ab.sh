#!/usr/bin/env bash
# The fixed cost of a run, interleaved A/B (issue #17): this build against another, on the short runs
# where a machine shared with other work makes sequential figures useless.
#
#   bench/ab.sh --against ../base/bin/replicate              # PostgreSQL and MySQL/MariaDB, 10 rounds
#   bench/ab.sh --against ../base/bin/replicate --rounds 6 --only pg
#   bench/ab.sh --this /opt/a/bin/replicate --against /opt/b/bin/replicate   # two installed copies (the
#                                                            # unpacked release archives users run)
#   RECORD_THIS=incremental bench/ab.sh --this ... --against ...  # this build's class-data archive
#                          # recorded by an incremental run (the first sync runs with REPLICATE_CDS=0),
#                          # as after an upgrade; RECORD_BASE likewise; default: the first sync records
#
# Each round, in turn for each build (the order reversed every other round) and the JVM floor:
#   "idle --force": `run --force` of a 1M-row table with nothing changed at the source (the run reads
#     the boundary row again and writes it);
#   "incremental 1000 rows": 1,000 rows changed at the source (new watermark, qty + 1), then `run
#     --force` (every build pulls the same rows, into its own replica);
#   "JVM floor": bench/JvmFloor.java on the same file, as in bench/run.sh.
# Every run is checked (rows pulled). The table is mt_inc in the databases replicate_bench, a copy of
# bench/run.sh's t1m (which must exist: run bench/run.sh once), dropped at the end. Raw timings go to
# target/bench/ab.tsv (or BENCH_DIR): figure, contender, round, wall s, CPU s.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
. "$here/lib.sh"
root="$(cd "$here/.." && pwd -P)"
rounds=10
only=all
against=""
this=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --against) against="$2"; shift 2 ;;
    --this) this="$2"; shift 2 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$against" ] || { echo "--against PATH/bin/replicate is required" >&2; exit 2; }

PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
MYHOST="${MYHOST:-127.0.0.1}"; MYPORT="${MYPORT:-3306}"; MYUSER="${MYUSER:-root}"
export PGHOST PGPORT PGUSER
DB=replicate_bench
TBL=mt_inc
work="${BENCH_DIR:-$root/target/bench}"
mkdir -p "$work"
results="$work/ab.tsv"
: >"$results"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
this="${this:-$root/bin/replicate}"
base="$(readlink -f "$against")"
launcher() { if [ "$1" = this ]; then echo "$this"; else echo "$base"; fi; }


{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "this: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "base: $(cd "$(dirname "$base")/.." && git rev-parse --short HEAD 2>/dev/null || echo '?') ($base)"
  echo "rounds: $rounds"
} >"$work/ab-machine.txt"
cat "$work/ab-machine.txt" >&2

# A clone (pom.xml beside bin/) is built and keeps its start-up files in target/; an installed copy (an
# unpacked release archive) is taken as it is, its start-up files in its cache/ (make it writable).
home_of() { echo "$(dirname "$(launcher "$1")")/.."; }
startup_dir() { if [ -f "$(home_of "$1")/pom.xml" ]; then echo "$(home_of "$1")/target"; else echo "$(home_of "$1")/cache"; fi; }
log "building"
for b in this base; do
  if [ -f "$(home_of "$b")/pom.xml" ]; then
    (cd "$(home_of "$b")" && mvn -q -B -DskipTests package) >"$work/build.log" 2>&1 \
      || { cat "$work/build.log" >&2; exit 1; }
  fi
done
sqlite_jar="$(ls "$root"/target/lib/sqlite-jdbc-*.jar | head -n 1)"
mkdir -p "$work/floor"
javac -d "$work/floor" -cp "$sqlite_jar" "$here/JvmFloor.java"

# measure FIGURE CONTENDER ROUND COMMAND...
measure() {
  local figure="$1" contender="$2" round="$3"; shift 3
  local t="$work/time.txt" status=0
  "$TIME" -o "$t" -f '%e %U %S' "$@" >"$work/last.out" 2>"$work/last.err" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "FAILED ($status): $figure / $contender: $*" >&2
    cat "$work/last.err" >&2
    exit 1
  fi
  read -r wall user sys <"$t"
  printf '%s\t%s\t%s\t%s\t%s\n' "$figure" "$contender" "$round" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')" >>"$results"
}

pulled() { sqlite3 "$1" "SELECT last_rows_pulled FROM _replicate_watermarks"; }

scenario() {
  local kind="$1" cfg="$work/$1-ab.json" conn type
  if [ "$kind" = pg ]; then
    type=postgres; conn="postgres://$PGUSER@$PGHOST:$PGPORT/$DB"
    psql_db -c "DROP TABLE IF EXISTS $TBL" -c "CREATE TABLE $TBL (LIKE t1m INCLUDING ALL)" \
      -c "INSERT INTO $TBL SELECT * FROM t1m" -c "VACUUM ANALYZE $TBL" >/dev/null 2>&1
  else
    type=mysql; conn="mysql://$MYUSER@$MYHOST:$MYPORT/$DB"
    my "$DB" -e "DROP TABLE IF EXISTS $TBL; CREATE TABLE $TBL LIKE t1m; INSERT INTO $TBL SELECT * FROM t1m; ANALYZE TABLE $TBL" >/dev/null
  fi
  cat >"$cfg" <<JSON
{"sources": [{"source": "$type", "name": "$kind", "conn": "$conn", "intervalSeconds": 86400,
  "tables": [{"name": "$TBL", "watermark": "updated_at", "target": "t"}]}]}
JSON
  for b in this base; do
    log "$kind / $b: first sync (records the class-data archive)"
    rm -f "$(startup_dir "$b")"/replicate-*-run.jsa
    fresh "$work/$kind-ab-$b.db"
    local record=first
    if [ "$b" = this ]; then record="${RECORD_THIS:-first}"; else record="${RECORD_BASE:-first}"; fi
    if [ "$record" = incremental ]; then
      REPLICATE_CDS=0 "$(launcher "$b")" run --config "$cfg" --db "$work/$kind-ab-$b.db" >/dev/null
    else
      "$(launcher "$b")" run --config "$cfg" --db "$work/$kind-ab-$b.db" >/dev/null
    fi
    "$(launcher "$b")" run --force --config "$cfg" --db "$work/$kind-ab-$b.db" >/dev/null
    ls "$(startup_dir "$b")"/replicate-*-run.jsa >/dev/null
  done
  local floor=(java -cp "$sqlite_jar:$work/floor" JvmFloor "$work/$kind-ab-this.db" _replicate_watermarks)
  for r in $(seq "$rounds"); do
    local order=(this base floor)
    [ $((r % 2)) = 1 ] || order=(floor base this)
    for c in "${order[@]}"; do
      if [ "$c" = floor ]; then
        measure "$kind idle" "JVM floor" "$r" "${floor[@]}"
      else
        measure "$kind idle" "run --force, nothing changed ($c)" "$r" \
          "$(launcher "$c")" run --force --config "$cfg" --db "$work/$kind-ab-$c.db"
        [ "$(pulled "$work/$kind-ab-$c.db")" -le 10 ] || { echo "$c: the idle run pulled $(pulled "$work/$kind-ab-$c.db") rows" >&2; exit 1; }
      fi
    done
    if [ "$kind" = pg ]; then
      psql_db -c "UPDATE $TBL SET updated_at = clock_timestamp(), qty = qty + 1 WHERE id % 1000 = $r" >/dev/null
    else
      my "$DB" -e "UPDATE $TBL SET updated_at = SYSDATE(6), qty = qty + 1 WHERE id % 1000 = $r"
    fi
    for c in "${order[@]}"; do
      [ "$c" != floor ] || continue
      measure "$kind incremental 1000 rows" "run --force ($c)" "$r" \
        "$(launcher "$c")" run --force --config "$cfg" --db "$work/$kind-ab-$c.db"
      local n
      n="$(pulled "$work/$kind-ab-$c.db")"
      [ "$n" -ge 1000 ] && [ "$n" -le 1100 ] || { echo "$c: the incremental run pulled $n rows" >&2; exit 1; }
    done
    log "$kind round $r done"
  done
  fresh "$work/$kind-ab-this.db"; fresh "$work/$kind-ab-base.db"
  if [ "$kind" = pg ]; then psql_db -c "DROP TABLE $TBL" >/dev/null; else my "$DB" -e "DROP TABLE $TBL"; fi
}

case "$only" in
  all) scenario pg; if command -v mariadb >/dev/null; then scenario mysql; fi ;;
  pg) scenario pg ;;
  mysql) scenario mysql ;;
  *) echo "--only pg|mysql" >&2; exit 2 ;;
esac

summary="$work/ab-summary.md"
{
  echo '```'
  cat "$work/ab-machine.txt"
  echo '```'
  echo
  echo "| figure | contender | n | wall median (min-max) s | CPU median s |"
  echo "|---|---|---|---|---|"
  awk -F'\t' '{k = $1 "\t" $2; if (!(k in seen)) {seen[k] = 1; order[++n] = k} w[k] = w[k] " " $4; c[k] = c[k] " " $5}
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
        printf "| %s | %s | %d | %.3f (%.2f-%.2f) | %.3f |\n", p[1], p[2], cnt, wm, wl, wh, med(c[k])
        wall[k] = wm
      }
      print ""
      for (i = 1; i <= n; i++) {
        k = order[i]; split(k, p, "\t")
        if (p[2] == "JVM floor") continue
        f = (p[1] ~ /^pg/ ? "pg idle" : "mysql idle") "\tJVM floor"
        if (f in wall) printf "- %s, %s: %.2fx the JVM floor\n", p[1], p[2], wall[k] / wall[f]
      }
    }' "$results"
} >"$summary"
echo
cat "$summary"
log "raw timings: $results; summary: $summary"

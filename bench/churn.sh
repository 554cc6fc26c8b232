#!/usr/bin/env bash
# The long-lived replica benchmark (issue #17): 100 incremental runs into one file, each after 1,000
# rows were updated at the source, while an application keeps the file open (a sqlite3 process that
# reads a row ten times a second, as a dashboard or a web server would): then the run is never the
# file's last connection, and SQLite's own checkpoint at close does not happen. After every run the
# size of the write-ahead log is taken; at the end the file is set against a VACUUMed copy of itself.
# Each run is timed too, against an idle run (nothing due) of the same file every tenth round.
# Targets: the write-ahead log bounded (checkpointed); the file at most 1.2x a VACUUMed copy.
#
#   bench/churn.sh                               # PostgreSQL and MySQL/MariaDB, 100 runs
#   bench/churn.sh --rounds 30 --only pg --no-reader
#   bench/churn.sh --rounds 30 --only pg --busy-readers
#   bench/churn.sh --against /work/wt/base       # and another checkout's build, interleaved
#
# --rounds is the number of incremental runs (each updates a thousand rows it did not update before:
# id % 1000 = round). --no-reader leaves the file alone between runs; --busy-readers has two
# connections scan the whole table back to back instead (~0.1 s a scan), so that some reader is
# inside a read transaction at almost every moment, as a busy application's are. --against DIR runs
# DIR/bin/replicate as a second contender on a file of its own, run by run, alternating which goes
# first. It needs bench/run.sh's fixture t1m in the databases replicate_bench, which is never
# changed: the rows are copied into a table of this script's own (ws_churn), dropped at the end.
# Raw figures go to target/bench/churn.tsv (or BENCH_DIR): figure, contender, round, wall s, CPU s,
# peak RSS KiB, the -wal file's bytes after the run, the file's bytes after the run.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
. "$here/lib.sh"
root="$(cd "$here/.." && pwd -P)"
rounds=100
only=all
reader=1
against=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --no-reader) reader=0; shift ;;
    --busy-readers) reader=busy; shift ;;
    --against) against="$(cd "$2" && pwd -P)"; shift 2 ;;
    -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ "$rounds" -le 999 ] || { echo "--rounds at most 999 (a thousand rows a round, each once)" >&2; exit 2; }

PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
MYHOST="${MYHOST:-127.0.0.1}"; MYPORT="${MYPORT:-3306}"; MYUSER="${MYUSER:-root}"
export PGHOST PGPORT PGUSER
DB=replicate_bench
TBL=ws_churn
replicate="${REPLICATE:-$root/bin/replicate}"
work="${BENCH_DIR:-$root/target/bench}"
mkdir -p "$work"
results="$work/churn.tsv"
: >"$results"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

bytes() { stat -c %s "$1" 2>/dev/null || echo 0; }

builds=(this)
declare -A launcher=([this]="$replicate")
if [ -n "$against" ]; then
  builds+=(base)
  launcher[base]="$against/bin/replicate"
fi
for build in "${builds[@]}"; do
  log "building $build (${launcher[$build]})"
  (cd "$(dirname "${launcher[$build]}")/.." && mvn -q -B -DskipTests package) >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; exit 1; }
done

# measure FIGURE CONTENDER ROUND DB COMMAND...: as bench/run.sh, and the -wal file's and the file's
# size once the command has ended.
measure() {
  local figure="$1" contender="$2" round="$3" db="$4"; shift 4
  local t="$work/time.txt" status=0
  "$TIME" -o "$t" -f '%e %U %S %M' "$@" >"$work/last.out" 2>"$work/last.err" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "FAILED ($status): $figure / $contender: $*" >&2
    cat "$work/last.err" >&2
    return "$status"
  fi
  read -r wall user sys rss <"$t"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$figure" "$contender" "$round" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')" "$rss" "$(bytes "$db-wal")" "$(bytes "$db")" \
    >>"$results"
}

# The application: one sqlite3 connection held open on the file, reading a row ten times a second
# (each read a short transaction of its own), fed through a FIFO. start_reader DB sets reader_pids.
reader_pids=()
start_reader() {
  local fifo="$1.reader" query="SELECT qty FROM t WHERE id = 1;" pause=0.1 n=1 i
  if [ "$reader" = busy ]; then query="SELECT count(*) FROM t WHERE qty >= 0;"; pause=0.02; n=2; fi
  for i in $(seq "$n"); do
    rm -f "$fifo$i"; mkfifo "$fifo$i"
    sqlite3 -cmd ".timeout 10000" "$1" <"$fifo$i" >/dev/null 2>&1 &
    reader_pids+=("$!")
    (sleep "0.0$i"; while sleep "$pause"; do echo "$query"; done) >"$fifo$i" &
    reader_pids+=("$!")
  done
}
stop_readers() {
  local pid
  for pid in "${reader_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${reader_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  reader_pids=()
}
trap stop_readers EXIT

scenario() {
  local kind="$1" cfg="$work/$1-churn.json" conn
  if [ "$kind" = pg ]; then
    conn="postgres://$PGUSER@$PGHOST:$PGPORT/$DB"
    psql_db -c "DROP TABLE IF EXISTS $TBL" -c "CREATE TABLE $TBL (LIKE t1m INCLUDING ALL)" \
      -c "INSERT INTO $TBL SELECT * FROM t1m" -c "VACUUM ANALYZE $TBL" >/dev/null 2>&1
  else
    conn="mysql://$MYUSER@$MYHOST:$MYPORT/$DB"
    my "$DB" -e "DROP TABLE IF EXISTS $TBL; CREATE TABLE $TBL LIKE t1m; INSERT INTO $TBL SELECT * FROM t1m; ANALYZE TABLE $TBL" >/dev/null
  fi
  cat >"$cfg" <<JSON
{"sources": [{"source": "$([ "$kind" = pg ] && echo postgres || echo mysql)", "name": "$kind", "conn": "$conn",
  "intervalSeconds": 86400,
  "tables": [{"name": "$TBL", "watermark": "updated_at", "target": "t"}]}]}
JSON
  local build db
  for build in "${builds[@]}"; do
    db="$work/$kind-churn-$build.db"
    log "$kind: first sync ($build)"
    fresh "$db"
    "${launcher[$build]}" run --config "$cfg" --db "$db" >/dev/null
    if [ "$reader" != 0 ]; then start_reader "$db"; fi
  done
  local r k
  for r in $(seq "$rounds"); do
    if [ "$kind" = pg ]; then
      psql_db -c "UPDATE $TBL SET updated_at = clock_timestamp(), qty = qty + 1 WHERE id % 1000 = $r" >/dev/null
    else
      my "$DB" -e "UPDATE $TBL SET updated_at = SYSDATE(6), qty = qty + 1 WHERE id % 1000 = $r"
    fi
    for k in $(seq 0 $(( ${#builds[@]} - 1 ))); do
      build="${builds[$(( (k + r) % ${#builds[@]} ))]}"; db="$work/$kind-churn-$build.db"
      measure "$kind churn" "$build: run of 1,000 updated rows" "$r" "$db" "${launcher[$build]}" run --force --config "$cfg" --db "$db"
      local pulled
      pulled="$(sqlite3 "$db" "SELECT last_rows_pulled FROM _replicate_watermarks")"
      [ "$pulled" -ge 1000 ] && [ "$pulled" -le 1100 ] || { echo "$build: the run pulled $pulled rows" >&2; exit 1; }
      if [ $((r % 10)) = 0 ]; then
        measure "$kind churn" "$build: idle run (nothing due)" "$r" "$db" "${launcher[$build]}" run --config "$cfg" --db "$db"
      fi
    done
    [ $((r % 10)) != 0 ] || log "$kind: round $r of $rounds"
  done
  stop_readers
  for build in "${builds[@]}"; do
    db="$work/$kind-churn-$build.db"
    rm -f "$db.vacuumed"
    # The application has closed the file: its close, the last, checkpointed what the log still held.
    sqlite3 "$db" "VACUUM INTO '$db.vacuumed'"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind churn" "$build: the file, readers closed" "$rounds" 0 0 0 \
      "$(bytes "$db-wal")" "$(bytes "$db")" >>"$results"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind churn" "$build: VACUUMed copy" "$rounds" 0 0 0 0 \
      "$(bytes "$db.vacuumed")" >>"$results"
    log "$kind, $build: $(sqlite3 "$db" "SELECT page_count || ' pages, ' || freelist_count || ' of them free' FROM pragma_page_count, pragma_freelist_count"); VACUUMed: $(sqlite3 "$db.vacuumed" "SELECT page_count FROM pragma_page_count") pages"
    fresh "$db"; rm -f "$db.vacuumed" "$db".reader*
  done
  if [ "$kind" = pg ]; then psql_db -c "DROP TABLE $TBL" >/dev/null; else my "$DB" -e "DROP TABLE $TBL"; fi
}

case "$only" in
  all) scenario pg; command -v mariadb >/dev/null && scenario mysql ;;
  pg) scenario pg ;;
  mysql) scenario mysql ;;
  *) echo "--only pg|mysql" >&2; exit 2 ;;
esac

awk -F'\t' '{k = $1 "\t" $2; if (!(k in seen)) {seen[k] = 1; order[++n] = k}
    w[k] = w[k] " " $4; c[k] = c[k] " " $5; if ($7 + 0 > walmax[k]) walmax[k] = $7 + 0; wallast[k] = $7; file[k] = $8}
  function med(list,   a, i, j, t, cnt) {
    cnt = split(list, a, " ")
    for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (a[j] + 0 < a[i] + 0) {t = a[i]; a[i] = a[j]; a[j] = t}
    lo = a[1]; hi = a[cnt]
    return cnt % 2 ? a[(cnt + 1) / 2] : (a[cnt / 2] + a[cnt / 2 + 1]) / 2
  }
  END {
    print "| figure | contender | runs | wall median (min-max) s | CPU median s | -wal after a run, max / last MiB | file at the end MiB |"
    print "|---|---|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {k = order[i]; split(k, p, "\t")
      if (p[2] ~ /VACUUMed|readers closed/) {printf "| %s | %s | | | | | %.1f |\n", p[1], p[2], file[k] / 1048576; continue}
      cnt = split(w[k], tmp, " "); wm = med(w[k]); wl = lo; wh = hi; cm = med(c[k]); wall[k] = wm
      printf "| %s | %s | %d | %.2f (%.2f-%.2f) | %.2f | %.1f / %.1f | %.1f |\n", p[1], p[2], cnt, wm, wl, wh, cm,
        walmax[k] / 1048576, wallast[k] / 1048576, file[k] / 1048576}
    for (i = 1; i <= n; i++) {k = order[i]; split(k, p, "\t")
      if (p[2] ~ /: run of/) {b = p[2]; sub(/:.*/, "", b); v = p[1] "\t" b ": VACUUMed copy"; f = p[1] "\t" b ": the file, readers closed"
        if ((v in file) && (f in file)) printf "- %s, %s: the file / a VACUUMed copy %.2fx (target <= 1.2x); the -wal file at most %.1f MiB after a run, %.1f MiB after the last\n", p[1], b, file[f] / file[v], walmax[k] / 1048576, wallast[k] / 1048576}
      if (p[2] ~ /^this: run of/) {base = p[1] "\tbase: run of 1,000 updated rows"
        if (base in wall) printf "- %s: a run, this build / base build %.2fx\n", p[1], wall[k] / wall[base]}}
  }' "$results"
log "raw figures: $results"

#!/usr/bin/env bash
# The equal-watermark group benchmark (issue #17): a table whose newest N rows share one watermark
# value, with nothing changed at the source. Every run reads that group again (a row that commits late
# with the same value and a smaller key must still be caught), so `run --force` is timed against an
# idle run (the table not due) of the same file, for groups of growing size.
# Targets: the group run at most 1.5x the idle run, and not growing with the group.
#
#   bench/group.sh                                # PostgreSQL and MySQL/MariaDB, 5 rounds
#   bench/group.sh --rounds 3 --only pg --groups "10000 100000"
#   bench/group.sh --against /work/wt/base        # and another checkout's build, interleaved
#
# --against DIR runs DIR/bin/replicate (another checkout, such as the commit before a change) as a
# second contender on a file of its own, in the same rounds, alternating the order, so that the two
# builds meet the same machine (only ratios of interleaved runs mean anything on a busy one).
#
# It needs what bench/run.sh needs, and its fixture t1m in the databases replicate_bench (run
# bench/run.sh once to build it). The shared fixture is never changed: the rows are copied into a
# table of this script's own (ws_group), whose newest rows are stamped with one value, a bigger group
# at each step; the table is dropped at the end. Raw timings go to target/bench/group.tsv (or
# BENCH_DIR), one line per measurement: figure, contender, round, wall s, CPU s, peak RSS KiB.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
. "$here/lib.sh"
root="$(cd "$here/.." && pwd -P)"
rounds=5
only=all
groups="1000 10000 100000"
against=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --groups) groups="$2"; shift 2 ;;
    --against) against="$(cd "$2" && pwd -P)"; shift 2 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
MYHOST="${MYHOST:-127.0.0.1}"; MYPORT="${MYPORT:-3306}"; MYUSER="${MYUSER:-root}"
export PGHOST PGPORT PGUSER
DB=replicate_bench
TBL=ws_group
# The group's value: after every watermark of t1m (2024-01-01 plus up to ~11.5 days).
GROUP_VALUE='2024-02-01 00:00:00'
ROWS=1000000
replicate="${REPLICATE:-$root/bin/replicate}"
work="${BENCH_DIR:-$root/target/bench}"
mkdir -p "$work"
results="$work/group.tsv"
: >"$results"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }


# The builds: "this" (this checkout, or REPLICATE) and, with --against, "base".
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

# measure FIGURE CONTENDER ROUND COMMAND...: as bench/run.sh, without the machine's CPU.
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

pulled() { sqlite3 "$1" "SELECT last_rows_pulled FROM _replicate_watermarks"; }

# scenario KIND: the copy of t1m is made and synced once per build, with the newest rows on one
# value; then, for each group size, more of the newest rows join the group (stamped with that value:
# late rows, which the next run catches), a run takes them in, and each round times, per build, the
# run that reads the group again (`run --force`: nothing changed) and an idle run (nothing due).
scenario() {
  local kind="$1" cfg="$work/$1-group.json" conn first
  first="$(echo "$groups" | awk '{print $1}')"
  if [ "$kind" = pg ]; then
    conn="postgres://$PGUSER@$PGHOST:$PGPORT/$DB"
    psql_db -c "DROP TABLE IF EXISTS $TBL" -c "CREATE TABLE $TBL (LIKE t1m INCLUDING ALL)" \
      -c "INSERT INTO $TBL SELECT * FROM t1m" \
      -c "UPDATE $TBL SET updated_at = timestamptz '$GROUP_VALUE+00' WHERE id > $ROWS - $first" \
      -c "VACUUM ANALYZE $TBL" >/dev/null 2>&1
  else
    conn="mysql://$MYUSER@$MYHOST:$MYPORT/$DB"
    my "$DB" -e "DROP TABLE IF EXISTS $TBL; CREATE TABLE $TBL LIKE t1m; INSERT INTO $TBL SELECT * FROM t1m;
      UPDATE $TBL SET updated_at = '$GROUP_VALUE' WHERE id > $ROWS - $first; ANALYZE TABLE $TBL" >/dev/null
  fi
  cat >"$cfg" <<JSON
{"sources": [{"source": "$([ "$kind" = pg ] && echo postgres || echo mysql)", "name": "$kind", "conn": "$conn",
  "intervalSeconds": 86400,
  "tables": [{"name": "$TBL", "watermark": "updated_at", "target": "t"}]}]}
JSON
  for build in "${builds[@]}"; do
    log "$kind: first sync ($build)"
    fresh "$work/$kind-group-$build.db"
    "${launcher[$build]}" run --config "$cfg" --db "$work/$kind-group-$build.db" >/dev/null
  done
  for n in $groups; do
    if [ "$kind" = pg ]; then
      psql_db -c "UPDATE $TBL SET updated_at = timestamptz '$GROUP_VALUE+00' WHERE id > $ROWS - $n" >/dev/null
    else
      my "$DB" -e "UPDATE $TBL SET updated_at = '$GROUP_VALUE' WHERE id > $ROWS - $n"
    fi
    for build in "${builds[@]}"; do
      # Takes in the rows that joined the group, and records the start-up archive of a syncing run.
      "${launcher[$build]}" run --force --config "$cfg" --db "$work/$kind-group-$build.db" >/dev/null
      "${launcher[$build]}" run --force --config "$cfg" --db "$work/$kind-group-$build.db" >/dev/null
      [ "$(pulled "$work/$kind-group-$build.db")" = "$n" ] \
        || { echo "$build read $(pulled "$work/$kind-group-$build.db") rows, not the group of $n" >&2; exit 1; }
    done
    local contenders=("source read")
    for build in "${builds[@]}"; do contenders+=("$build group" "$build idle"); done
    for r in $(seq "$rounds"); do
      # Rotate the order, so that no contender always follows the same one.
      local k i c build what db
      for k in $(seq 0 $(( ${#contenders[@]} - 1 ))); do
        i=$(( (k + r) % ${#contenders[@]} ))
        c="${contenders[$i]}"; build="${c% *}"; what="${c#* }"; db="$work/$kind-group-$build.db"
        if [ "$c" = "source read" ]; then
          # What reading the group costs by itself: the client tools' read of the same rows, in the same
          # order, thrown away. No exact run can skip this read (see TableSync), so idle + this is a floor.
          if [ "$kind" = pg ]; then
            measure "$kind group $n" "the group's read alone (psql COPY > /dev/null)" "$r" psql -X -d "$DB" -c \
              "COPY (SELECT * FROM $TBL WHERE updated_at >= '$GROUP_VALUE+00' ORDER BY updated_at, id) TO STDOUT"
          else
            measure "$kind group $n" "the group's read alone (mariadb --batch > /dev/null)" "$r" mariadb -h "$MYHOST" \
              -P "$MYPORT" -u "$MYUSER" --batch --quick --skip-column-names "$DB" -e \
              "SELECT * FROM $TBL WHERE updated_at >= '$GROUP_VALUE' ORDER BY updated_at, id"
          fi
        elif [ "$what" = group ]; then
          measure "$kind group $n" "$build: group read again (run --force)" "$r" \
            "${launcher[$build]}" run --force --config "$cfg" --db "$db"
          [ "$(pulled "$db")" = "$n" ] || { echo "$build read $(pulled "$db") rows, not $n" >&2; exit 1; }
        else
          measure "$kind group $n" "$build: idle run (nothing due)" "$r" "${launcher[$build]}" run --config "$cfg" --db "$db"
        fi
      done
    done
    # What the group run wrote: the rows it changed (this build counts them; none changed).
    if sqlite3 "$work/$kind-group-this.db" "SELECT rows_changed FROM _replicate_log LIMIT 0" 2>/dev/null; then
      local changed
      changed="$(sqlite3 "$work/$kind-group-this.db" "SELECT rows_changed FROM _replicate_log ORDER BY id DESC LIMIT 1")"
      [ "$changed" = 0 ] || { echo "the group run changed $changed rows" >&2; exit 1; }
    fi
  done
  for build in "${builds[@]}"; do fresh "$work/$kind-group-$build.db"; done
  if [ "$kind" = pg ]; then psql_db -c "DROP TABLE $TBL" >/dev/null; else my "$DB" -e "DROP TABLE $TBL"; fi
}

case "$only" in
  all) scenario pg; command -v mariadb >/dev/null && scenario mysql ;;
  pg) scenario pg ;;
  mysql) scenario mysql ;;
  *) echo "--only pg|mysql" >&2; exit 2 ;;
esac

awk -F'\t' '{k = $1 "\t" $2; if (!(k in seen)) {seen[k] = 1; order[++n] = k} w[k] = w[k] " " $4; c[k] = c[k] " " $5; m[k] = m[k] " " $6}
  function med(list,   a, i, j, t, cnt) {
    cnt = split(list, a, " ")
    for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (a[j] + 0 < a[i] + 0) {t = a[i]; a[i] = a[j]; a[j] = t}
    lo = a[1]; hi = a[cnt]
    return cnt % 2 ? a[(cnt + 1) / 2] : (a[cnt / 2] + a[cnt / 2 + 1]) / 2
  }
  END {
    print "| figure | contender | wall median (min-max) s | CPU median s | peak RSS max MiB |"
    print "|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {k = order[i]; split(k, p, "\t"); wm = med(w[k]); wl = lo; wh = hi; cm = med(c[k]); med(m[k])
      printf "| %s | %s | %.2f (%.2f-%.2f) | %.2f | %.0f |\n", p[1], p[2], wm, wl, wh, cm, hi / 1024; wall[k] = wm}
    for (i = 1; i <= n; i++) {k = order[i]; split(k, p, "\t")
      if (p[2] ~ /: group/) {b = p[2]; sub(/:.*/, "", b); idle = p[1] "\t" b ": idle run (nothing due)"
        if (idle in wall) printf "- %s, %s: group run / idle run %.2fx (target <= 1.5x, not growing with the group)\n", p[1], b, wall[k] / wall[idle]}
      if (p[2] ~ /read alone/) {idle = p[1] "\tthis: idle run (nothing due)"
        if (idle in wall) printf "- %s: an idle run plus the read alone (a floor for any exact run): %.2fx the idle run\n", p[1], (wall[idle] + wall[k]) / wall[idle]}
      if (p[2] ~ /^this: group/) {base = p[1] "\tbase: group read again (run --force)"
        if (base in wall) printf "- %s: group run, this build / base build %.2fx\n", p[1], wall[k] / wall[base]}}
  }' "$results"
log "raw timings: $results"

#!/usr/bin/env bash
# The reconcile benchmark (issue #15): a reconcile of the 1M-row table with 1,000 rows deleted at the
# source ("deletes": {"reconcile": ...}: the run that finds nothing new to pull, lists the source's
# 1M keys and deletes the 1,000 gone) against the first sync of the same table; peak RSS of both.
# Targets: the reconcile run at most 0.3x the first sync, peak RSS at most 300 MiB.
#
#   bench/reconcile.sh                   # PostgreSQL and MySQL/MariaDB, 3 rounds
#   bench/reconcile.sh --rounds 5 --only pg
#   bench/reconcile.sh --rounds 9 --against ../base   # and another build, interleaved (A/B)
#
# It needs what bench/run.sh needs, and its fixture t1m in the databases replicate_bench (run
# bench/run.sh once to build it). The shared fixture is never changed: the rows are copied into a
# table of this script's own (t1m_reconcile, or BENCH_TABLE), which is dropped at the end. With
# --against DIR, DIR's bin/replicate (another checkout, built first) is measured the same way, on a
# replica of its own, each round in turn with this one, alternating which goes first: on a busy
# machine only such interleaved ratios compare. Raw timings go to target/bench/reconcile.tsv (or
# BENCH_DIR), one line per measurement: figure, contender, round, wall s, CPU s, peak RSS KiB.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
. "$here/lib.sh"
root="$(cd "$here/.." && pwd -P)"
rounds=3
only=all
against=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --against) against="$(cd "$2" && pwd -P)"; shift 2 ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
MYHOST="${MYHOST:-127.0.0.1}"; MYPORT="${MYPORT:-3306}"; MYUSER="${MYUSER:-root}"
export PGHOST PGPORT PGUSER
DB=replicate_bench
TBL="${BENCH_TABLE:-t1m_reconcile}"
replicate="${REPLICATE:-$root/bin/replicate}"
work="${BENCH_DIR:-$root/target/bench}"
mkdir -p "$work"
results="$work/reconcile.tsv"
: >"$results"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }


# The builds measured: "this" and, with --against, "base" (named so in the contenders and files).
builds=(this)
declare -A binary=([this]="$replicate")
if [ -n "$against" ]; then builds+=(base); binary[base]="$against/bin/replicate"; fi
tag() { [ "$1" = this ] || printf "%s" "$2$1${3:-}"; }
for b in "${builds[@]}"; do
  log "building $b"
  (cd "$(dirname "${binary[$b]}")/.." && mvn -q -B -DskipTests package) >"$work/build.log" 2>&1 \
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

state() { sqlite3 "$1" "SELECT $2 FROM _replicate_watermarks"; }

# scenario KIND: the copy of t1m is made, synced once by each build (the first sync, measured each
# round into a fresh file), and reconciled once (nothing to delete); then each round deletes 1,000
# rows at the source and times each build's run that reconciles them away from its own replica.
scenario() {
  local kind="$1" cfg="$work/$1-reconcile.json" conn b
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
  "tables": [{"name": "$TBL", "watermark": "updated_at", "target": "t", "deletes": {"reconcile": "PT0S"}}]}]}
JSON
  for b in "${builds[@]}"; do
    local db="$work/$kind-reconcile$(tag "$b" -).db"
    log "$kind: warm-up first sync and a first reconcile$(tag "$b" " (" ")")"
    fresh "$db"
    "${binary[$b]}" run --config "$cfg" --db "$db" >/dev/null
    "${binary[$b]}" run --force --config "$cfg" --db "$db" >/dev/null
    [ "$(state "$db" last_reconcile_deleted)" = 0 ] || { echo "the first reconcile deleted rows" >&2; exit 1; }
  done
  for r in $(seq "$rounds"); do
    # 1,000 rows, spread over the key range, a different thousand each round; every build reconciles them.
    if [ "$kind" = pg ]; then
      psql_db -c "DELETE FROM $TBL WHERE id % 1000 = $r" >/dev/null
    else
      my "$DB" -e "DELETE FROM $TBL WHERE id % 1000 = $r"
    fi
    local order=()
    for b in "${builds[@]}"; do order+=("reconcile:$b" "first:$b"); done
    if [ $((r % 2)) = 0 ]; then
      local i reversed=()
      for ((i = ${#order[@]} - 1; i >= 0; i--)); do reversed+=("${order[$i]}"); done
      order=("${reversed[@]}")
    fi
    local step contender
    for step in "${order[@]}"; do
      contender="${step%%:*}"; b="${step#*:}"
      local db="$work/$kind-reconcile$(tag "$b" -).db" first="$work/$kind-reconcile-first$(tag "$b" -).db"
      if [ "$contender" = first ]; then
        fresh "$first"
        measure "$kind reconcile 1M" "first sync (replicate run)$(tag "$b" " [" "]")" "$r" "${binary[$b]}" run --config "$cfg" --db "$first"
        fresh "$first"
      else
        measure "$kind reconcile 1M" "reconcile 1,000 deleted (run --force)$(tag "$b" " [" "]")" "$r" \
          "${binary[$b]}" run --force --config "$cfg" --db "$db"
        [ "$(state "$db" last_reconcile_deleted)" = 1000 ] \
          || { echo "the reconcile deleted $(state "$db" last_reconcile_deleted) rows, not 1,000" >&2; exit 1; }
      fi
    done
  done
  for b in "${builds[@]}"; do fresh "$work/$kind-reconcile$(tag "$b" -).db"; done
  if [ "$kind" = pg ]; then psql_db -c "DROP TABLE $TBL" >/dev/null; else my "$DB" -e "DROP TABLE $TBL"; fi
}

case "$only" in
  all) scenario pg; command -v mariadb >/dev/null && scenario mysql ;;
  pg) scenario pg ;;
  mysql) scenario mysql ;;
  *) echo "--only pg|mysql" >&2; exit 2 ;;
esac

awk -F'\t' '{k = $1 "\t" $2; if (!(k in seen)) {seen[k] = 1; order[++n] = k} w[k] = w[k] " " $4; m[k] = m[k] " " $6}
  function med(list,   a, i, j, t, c) {
    c = split(list, a, " ")
    for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (a[j] + 0 < a[i] + 0) {t = a[i]; a[i] = a[j]; a[j] = t}
    hi = a[c]
    return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
  }
  END {
    print "| figure | contender | wall median s | peak RSS max MiB |"
    print "|---|---|---|---|"
    for (i = 1; i <= n; i++) {k = order[i]; split(k, p, "\t"); wm = med(w[k]); med(m[k]); printf "| %s | %s | %.2f | %.0f |\n", p[1], p[2], wm, hi / 1024; wall[k] = wm}
    for (i = 1; i <= n; i++) {k = order[i]; split(k, p, "\t")
      if (p[2] ~ /^reconcile/) {b = p[2]; sub(/^[^[]*/, "", b); f = p[1] "\tfirst sync (replicate run)" (b == "" ? "" : " " b)
        if (f in wall) printf "- %s%s: reconcile / first sync %.2fx (target <= 0.3x)\n", p[1], (b == "" ? "" : " " b), wall[k] / wall[f]}}
  }' "$results"
log "raw timings: $results"

#!/usr/bin/env bash
# The first sync, interleaved A/B (issue #17): this build against another and against the pipeline
# bench/run.sh measures beside it, round by round in rotating order, on a machine shared with other work
# where only such side-by-side figures mean anything.
#
#   bench/first-sync-ab.sh --against ../base/bin/replicate                 # t1m, both sources, 5 rounds
#   bench/first-sync-ab.sh --against ../base/bin/replicate --table t10m --rows 10000000 --rounds 2 --only pg
#   bench/first-sync-ab.sh --against ../base/bin/replicate --keyless     # a copy of t1m without its key
#
# --keyless: the table read is TABLE_nokey, a copy of the table without its primary key (an append-only
# table: every row written with its identity), made once on each server and kept; the pipeline is the same.
# Contenders per round: "this" (bin/replicate of this checkout), "base" (--against), and the pipeline
# (psql COPY | sqlite3 .import, or mariadb --batch | sqlite3 .import, into a file with the same schema).
# The table (default t1m; bench/run.sh builds t1m, and t10m with --10m) is only read. Raw timings go to
# target/bench/first-sync-ab.tsv (or BENCH_DIR): source, contender, round, wall s, CPU s (user + sys),
# peak RSS KiB; the summary gives medians and the ratios of wall medians.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
. "$here/lib.sh"
root="$(cd "$here/.." && pwd -P)"
rounds=5
only=all
against=""
table=t1m
rows=1000000
keyless=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --against) against="$2"; shift 2 ;;
    --table) table="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --keyless) keyless=1; shift ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$against" ] || { echo "--against PATH/bin/replicate is required" >&2; exit 2; }

PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
MYHOST="${MYHOST:-127.0.0.1}"; MYPORT="${MYPORT:-3306}"; MYUSER="${MYUSER:-root}"
export PGHOST PGPORT PGUSER
DB=replicate_bench
this="$root/bin/replicate"
work="${BENCH_DIR:-$root/target/bench}"
mkdir -p "$work"
results="$work/first-sync-ab.tsv"
: >"$results"

measure() { # SOURCE CONTENDER ROUND COMMAND...
  local source="$1" contender="$2" round="$3"; shift 3
  /usr/bin/time -o "$work/ab-time.txt" -f '%e %U %S %M' "$@" >/dev/null 2>"$work/ab-last.err" \
    || { cat "$work/ab-last.err" >&2; exit 1; }
  read -r wall user sys rss <"$work/ab-time.txt"
  local cpu; cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$source" "$contender" "$round" "$wall" "$cpu" "$rss" >>"$results"
  log "$source / $contender / round $round: ${wall}s wall, ${cpu}s CPU, $((rss / 1024)) MiB, load $(cut -d' ' -f1 /proc/loadavg)"
}

expect_rows() { # FILE N
  local n; n="$(sqlite3 "$1" "SELECT count(*) FROM t")"
  [ "$n" = "$2" ] || { echo "expected $2 rows in $1, found $n" >&2; exit 1; }
}

# The copy without a key that --keyless reads, made once (TABLE is only read), under another name until
# it is whole, so that an interrupted making is never taken for the copy.
keyless_copy() { # pg | mysql
  local copy="${table}_nokey"
  if [ "$1" = pg ]; then
    [ "$(psql -X -qAt -d $DB -c "SELECT to_regclass('$copy') IS NOT NULL")" = t ] && return
    psql -X -q -1 -d $DB -c "CREATE TABLE $copy AS TABLE $table" -c "CREATE INDEX ON $copy (updated_at, id)"
    psql -X -q -d $DB -c "VACUUM ANALYZE $copy"
  else
    local my=(mariadb -h "$MYHOST" -P "$MYPORT" -u "$MYUSER" "$DB")
    [ -n "$("${my[@]}" -N -e "SHOW TABLES LIKE '$copy'")" ] && return
    "${my[@]}" -e "DROP TABLE IF EXISTS ${copy}_partial; CREATE TABLE ${copy}_partial LIKE $table"
    if [ -n "$("${my[@]}" -N -e "SHOW KEYS FROM ${copy}_partial WHERE Key_name = 'PRIMARY'")" ]; then
      "${my[@]}" -e "ALTER TABLE ${copy}_partial DROP PRIMARY KEY"
    fi
    "${my[@]}" -e "INSERT INTO ${copy}_partial SELECT * FROM $table; ANALYZE TABLE ${copy}_partial;
      RENAME TABLE ${copy}_partial TO $copy" >/dev/null
  fi
}

run_source() { # pg | mysql
  local kind="$1" cfg="$work/ab-$1.json" schema="$work/ab-$1-schema.sql"
  local table="$table"
  if [ "$keyless" = 1 ]; then keyless_copy "$kind"; table="${table}_nokey"; fi
  config "$cfg" "$kind" "$table"
  # Warm-up, on t1m (the same fixture SQL, so the same schema as t10m): builds each jar and records
  # its class-data archive with a syncing run.
  config "$work/ab-$1-warm.json" "$kind" t1m
  for build in "$this" "$against"; do
    fresh "$work/ab-warm.db"
    rm -f "$(dirname "$build")"/../target/replicate-*-run.jsa
    "$build" run --config "$work/ab-$1-warm.json" --db "$work/ab-warm.db" >/dev/null
  done
  sqlite3 "$work/ab-warm.db" ".schema t" >"$schema"
  fresh "$work/ab-warm.db"
  local order=(this base pipeline)
  for r in $(seq "$rounds"); do
    local k
    for k in 0 1 2; do
      local c="${order[$(( (k + r) % 3 ))]}"
      local db="$work/ab-$kind-$c.db"
      fresh "$db"
      case "$c" in
        this) measure "$kind" this "$r" "$this" run --config "$cfg" --db "$db" ;;
        base) measure "$kind" base "$r" "$against" run --config "$cfg" --db "$db" ;;
        pipeline)
          sqlite3 "$db" <"$schema"
          if [ "$kind" = pg ]; then
            measure "$kind" pipeline "$r" bash -c \
              "psql -X -d $DB -c 'COPY $table TO STDOUT (FORMAT csv)' | sqlite3 '$db' '.import --csv /dev/stdin t'"
          else
            measure "$kind" pipeline "$r" bash -c \
              "mariadb -h $MYHOST -P $MYPORT -u $MYUSER --batch --quick --skip-column-names $DB -e 'SELECT * FROM $table' | sqlite3 -cmd '.mode tabs' '$db' '.import /dev/stdin t'"
          fi ;;
      esac
      expect_rows "$db" "$rows"
      fresh "$db"
    done
  done
}

case "$only" in
  all) run_source pg; run_source mysql ;;
  pg | mysql) run_source "$only" ;;
  *) echo "--only pg|mysql" >&2; exit 2 ;;
esac

awk -F'\t' '{k = $1 "\t" $2; if (!(k in seen)) {seen[k] = 1; order[++n] = k}; w[k] = w[k] " " $4; c[k] = c[k] " " $5; m[k] = m[k] " " $6}
  function med(list,   a, i, j, t, cnt) {
    cnt = split(list, a, " ")
    for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (a[j] + 0 < a[i] + 0) {t = a[i]; a[i] = a[j]; a[j] = t}
    lo = a[1]; hi = a[cnt]
    return cnt % 2 ? a[(cnt + 1) / 2] : (a[cnt / 2] + a[cnt / 2 + 1]) / 2
  }
  END {
    print "| source | contender | wall median (min-max) s | CPU median s | peak RSS median MiB |"
    print "|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {k = order[i]; split(k, p, "\t"); wm = med(w[k]); wl = lo; wh = hi
      printf "| %s | %s | %.2f (%.2f-%.2f) | %.2f | %.0f |\n", p[1], p[2], wm, wl, wh, med(c[k]), med(m[k]) / 1024; wmed[k] = wm}
    for (i = 1; i <= n; i++) {k = order[i]; split(k, p, "\t")
      if (p[2] != "pipeline" && ((p[1] "\tpipeline") in wmed)) printf "- %s %s / pipeline: %.2fx\n", p[1], p[2], wmed[k] / wmed[p[1] "\tpipeline"]}
  }' "$results"

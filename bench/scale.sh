#!/usr/bin/env bash
# Every figure of issue #17 (scale) and issue #18's speed in one run, on a quiet machine: each script
# below in turn, both sources, its summary kept in one report. Nothing else should run meanwhile.
#
#   bench/scale.sh                  # about 42 minutes on the 2-CPU bench machine (t10m built once: +6)
#   bench/scale.sh --rounds 3 --no-10m --churn 30
#
# In order (each script's header says what it measures and against what):
#   bench/run.sh --no-5m [--10m]    first sync 1M (and 10M) against the pipelines, peak RSS, the
#                                   incremental run of 1,000 changed rows, idle run and status against
#                                   the JVM floor;
#   bench/many.sh                   500 tables against one, nothing changed and 10 rows changed each;
#   bench/group.sh                  a group of 1,000 to 100,000 rows on one watermark value;
#   bench/churn.sh --rounds N       the replica after N incremental runs (default 100): the log and the
#                                   file against a VACUUMed copy;
#   bench/verify.sh                 verify of 10 rows changed behind replicate's back, and --repair;
#   bench/floors.sh                 what the least program doing the same work needs, for the targets
#                                   not met (first sync, incremental run, verify, 500 tables);
#   bench/floors.sh --figures first --table t10m --rows 10000000 --rounds 2 --no-writer-floor
#                                   the same for the 10M-row first sync, the read-write floor alone
#                                   (unless --no-10m).
# The report goes to target/bench/scale/report.md (or BENCH_DIR/scale), each script's raw output
# beside it, and the raw rows it wrote (its .tsv files) in NAME-raw/.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
. "$here/lib.sh"
root="$(cd "$here/.." && pwd -P)"
rounds=5
churn=100
with10m=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --churn) churn="$2"; shift 2 ;;
    --no-10m) with10m=0; shift ;;
    -h | --help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
out="${BENCH_DIR:-$root/target/bench}/scale"
mkdir -p "$out"
report="$out/report.md"

{
  echo "# bench/scale.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "build $(cd "$root" && git rev-parse --short HEAD)$(cd "$root" && git diff --quiet HEAD || echo ' (with uncommitted changes)'),"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x $(nproc), load at the start $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$report"

step() { # NAME SCRIPT ARGS...: runs it, keeps its output, appends what it printed on stdout to the report
  local name="$1"; shift
  # The previous step's replica files (GiBs after the 10M first syncs) are still being written back:
  # flushed first, so that no step is timed against the last one's writeback.
  sync
  log "$name: $*"
  local started; started="$(date -u +%H:%M:%S)"
  touch "$out/.$name.start"
  if ! "$@" >"$out/$name.out" 2>"$out/$name.err"; then
    tail -n 20 "$out/$name.err" >&2
    echo "bench/scale.sh: $name failed (its output: $out/$name.out, $out/$name.err)" >&2
    exit 1
  fi
  # Each script's raw rows, before the next step (floors.sh's 10M step writes floors.tsv anew).
  mkdir -p "$out/$name-raw"
  find "${BENCH_DIR:-$root/target/bench}" -maxdepth 2 -name '*.tsv' -newer "$out/.$name.start" -not -path "$out/*" \
    -exec cp {} "$out/$name-raw/" \; 2>/dev/null || true
  {
    echo
    echo "## $name ($started-$(date -u +%H:%M:%S) UTC, load after $(cut -d' ' -f1 /proc/loadavg))"
    echo
    echo "\`$*\`"
    echo
    cat "$out/$name.out"
  } >>"$report"
}

run_args=(--rounds "$rounds" --no-5m)
[ "$with10m" = 1 ] && run_args+=(--10m)
step run "$here/run.sh" "${run_args[@]}"
step many "$here/many.sh" --rounds "$rounds"
step group "$here/group.sh" --rounds "$(( rounds < 3 ? rounds : 3 ))"
step churn "$here/churn.sh" --rounds "$churn"
step verify "$here/verify.sh"
step floors "$here/floors.sh" --rounds "$rounds"
[ "$with10m" = 1 ] && step floors-10m "$here/floors.sh" --figures first --table t10m --rows 10000000 --rounds 2 --no-writer-floor
log "report: $report"
cat "$report"

#!/usr/bin/env bash
# What the MySQL driver costs an incremental run (issue #5): MySQL Connector/J, replicate's driver,
# against MariaDB Connector/J, each in a fresh JVM per run, as cron starts replicate. Each run
# connects, runs replicate's session statement, streams the newest 1,000 rows of the 1M-row fixture
# table t1m and reads every column as text (bench/DriverColdStart.java). The JVM options are the launcher's for
# `run`, and each driver gets a class-data archive of its own, recorded by a first run, as the
# launcher does. Alternating rounds; medians of wall and CPU time per process, and of the time to
# connect and to read, measured inside the JVM.
#
#   bench/driver-cold-start.sh [--rounds N]     # default 10; needs bench/run.sh's MariaDB fixture
#
# MariaDB Connector/J is not a dependency of replicate: Maven fetches it into target/bench/drivers
# (MARIADB_DRIVER_VERSION, default 3.5.7). MYHOST/MYPORT/MYUSER as for bench/run.sh.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
root="$(cd "$here/.." && pwd -P)"
rounds=10
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) [ $# -ge 2 ] || { echo "--rounds needs a number" >&2; exit 2; }; rounds="$2"; shift 2 ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
MYHOST="${MYHOST:-127.0.0.1}"; MYPORT="${MYPORT:-3306}"; MYUSER="${MYUSER:-root}"
version="${MARIADB_DRIVER_VERSION:-3.5.7}"
work="${BENCH_DIR:-$root/target/bench}/drivers"
mkdir -p "$work"

(cd "$root" && mvn -q -B -DskipTests package) >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
connector_j="$(ls "$root"/target/lib/mysql-connector-j-*.jar | head -n 1)"
mariadb="$work/mariadb-java-client-$version.jar"
if [ ! -f "$mariadb" ]; then
  mvn -q -B dependency:copy -Dartifact="org.mariadb.jdbc:mariadb-java-client:$version" -DoutputDirectory="$work" \
    >"$work/fetch.log" 2>&1 || { cat "$work/fetch.log" >&2; exit 1; }
fi
rm -rf "$work/classes" && mkdir -p "$work/classes"
javac -d "$work/classes" -cp "$connector_j:$mariadb" "$here/DriverColdStart.java"
(cd "$work/classes" && jar cf "$work/driver-cold-start.jar" DriverColdStart.class)

# The launcher's options for `run` (bin/replicate).
opts=(-XX:+UseSerialGC -Xms64m -Xmn32m -XX:-UsePerfData -XX:Tier4InvocationThreshold=50000
      -XX:Tier4MinInvocationThreshold=20000 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=400000)
# Where the newest 1,000 rows of the fixture start (the runs read from there, by the index on it).
since="$(mariadb -h "$MYHOST" -P "$MYPORT" -u "$MYUSER" -N replicate_bench -e \
  "SELECT DATE_FORMAT(MIN(updated_at), '%Y-%m-%d %H:%i:%s.%f') FROM (SELECT updated_at FROM t1m ORDER BY updated_at DESC LIMIT 1000) newest")"
args=("$MYHOST" "$MYPORT" "$MYUSER" replicate_bench t1m "$since")
for driver in connector-j mariadb; do
  jar="$connector_j"; [ "$driver" = mariadb ] && jar="$mariadb"
  cp="$work/driver-cold-start.jar:$jar"
  java "${opts[@]}" -XX:DumpLoadedClassList="$work/$driver.classes" -cp "$cp" DriverColdStart "$driver" "${args[@]}" >/dev/null
  java "${opts[@]}" -Xshare:dump -XX:SharedClassListFile="$work/$driver.classes" -XX:SharedArchiveFile="$work/$driver.jsa" \
    -cp "$cp" >"$work/dump-$driver.log" 2>&1 || { cat "$work/dump-$driver.log" >&2; exit 1; }
done

results="$work/results.tsv"
: >"$results"
for r in $(seq "$rounds"); do
  order="connector-j mariadb"; [ $((r % 2)) = 0 ] && order="mariadb connector-j"
  for driver in $order; do
    jar="$connector_j"; [ "$driver" = mariadb ] && jar="$mariadb"
    # -Xshare:on: a run that could not map its archive fails instead of quietly measuring without it.
    line="$(/usr/bin/time -o "$work/time.txt" -f '%e %U %S' java "${opts[@]}" -XX:SharedArchiveFile="$work/$driver.jsa" \
      -Xshare:on -cp "$work/driver-cold-start.jar:$jar" DriverColdStart "$driver" "${args[@]}")"
    read -r wall user sys <"$work/time.txt"
    printf '%s\t%s\t%s\n' "$line" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')" >>"$results"
  done
done

echo "MySQL drivers in a fresh JVM ($rounds rounds; $(java -version 2>&1 | head -n 1); $(basename "$connector_j") and $(basename "$mariadb")):"
echo
echo "| driver | connect ms | read 1,000 rows ms | process wall s | process CPU s |"
echo "|---|---|---|---|---|"
status=0
for driver in connector-j mariadb; do
  awk -F'\t' -v d="$driver" '
    function med(list,   a, n, i, j, t) {
      n = split(list, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) {t = a[i]; a[i] = a[j]; a[j] = t}
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    $1 == d {c = c " " $2; r = r " " $3; w = w " " $5; u = u " " $6; if ($4 != 1000) bad = 1}
    END {
      printf "| %s | %.0f | %.0f | %.2f | %.2f |\n", d, med(c), med(r), med(w), med(u)
      if (bad) {print d ": a run did not read 1,000 rows" > "/dev/stderr"; exit 1}
    }' "$results" || status=1
done
exit "$status"

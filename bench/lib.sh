# Shell functions the bench scripts share; each script sources it (`. "$here/lib.sh"`) after setting
# its own defaults (DB, PGHOST..., MYHOST/MYPORT/MYUSER), which these read when called.

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
# A SQLite file and everything SQLite and replicate keep beside it.
fresh() { rm -f "$1" "$1-wal" "$1-shm" "$1.lock"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
my() { mariadb -h "$MYHOST" -P "$MYPORT" -u "$MYUSER" "$@"; }

# install_release CHECKOUT DIR: the release archive the checkout's build made last (the newest
# target/replicate-*.tar.gz: mvn package leaves an earlier version's beside it), unpacked afresh into
# DIR; prints the launcher of that install, which the figures time: what users install. A clone's
# bin/replicate also checks at every start whether its sources are newer than its jar (a find over
# src/main), which no installed copy does: the launcher alone took 31.6 ms a start against 14.7 ms
# installed (BENCHMARKS.md, the twenty-fourth session). The install keeps its start-up files (class-data
# archive, native library) in its own cache/ folder, as an archive unpacked where its user may write does.
install_release() {
  local archive launchers
  archive="$(ls -t "$1"/target/replicate-*.tar.gz 2>/dev/null | head -n 1)"
  [ -f "$archive" ] || { echo "no release archive in $1/target (mvn package makes it)" >&2; return 1; }
  rm -rf "$2" && mkdir -p "$2" && tar -xzf "$archive" -C "$2" || return 1
  launchers=("$2"/replicate-*/bin/replicate)
  [ -x "${launchers[0]}" ] || { echo "no bin/replicate in $archive" >&2; return 1; }
  printf '%s\n' "${launchers[0]}"
}
# start_up_folder LAUNCHER: where that launcher keeps its class-data archives (a clone: target/; an
# unpacked archive: its cache/).
start_up_folder() {
  local home; home="$(cd "$(dirname "$1")/.." && pwd -P)"
  if [ -f "$home/pom.xml" ]; then printf '%s\n' "$home/target"; else printf '%s\n' "$home/cache"; fi
}

# A configuration of one table of the database $DB, synced into the SQLite table t by its updated_at.
config() { # FILE pg|mysql TABLE [INTERVAL]
  local conn
  if [ "$2" = pg ]; then conn="\"source\": \"postgres\", \"conn\": \"postgres://$PGUSER@$PGHOST:$PGPORT/$DB\""
  else conn="\"source\": \"mysql\", \"conn\": \"mysql://$MYUSER@$MYHOST:$MYPORT/$DB\""; fi
  cat >"$1" <<JSON
{"sources": [{$conn, "name": "$2", "intervalSeconds": ${4:-60},
  "tables": [{"name": "$3", "watermark": "updated_at", "target": "t"}]}]}
JSON
}

# A configuration of many tables of the database $DB, each synced into a SQLite table of its own name by
# its updated_at, every table due once a day (bench/many.sh's fixture; run --force makes them due).
many_config() { # FILE pg|mysql TABLE...
  local file="$1" kind="$2" type conn sep="" t; shift 2
  if [ "$kind" = pg ]; then type=postgres; conn="postgres://$PGUSER@$PGHOST:$PGPORT/$DB"
  else type=mysql; conn="mysql://$MYUSER@$MYHOST:$MYPORT/$DB"; fi
  {
    printf '{"sources": [{"source": "%s", "name": "%s", "conn": "%s", "intervalSeconds": 86400,\n  "tables": [' \
      "$type" "$type" "$conn"
    for t in "$@"; do
      printf '%s\n    {"name": "%s", "watermark": "updated_at"}' "$sep" "$t"
      sep=","
    done
    printf ']}]}\n'
  } >"$file"
}

# server_cpu pg|mysql|both: CPU seconds (user + system) the servers have used so far: every postgres
# process, with the backends that have ended (the postmaster's children's times), and mariadbd.
# "both" prints the two, PostgreSQL's first. Other clients of the servers count too: on a shared
# machine these are an upper bound of what the measured command cost them.
server_cpu() {
  python3 - "$1" <<'PY'
import os, sys
tick = os.sysconf("SC_CLK_TCK")
pg = my = 0
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        continue
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2:].split()
    times = [int(x) for x in fields[11:15]]  # utime stime cutime cstime
    if name == "postgres":
        pg += sum(times) if fields[1] == "1" else sum(times[:2])
    elif name in ("mariadbd", "mysqld"):
        my += sum(times[:2])
which = sys.argv[1]
print(f"{pg / tick:.2f} {my / tick:.2f}" if which == "both" else f"{(pg if which == 'pg' else my) / tick:.2f}")
PY
}

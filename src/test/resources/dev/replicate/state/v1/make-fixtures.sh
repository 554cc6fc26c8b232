#!/usr/bin/env bash
# Makes postgres.sqlite and mysql.sqlite here with a release of state version 1 (see README.txt).
# Usage: make-fixtures.sh RELEASE_JAR   (RELEASE_JAR: target/replicate.jar of that release, built)
# Needs psql and mysql clients, sqlite3, and the servers the tests use (PostgreSQL on 127.0.0.1:5432,
# user postgres, trust; MariaDB on 127.0.0.1:3306, root, no password).
set -euo pipefail
jar=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make() { # vendor conn sql-client-command...
    local vendor=$1 conn=$2
    shift 2
    "$@" < "$here/$vendor.sql"
    local type=$vendor
    cat > "$work/$vendor.json" <<JSON
[{"source": "$type", "conn": "$conn", "name": "fixture",
  "tables": [{"name": "sv1_done", "watermark": "updated_at"},
             {"name": "sv1_partial", "watermark": "updated_at", "pageSize": 1}]}]
JSON
    local db=$work/$vendor.sqlite
    # 1. The small table, synced whole: a cursor.
    java -jar "$jar" run --config "$work/$vendor.json" --db "$db" sv1_done
    # 2. The large one's first sync, in key order one row per page, killed once a hundred pages or more are in.
    java -jar "$jar" run --config "$work/$vendor.json" --db "$db" sv1_partial &
    local pid=$!
    while :; do
        after=$(sqlite3 -readonly "file:$db?mode=ro" "SELECT snapshot_after FROM _replicate_watermarks WHERE target = 'sv1_partial'" 2>/dev/null || true)
        if [ -n "$after" ] && [ "$after" -ge 100 ]; then break; fi
        sleep 0.02
    done
    kill -9 $pid
    wait $pid || true
    # The committed pages the kill left in the -wal file, moved into the file (its content unchanged).
    sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;' > /dev/null
    cp "$db" "$here/$vendor.sqlite"
    sqlite3 "$db" "SELECT target, last_value, snapshot_after, snapshot_below, (SELECT count(*) FROM sv1_partial) FROM _replicate_watermarks"
}

pgdb=replicate_fixture_$$
psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $pgdb"
make postgres "postgres://postgres@127.0.0.1:5432/$pgdb" psql -q -h 127.0.0.1 -U postgres -d $pgdb
psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE $pgdb"

mydb=replicate_fixture_$$
mysql -h 127.0.0.1 -u root -e "CREATE DATABASE $mydb"
make mysql "mysql://root@127.0.0.1:3306/$mydb" mysql -h 127.0.0.1 -u root $mydb
mysql -h 127.0.0.1 -u root -e "DROP DATABASE $mydb"

#!/usr/bin/env bash
# Makes postgres.sqlite and mysql.sqlite here with the first release that read both servers (see README.txt).
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
    # The plugin's shape, as the release's users wrote it; pageSize 2 so that each table took several pages.
    cat > "$work/$vendor.json" <<JSON
[{"source": "$vendor", "conn": "$conn", "name": "fixture", "intervalSeconds": 1, "pageSize": 2,
  "tables": [{"name": "fr_items", "watermark": "updated_at", "primaryKey": "id", "target": "items"},
             {"name": "fr_events", "watermark": "at", "primaryKey": []},
             {"name": "fr_comp", "watermark": "version", "primaryKey": ["a", "b"]}]}]
JSON
    local db=$work/$vendor.sqlite
    # The first sync, then a run from the cursor (it reads the rows at the cursor again).
    java -jar "$jar" run --config "$work/$vendor.json" --db "$db"
    sleep 1.5
    java -jar "$jar" run --config "$work/$vendor.json" --db "$db"
    sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;' > /dev/null
    cp "$db" "$here/$vendor.sqlite"
    sqlite3 "$db" "PRAGMA user_version; SELECT target, last_value, last_rows_pulled FROM _replicate_watermarks;
                   SELECT count(*) FROM _replicate_log"
}

pgdb=fr_fixture_$$
psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $pgdb"
make postgres "postgres://postgres@127.0.0.1:5432/$pgdb" psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d $pgdb
psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE $pgdb"

mydb=fr_fixture_$$
mysql -h 127.0.0.1 -u root -e "CREATE DATABASE $mydb"
make mysql "mysql://root@127.0.0.1:3306/$mydb" mysql --default-character-set=utf8mb4 -h 127.0.0.1 -u root $mydb
mysql -h 127.0.0.1 -u root -e "DROP DATABASE $mydb"

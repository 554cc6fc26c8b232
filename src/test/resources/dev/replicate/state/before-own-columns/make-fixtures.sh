#!/usr/bin/env bash
# Makes postgres.sqlite and mysql.sqlite here with a release from before own_columns (see README.txt).
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
    cat > "$work/$vendor.json" <<JSON
[{"source": "$vendor", "conn": "$conn", "name": "fixture",
  "tables": [{"name": "sv2_events", "watermark": "at", "primaryKey": []},
             {"name": "sv2_notes", "watermark": "at", "primaryKey": []}]}]
JSON
    local db=$work/$vendor.sqlite
    java -jar "$jar" run --config "$work/$vendor.json" --db "$db"
    # A column of the user's own, added by hand to a table without a key, with values.
    sqlite3 "$db" "ALTER TABLE sv2_notes ADD COLUMN memo TEXT; UPDATE sv2_notes SET memo = 'mine ' || txt;
                   PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;" > /dev/null
    cp "$db" "$here/$vendor.sqlite"
    sqlite3 "$db" "SELECT target, last_value, row_value_types FROM _replicate_watermarks"
}

pgdb=up_fixture_$$
psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $pgdb"
make postgres "postgres://postgres@127.0.0.1:5432/$pgdb" psql -q -h 127.0.0.1 -U postgres -d $pgdb
psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE $pgdb"

mydb=up_fixture_$$
mysql -h 127.0.0.1 -u root -e "CREATE DATABASE $mydb"
make mysql "mysql://root@127.0.0.1:3306/$mydb" mysql -h 127.0.0.1 -u root $mydb
mysql -h 127.0.0.1 -u root -e "DROP DATABASE $mydb"

#!/usr/bin/env bash
# Benchmark (not a test): `versori db migrate` of N v1 connector rows to v2, in place, against
# PostgreSQL's own rewrite of the same rows (`UPDATE t SET c = c`, one statement), in the same
# run on identical copies of the table. Prints rows/s of both and the ratio (target >= 0.5).
#
# Usage: [DOC=examples/v1/FILE.json] scripts/bench-db.sh [ROWS] [COLUMN_TYPE]
#        (defaults: examples/v1/shopify-connector.json, 100000 rows, jsonb)
# Needs: VERSORI_TEST_DATABASE_URL (or DATABASE_URL), psql, and a release build of the CLI
# (built here with `cargo build --release -p versori-cli` if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
type=${2:-jsonb}
url=${VERSORI_TEST_DATABASE_URL:-${DATABASE_URL:?set VERSORI_TEST_DATABASE_URL or DATABASE_URL}}
target=${CARGO_TARGET_DIR:-target}
versori="$target/release/versori"
[ -x "$versori" ] || cargo build --quiet --release -p versori-cli
sql() { psql "$url" -X -q -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }

doc=$(python3 -c "import json, sys; print(json.dumps(json.load(open(sys.argv[1]))))" "${DOC:-examples/v1/shopify-connector.json}")
echo "setting up $rows v1 connector rows ($type column, $(printf %s "$doc" | wc -c) bytes each)"
sql <<SQL
DROP SCHEMA IF EXISTS versori_bench CASCADE;
CREATE SCHEMA versori_bench;
CREATE TABLE versori_bench.seed (id bigint PRIMARY KEY, document $type NOT NULL);
INSERT INTO versori_bench.seed
SELECT g, jsonb_set(\$doc\$$doc\$doc\$::jsonb, '{id}', to_jsonb('01HTF0JT37H7YN9F19S1' || lpad(g::text, 6, '0')))::$type
  FROM generate_series(1, $rows) AS g;
CREATE TABLE versori_bench.rewrite (LIKE versori_bench.seed INCLUDING ALL);
INSERT INTO versori_bench.rewrite SELECT * FROM versori_bench.seed;
CREATE TABLE versori_bench.migrate (LIKE versori_bench.seed INCLUDING ALL);
INSERT INTO versori_bench.migrate SELECT * FROM versori_bench.seed;
VACUUM ANALYZE versori_bench.rewrite;
VACUUM ANALYZE versori_bench.migrate;
CHECKPOINT;
SQL

start=$(now)
sql -c "UPDATE versori_bench.rewrite SET document = document"
rewrite=$(python3 -c "print($(now) - $start)")
sql -c "CHECKPOINT"

start=$(now)
status=0
"$versori" db migrate --database-url "$url" --to v2 --table versori_bench.migrate \
    --column document --format json > /dev/null 2> versori_bench.log || status=$?
migrate=$(python3 -c "print($(now) - $start)")
tail -1 versori_bench.log && rm -f versori_bench.log
[ "$status" -eq 0 ] || { echo "db migrate exited $status"; exit 1; }
migrated=$(sql -At -c "SELECT count(*) FROM versori_bench.migrate_versori_backup")
[ "$migrated" -eq "$rows" ] || { echo "only $migrated of $rows rows migrated"; exit 1; }

# Where the time goes: the same documents through the file CLI (the migration alone), and a
# dry run (reading and migrating, no writes).
sql -At -c "SELECT document::text FROM versori_bench.seed ORDER BY id" > versori_bench.ndjson
start=$(now)
fstatus=0
"$versori" migrate --to v2 --format json --output versori_bench.v2.ndjson versori_bench.ndjson \
    > /dev/null 2>&1 || fstatus=$?
file=$(python3 -c "print($(now) - $start)")
rm -f versori_bench.ndjson versori_bench.v2.ndjson
[ "$fstatus" -eq 0 ] || { echo "versori migrate (file) exited $fstatus"; exit 1; }
sql -c "UPDATE versori_bench.seed SET document = document" -c "VACUUM versori_bench.seed" >/dev/null
start=$(now)
"$versori" db migrate --database-url "$url" --to v2 --table versori_bench.seed \
    --column document --format json --dry-run > /dev/null 2>&1
dry=$(python3 -c "print($(now) - $start)")

python3 - "$rows" "$rewrite" "$migrate" "$file" "$dry" <<'PY'
import sys
rows = int(sys.argv[1])
rewrite, migrate, file, dry = map(float, sys.argv[2:])
for name, secs in [("UPDATE t SET c = c (one statement)", rewrite),
                   ("versori db migrate, in place", migrate),
                   ("versori db migrate --dry-run", dry),
                   ("versori migrate, same rows as NDJSON", file)]:
    print(f"{name:38} {secs:7.2f} s {rows / secs:9.0f} rows/s")
print(f"ratio: {rewrite / migrate:.2f}x of the database's own rewrite (target >= 0.5x); "
      f"{file / migrate:.2f}x of the file CLI on the same documents")
PY
[ -n "${KEEP:-}" ] || sql -c "DROP SCHEMA versori_bench CASCADE"

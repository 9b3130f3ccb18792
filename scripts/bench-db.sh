#!/usr/bin/env bash
# Benchmark (not a test): `versori db migrate` of N v1 connector rows to v2, in place, against
# PostgreSQL's own rewrite of the same rows (`UPDATE t SET c = c`, one statement), in the same
# run on identical copies of the table. Prints rows/s of both and the ratio (target >= 0.5).
#
# Usage: scripts/bench-db.sh [ROWS] [COLUMN_TYPE]   (defaults: 100000 jsonb)
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

doc=$(python3 -c 'import json; print(json.dumps(json.load(open("examples/v1/shopify-connector.json"))))')
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
migrated=$(sql -At -c "SELECT count(*) FROM versori_bench.migrate WHERE document::jsonb ? 'system'")
[ "$migrated" -eq "$rows" ] || { echo "only $migrated of $rows rows migrated"; exit 1; }

python3 - "$rows" "$rewrite" "$migrate" <<'PY'
import sys
rows, rewrite, migrate = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"UPDATE t SET c = c:          {rewrite:7.2f} s  {rows / rewrite:10.0f} rows/s")
print(f"versori db migrate (v1->v2): {migrate:7.2f} s  {rows / migrate:10.0f} rows/s")
print(f"ratio: {rewrite / migrate:.2f}x of the database's own rewrite (target >= 0.5x)")
PY
[ -n "${KEEP:-}" ] || sql -c "DROP SCHEMA versori_bench CASCADE"

#!/usr/bin/env bash
# Runs every test suite: typecheck, unit, integration (SQLite and a real PostgreSQL started here),
# the consumers (Python datasets, pyarrow, pandas and TRL read the exports; a venv cached under .cache/pyenv),
# and end-to-end (real server + Debian's headless Chromium). Ends with the line `N passed, N failed, N skipped`.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RESULTS="$ROOT/.test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"

[ -d node_modules ] || npm ci --no-audit --no-fund

# System packages: PostgreSQL for the integration suite, Chromium for e2e. Installed when missing and we are root.
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null
fi

# A throwaway PostgreSQL cluster (initdb refuses root, so it runs as the postgres user when we are root).
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -n "$PGBIN" ] && [ -z "${TUTORLOOP_TEST_PG:-}" ]; then
  PGROOT=$(mktemp -d); PGPORT=${TUTORLOOP_TEST_PG_PORT:-55432}
  as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }
  [ "$(id -u)" = 0 ] && chown postgres "$PGROOT"
  as_pg "$PGBIN/initdb -D $PGROOT/data -U postgres --auth=trust -E UTF8 --no-sync" >/dev/null
  if as_pg "$PGBIN/pg_ctl -D $PGROOT/data -l $PGROOT/log -w -o '-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c shared_buffers=256MB'" start >/dev/null; then
    export TUTORLOOP_TEST_PG="postgres://postgres@127.0.0.1:$PGPORT/postgres"
    trap 'as_pg "$PGBIN/pg_ctl -D $PGROOT/data -m fast -w stop" >/dev/null 2>&1; rm -rf "$PGROOT"' EXIT
  else
    echo "could not start PostgreSQL:"; cat "$PGROOT/log"
  fi
fi

status=0
# A failed check (typecheck, lint) is written to checks.failed, which the closing line counts as a failure.
check_failed() { status=1; echo "$1" >> "$RESULTS/checks.failed"; }

echo "== typecheck"
# Three programs: server/CLI/tests (Node, no DOM), the web app (DOM, no Node), the e2e tests (both).
for config in tsconfig.json web/tsconfig.json test/e2e/tsconfig.json; do
  echo "tsc -p $config"
  npx tsc --noEmit -p "$config" || check_failed "typecheck $config"
done

echo "== lint (Biome: format and lint rules, biome.jsonc; the layer rules run in the unit suite)"
npx biome check --max-diagnostics=50 . || check_failed "biome check"

echo "== build (web app and CLI bundle)"
npm run build --silent || status=1

for suite in unit integration faults consumers e2e; do
  echo "== $suite tests"
  npx vitest run --project "$suite" --reporter=default --reporter=json --outputFile.json="$RESULTS/$suite.json" --passWithNoTests || status=1
done

node scripts/summarize-tests.mjs "$RESULTS" || status=1
exit $status

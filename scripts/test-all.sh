#!/usr/bin/env bash
# npm test: every test. Unit + integration on embedded PGlite, the same again on a throwaway
# PostgreSQL database (127.0.0.1:5432), then the Playwright journeys against a production build.
set -euo pipefail
started=$(date +%s)
echo "== Vitest on PGlite"
npx vitest run
echo "== Vitest on PostgreSQL"
SKIP_PG_IF_DOWN=${SKIP_PG_IF_DOWN:-1} npx tsx scripts/with-test-postgres.ts npx vitest run
echo "== Playwright end-to-end"
npx remix vite:build >/dev/null
npx playwright test
echo "All tests passed in $(( $(date +%s) - started )) s"

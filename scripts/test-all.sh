#!/usr/bin/env bash
# npm test: every test. Unit + integration on embedded PGlite, the same again on a throwaway
# PostgreSQL database (127.0.0.1:5432), then the Playwright journeys against a production build.
set -euo pipefail
started=$(date +%s)
# The production build first: the Playwright journeys and the two-instance test run on it.
echo "== Build"
npx remix vite:build >/dev/null
echo "== Vitest on PGlite"
npx vitest run
echo "== Vitest on PostgreSQL"
SKIP_PG_IF_DOWN=${SKIP_PG_IF_DOWN:-1} npx tsx scripts/with-test-postgres.ts npx vitest run
echo "== Playwright end-to-end"
# Without a PostgreSQL server (and outside CI) the PostgreSQL half of the HTTP suites is skipped.
if [ "${CI:-}" != "true" ] && ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432: end-to-end runs on PGlite only."
  export E2E_POSTGRES=0
fi
npx playwright test
echo "== Server logs of the end-to-end run"
# No secrets, passwords, tokens or full phone/ID numbers in what the servers printed (SECURITY.md).
npx tsx scripts/check-logs.ts
echo "All tests passed in $(( $(date +%s) - started )) s"

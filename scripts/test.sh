#!/usr/bin/env bash
# npm test: type checks, unit/backend/contract/shell tests, then the browser end-to-end tests.
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
cd "$CAUSEWAY_ROOT"
echo "== type check"
npx tsc -p .
echo "== build"
npm run build --silent
echo "== unit, backend, contract, electron shell"
npx vitest run --project unit
echo "== end-to-end (Chromium)"
npx vitest run --project e2e

#!/usr/bin/env bash
# npm test: type checks, unit/backend/contract/shell tests, then the browser end-to-end tests.
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
cd "$CAUSEWAY_ROOT"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

echo "== type check"
npx tsc -p .
echo "== build"
npm run build --silent
echo "== unit, backend, contract, electron shell"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results/unit.json"
echo "== end-to-end (Chromium)"
npx vitest run --project e2e --reporter=default --reporter=json --outputFile.json="$results/e2e.json"

# One plain closing line over both runs.
node -e '
  const runs = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  console.log(`${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed`);
' "$results/unit.json" "$results/e2e.json"

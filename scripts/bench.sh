#!/usr/bin/env bash
# npm run bench: the case store benchmark (10,000 cases in a temp dir, removed afterwards), then the
# fishbone and 5-Whys layout/SVG and report (Markdown, HTML) benchmarks in Node and the fishbone and
# 5-Whys editors in Chromium, the insights screen in Chromium (filter change to charts drawn, 10,000
# cases), the crash test (SIGKILL during writes, backups and a migration), and
# case files (export, import, anonymising 1,000 realistic cases; peak memory). Then the search
# benchmark (search index, search:query, search:similar, index update; 10,000 and 100,000 cases, set
# CAUSEWAY_BENCH_SEARCH_SIZES).
# Prints timings and PASS/FAIL against the targets; exits non-zero only if the benchmark itself fails.
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
cd "$CAUSEWAY_ROOT"
npx tsx test/bench/case-store.bench.ts "$@"
npx tsx test/bench/fishbone-layout.bench.ts
npx tsx test/bench/whys-layout.bench.ts
npx tsx test/bench/report.bench.ts
npx tsx test/bench/report-formats.bench.ts
npx tsx test/bench/fishbone-browser.bench.ts
npx tsx test/bench/insights-browser.bench.ts
npx tsx test/bench/search.bench.ts
npx tsx test/bench/crash.bench.ts
npx tsx test/bench/case-file.bench.ts

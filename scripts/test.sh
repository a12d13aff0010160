#!/usr/bin/env bash
# The one test command: typecheck, lint, unit tests (Vitest), browser tests (Playwright in a
# real headless Chromium). Ends with the line `tests: N passed, N failed`, counted from the
# JSON reports of both runners. Exits non-zero if any part failed.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf reports && mkdir -p reports
failed_parts=()

echo "== typecheck"
npx tsc --noEmit -p tsconfig.json && npx tsc --noEmit -p tsconfig.model.json || failed_parts+=(typecheck)
echo "== lint"
npx biome check . || failed_parts+=(lint)
echo "== unit tests (vitest)"
npx vitest run || failed_parts+=(vitest)
echo "== browser tests (playwright)"
npx playwright test || failed_parts+=(playwright)

counts=$(node scripts/count-tests.mjs reports/vitest.json reports/playwright.json)
passed=${counts% *}
failed=${counts#* }
for p in "${failed_parts[@]}"; do
  case "$p" in typecheck|lint) failed=$((failed + 1)); echo "part failed: $p" ;; esac
done
if [ "${#failed_parts[@]}" -gt 0 ]; then echo "failed parts: ${failed_parts[*]}"; fi
echo "tests: ${passed} passed, ${failed} failed"
[ "${#failed_parts[@]}" -eq 0 ] && [ "$failed" -eq 0 ]

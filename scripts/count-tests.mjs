// Counts passed and failed tests from Vitest's and Playwright's JSON reports.
// A missing report (the runner crashed before writing it) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, playwrightFile] = process.argv.slice(2);
let passed = 0;
let failed = 0;

if (existsSync(vitestFile)) {
  const r = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  // A file that failed to load has no failed assertion of its own: count it once.
  for (const f of r.testResults ?? []) {
    const assertions = f.assertionResults ?? [];
    if (f.status === 'failed' && !assertions.some((a) => a.status === 'failed')) failed += 1;
  }
  if ((r.numTotalTests ?? 0) === 0) failed += 1;
} else failed += 1;

if (existsSync(playwrightFile)) {
  const r = JSON.parse(readFileSync(playwrightFile, 'utf8'));
  const s = r.stats ?? {};
  passed += s.expected ?? 0;
  failed += (s.unexpected ?? 0) + (s.flaky ?? 0);
  if ((s.expected ?? 0) + (s.unexpected ?? 0) + (s.flaky ?? 0) === 0) failed += 1;
  if ((r.errors ?? []).length > 0) failed += r.errors.length;
} else failed += 1;

console.log(`${passed} ${failed}`);

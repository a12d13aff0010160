// Scenario goldens: every src/scenarios/*.json runs headless and its JSON report (what
// `npm run sim -- FILE --json` prints) must equal src/scenarios/golden/<name>.report.json.
// A mismatch writes <name>.report-changed.json beside the golden to review (and to copy over
// the golden when the change is right); a missing golden is written and the test fails until
// it is reviewed and committed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenarioText } from './run';

const SCENARIOS = join(__dirname, '..', 'scenarios');
const GOLDEN = join(SCENARIOS, 'golden');

const files = existsSync(SCENARIOS)
  ? readdirSync(SCENARIOS)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

describe('scenario goldens', () => {
  it('finds the scenario files', () => {
    expect(files).toContain('example-camera-nkm.json');
  });

  for (const file of files) {
    const name = file.slice(0, -'.json'.length);
    it(`${name}: report equals golden/${name}.report.json`, () => {
      const out = runScenarioText(readFileSync(join(SCENARIOS, file), 'utf8'));
      if (!out.ok) throw new Error(`${file} is not a valid scenario:\n  ${out.problems.join('\n  ')}`);
      const golden = join(GOLDEN, `${name}.report.json`);
      const changed = join(GOLDEN, `${name}.report-changed.json`);
      if (!existsSync(golden)) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(golden, out.json);
        throw new Error(`no golden for ${file}: wrote ${golden}; review it and commit it`);
      }
      if (readFileSync(golden, 'utf8') === out.json) {
        rmSync(changed, { force: true });
        return;
      }
      writeFileSync(changed, out.json);
      throw new Error(
        `${file}: the report differs from its golden; review \`diff ${golden} ${changed}\` and, ` +
          'if the change is right, move the -changed file over the golden and commit it',
      );
    });
  }
});

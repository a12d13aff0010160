// docs/scenario-format.md stays true to the code: every operation the model registers, every
// machine key, attribute and gfp flag is documented, and the document's first example is the
// committed example scenario, which runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DMA_ATTRS, GFP_FLAGS, knownOps } from '../model/index';
import { machineSchema } from '../model/scenario/schema';
import { runScenarioText } from './run';

const root = join(__dirname, '..', '..');
const doc = readFileSync(join(root, 'docs', 'scenario-format.md'), 'utf8');

describe('docs/scenario-format.md', () => {
  it('names every registered operation as `op`', () => {
    const missing = knownOps().filter((op) => !doc.includes(`\`${op}\``));
    expect(missing, 'document these operations in docs/scenario-format.md').toEqual([]);
  });

  it('names every machine key, attribute and gfp flag', () => {
    const names = [...Object.keys(machineSchema.shape), ...DMA_ATTRS, ...GFP_FLAGS];
    expect(names.filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
  });

  it('shows the committed example scenario, which runs', () => {
    const example = readFileSync(join(root, 'src', 'scenarios', 'example-camera-nkm.json'), 'utf8');
    const shown = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(shown && JSON.parse(shown)).toEqual(JSON.parse(example));
    expect(runScenarioText(example).ok).toBe(true);
  });
});

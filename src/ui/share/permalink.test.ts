import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { createDmavizStore } from '../store/store';
import { decodePermalink, encodePermalink } from './permalink';
import { readScenarioText, scenarioOfSession, sessionOfScenario } from './scenarioFile';

const SCENARIO = {
  format: 'dmaviz-scenario/1' as const,
  title: 'Two buffers',
  machine: { arch: 'arm64' as const, ramMiB: 1024, devices: [{ name: 'cam0', coherent: false }] },
  steps: [
    { op: 'dma_alloc_attrs', dev: 'cam0', size: '1MiB', gfp: 'GFP_KERNEL', attrs: [], as: 'a', say: 'first' },
    { op: 'dma_alloc_wc', dev: 'cam0', size: '64KiB', gfp: 'GFP_KERNEL', as: 'b' },
    { op: 'dma_free_attrs', buf: 'a', attrs: [] },
  ],
};

describe('permalink', () => {
  it('round-trips the scenario and the position', () => {
    const hash = encodePermalink(SCENARIO, { cursor: 2, eventIndex: 1 });
    expect(hash.startsWith('#s=')).toBe(true);
    const back = decodePermalink(hash);
    expect(back).toMatchObject({ ok: true, position: { cursor: 2, eventIndex: 1 } });
    if (back.ok !== true) throw new Error('not decoded');
    expect(back.scenario.steps).toEqual(SCENARIO.steps);
    expect(back.scenario.machine).toEqual(SCENARIO.machine);
  });

  it('says when the hash holds no link', () => {
    expect(decodePermalink('')).toEqual({ ok: 'none' });
    expect(decodePermalink('#other=1')).toEqual({ ok: 'none' });
  });

  it('rejects a cut or altered link with a message', () => {
    const hash = encodePermalink(SCENARIO, { cursor: 1, eventIndex: null });
    for (const bad of [
      hash.slice(0, hash.length / 2),
      '#s=%%%',
      '#s=',
      `${hash.slice(0, 20)}XYZ${hash.slice(23)}`,
    ]) {
      const r = decodePermalink(bad);
      expect(r.ok).toBe(false);
      if (r.ok === false) expect(r.problems.length).toBeGreaterThan(0);
    }
  });

  it('rejects a tampered payload: unknown op, script, out-of-range position', () => {
    const tamper = (
      edit: (p: { v: number; scenario: Record<string, unknown>; cursor: unknown; event: unknown }) => void,
    ) => {
      const hash = encodePermalink(SCENARIO, { cursor: 1, eventIndex: null });
      const p = JSON.parse(decompressFromEncodedURIComponent(hash.slice(3)));
      edit(p);
      return decodePermalink(`#s=${compressToEncodedURIComponent(JSON.stringify(p))}`);
    };
    const badOp = tamper((p) => {
      (p.scenario.steps as Record<string, unknown>[])[0]!.op = 'eval';
    });
    expect(badOp).toMatchObject({ ok: false });
    if (badOp.ok === false)
      expect(badOp.problems.join('\n')).toMatch(/steps\[0\]\.op: unknown operation "eval"/);
    expect(
      tamper((p) => {
        p.cursor = 99;
      }),
    ).toMatchObject({ ok: false });
    expect(
      tamper((p) => {
        p.cursor = -1;
      }),
    ).toMatchObject({ ok: false });
    expect(
      tamper((p) => {
        p.cursor = 1.5;
      }),
    ).toMatchObject({ ok: false });
    expect(
      tamper((p) => {
        p.event = 'x';
      }),
    ).toMatchObject({ ok: false });
    expect(
      tamper((p) => {
        p.v = 7;
      }),
    ).toMatchObject({ ok: false });
    expect(
      tamper((p) => {
        p.scenario.machine = { arch: 'vax' };
      }),
    ).toMatchObject({ ok: false });
  });
});

describe('scenario export', () => {
  it('exports a session that re-imports to the same session, with typed narration', () => {
    const store = createDmavizStore();
    const { input, ops, title } = sessionOfScenario(readScenarioOk(JSON.stringify(SCENARIO)));
    expect(store.getState().loadSession(input, ops, title, 3)).toEqual({ ok: true });
    store.getState().setNarration(1, 'a write-combined buffer');
    const file = scenarioOfSession(store.getState());
    expect(file.steps.map((s) => s.say)).toEqual(['first', 'a write-combined buffer', undefined]);

    const again = createDmavizStore();
    const back = sessionOfScenario(readScenarioOk(JSON.stringify(file)));
    again.getState().loadSession(back.input, back.ops, back.title, 3);
    const a = store.getState();
    const b = again.getState();
    expect(b.title).toBe(a.title);
    expect(b.machineInput).toEqual(a.machineInput);
    expect(b.narration).toEqual(a.narration);
    expect(b.history.steps.map((r) => r.result)).toEqual(a.history.steps.map((r) => r.result));
    expect(scenarioOfSession(b)).toEqual(file);
  });

  it('exports an empty session as a valid file', () => {
    const store = createDmavizStore();
    const file = scenarioOfSession(store.getState());
    expect(file.steps).toEqual([]);
    expect(readScenarioText(JSON.stringify(file)).ok).toBe(true);
  });

  it('lists every problem of an invalid file', () => {
    const r = readScenarioText(JSON.stringify({ format: 'x', steps: [{ op: 'nope' }, { size: -1 }] }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.length).toBeGreaterThanOrEqual(3);
    expect(readScenarioText('{"format": ').ok).toBe(false);
  });
});

function readScenarioOk(text: string) {
  const r = readScenarioText(text);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.scenario;
}

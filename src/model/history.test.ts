// History: step back and jump to any step without replaying from the start; a failed step
// leaves the state as it was; truncate branches.
import { describe, expect, it } from 'vitest';
import { History } from './history';
import { boot, canon, run, stepBackMismatches } from './testkit';
import type { Op } from './types';

const alloc = (i: number, size = '64KiB'): Op =>
  ({ op: 'dma_alloc_attrs', dev: 'd', size, as: `b${i}` }) as Op;
const cfg = { arch: 'arm64' as const, ramMiB: 512, devices: [{ name: 'd', coherent: false }] };

describe('History', () => {
  it('at(k) equals the state before step k for every k, visited backwards then forwards (interval 4)', () => {
    const ops: Op[] = [];
    for (let i = 0; i < 20; i++)
      ops.push(i % 3 === 2 ? ({ op: 'dma_free_attrs', buf: `b${i - 1}` } as Op) : alloc(i));
    const r = run(cfg, ops, 4);
    expect(stepBackMismatches(r)).toEqual([]);
  });

  it('a failed step (ENOMEM) leaves every part of the state as it was, the cache-work counters included', () => {
    const r = run(cfg, [alloc(0), alloc(1, '64MiB'), alloc(2)], 2);
    expect(r.outs[1]!.result.ok).toBe(false);
    expect(canon(r.history.at(2))).toBe(canon(r.history.at(1)));
    expect(stepBackMismatches(r)).toEqual([]);
  });

  it('at(k) never changes a state it handed out, even after more pushes', () => {
    const h = new History(boot(cfg), 2);
    h.push(alloc(0));
    const s1 = h.at(1);
    const before = canon(s1);
    h.push(alloc(1));
    h.push(alloc(2));
    h.at(3);
    expect(canon(s1)).toBe(before);
  });

  it('truncate(k) forgets later steps; pushing then branches from step k', () => {
    const h = new History(boot(cfg), 2);
    for (let i = 0; i < 5; i++) h.push(alloc(i));
    const at2 = canon(h.at(2));
    h.truncate(2);
    expect(h.length).toBe(2);
    expect(canon(h.at(2))).toBe(at2);
    h.push(alloc(9, '8KiB'));
    expect(h.at(3).buffers.size).toBe(3);
    expect(() => h.at(4)).toThrow(RangeError);
  });
});

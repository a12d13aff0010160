import { describe, expect, it } from 'vitest';
import { createDmavizStore } from '../store/store';
import {
  cmaChoicesFor,
  defaultChoice,
  EXAMPLE_SOURCE,
  machineFor,
  normaliseChoice,
  ramChoicesFor,
} from './machines';
import { jumpPair, loadPair, type Pair } from './pair';

const pair = (): Pair => ({ left: createDmavizStore(), right: createDmavizStore() });

describe('machineFor', () => {
  const base = {
    arch: 'arm32' as const,
    ramMiB: 1024,
    ramBase: 0x60000000,
    devices: [
      { name: 'a', coherent: true, iommu: false },
      { name: 'b', coherent: false, iommu: true },
    ],
    processes: ['app'],
  };

  it('keeps device names and, with "keep", each device’s own coherence and IOMMU', () => {
    const m = machineFor(base, defaultChoice('arm32'));
    expect(m.devices).toEqual(base.devices);
    expect(m.ramBase).toBe(0x60000000);
  });

  it('overrides coherence and IOMMU on every device, and drops ramBase on another architecture', () => {
    const m = machineFor(base, { ...defaultChoice('arm64'), coherent: 'off', iommu: 'on' });
    expect(m.devices?.map((d) => [d.name, d.coherent, d.iommu])).toEqual([
      ['a', false, true],
      ['b', false, true],
    ]);
    expect(m.arch).toBe('arm64');
    expect('ramBase' in m).toBe(false);
    expect(m.processes).toEqual(['app']);
  });

  it('normaliseChoice keeps RAM and CMA within what the architecture accepts', () => {
    expect(ramChoicesFor('arm32')).not.toContain(4096);
    const c = normaliseChoice({ ...defaultChoice('arm64'), ramMiB: 8192, cmaMiB: 256, arch: 'arm32' });
    expect(c.ramMiB).toBe(1024);
    expect(cmaChoicesFor(c.ramMiB)).toContain(c.cmaMiB);
    expect(normaliseChoice({ ...c, ramMiB: 512, cmaMiB: 100 }).cmaMiB).toBe(64);
  });
});

describe('lock-step', () => {
  it('loads the same ops on both machines and moves both cursors together, selecting the step’s buffer', () => {
    const p = pair();
    const r = loadPair(p, EXAMPLE_SOURCE, defaultChoice('x86_64', 'on'), defaultChoice('arm32', 'off'));
    expect(r).toEqual({ left: [], right: [] });
    for (const s of [p.left, p.right]) {
      expect(s.getState().history.length).toBe(2);
      expect(s.getState().cursor).toBe(2);
      expect(s.getState().selection).not.toBeNull();
    }
    expect(p.left.getState().machine.config.arch).toBe('x86_64');
    expect(p.right.getState().machine.config.arch).toBe('arm32');
    jumpPair(p, 1);
    expect([p.left.getState().cursor, p.right.getState().cursor]).toEqual([1, 1]);
    jumpPair(p, 0);
    expect([p.left.getState().selection, p.right.getState().selection]).toEqual([null, null]);
    jumpPair(p, 99);
    expect([p.left.getState().cursor, p.right.getState().cursor]).toEqual([2, 2]);
  });

  it('reports the model’s problems for a side that does not boot and leaves the other loaded', () => {
    const p = pair();
    const bad = { ...EXAMPLE_SOURCE, machine: { ...EXAMPLE_SOURCE.machine, vmallocMiB: 1 } };
    const r = loadPair(p, bad, defaultChoice('x86_64'), defaultChoice('arm32'));
    expect(r.left.length + r.right.length).toBeGreaterThan(0);
  });
});

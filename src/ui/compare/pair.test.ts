import { describe, expect, it } from 'vitest';
import { ARCH_PROFILES } from '../../model';
import { createDmavizStore } from '../store/store';
import {
  choiceForSource,
  choiceSummary,
  cmaChoicesFor,
  cmaOf,
  defaultChoice,
  EXAMPLE_SOURCE,
  isScenarioCmaFor,
  isScenarioRamFor,
  machineFor,
  normaliseChoice,
  ramChoicesFor,
  ramOf,
  scenarioSizesOf,
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
    expect(cmaChoicesFor(1024)).toContain(c.cmaMiB);
    expect(normaliseChoice({ ...c, ramMiB: 512, cmaMiB: 100 }).cmaMiB).toBe(64);
  });
});

describe('a scenario’s RAM and CMA ("as in scenario")', () => {
  const sizes = { arch: 'arm64' as const, ramMiB: 2048, cmaMiB: 512 };

  it('is the default for a session that sets them, and the architecture’s default otherwise', () => {
    const c = defaultChoice('x86_64', 'on', 'off', sizes);
    expect(c).toMatchObject({ ramMiB: 'scenario', cmaMiB: 'scenario' });
    expect([ramOf(c, sizes), cmaOf(c, sizes)]).toEqual([2048, 512]);
    expect(machineFor(sizes, c)).toMatchObject({ arch: 'x86_64', ramMiB: 2048, cmaMiB: 512 });
    const x86 = ARCH_PROFILES.x86_64;
    expect(defaultChoice('x86_64', 'on', 'off', {})).toMatchObject({
      ramMiB: x86.defaultRamMiB,
      cmaMiB: x86.defaultCmaMiB,
    });
  });

  it('survives a change of architecture or coherence: the RAM stays the scenario’s', () => {
    const c = normaliseChoice({ ...defaultChoice('x86_64', 'on', 'off', sizes), arch: 'arm64' }, sizes);
    expect(machineFor(sizes, normaliseChoice({ ...c, coherent: 'off' }, sizes)).ramMiB).toBe(2048);
    expect(choiceSummary(c, sizes)).toMatch(/^arm64 · 2 GiB · CMA 512 MiB · /);
  });

  it('falls back where the architecture refuses it, and comes back with the next session', () => {
    const big = { ramMiB: 8192 };
    const c = normaliseChoice({ ...defaultChoice('arm64', 'keep', 'keep', big), arch: 'arm32' }, big);
    expect(isScenarioRamFor('arm32', big)).toBe(false);
    expect(c.ramMiB).toBe(1024);
    expect(choiceForSource(c, { ramMiB: 512 }).ramMiB).toBe('scenario');
    // A CMA area larger than half the chosen RAM falls back to the largest that fits.
    const small = normaliseChoice({ ...defaultChoice('arm64', 'keep', 'keep', sizes), ramMiB: 512 }, sizes);
    expect(isScenarioCmaFor(512, sizes)).toBe(false);
    expect(small.cmaMiB).toBe(256);
  });

  it('a size the scenario leaves out is its own architecture’s default; a session with no architecture has none', () => {
    expect(scenarioSizesOf({ arch: 'arm64', ramMiB: 2048 })).toEqual({
      ramMiB: 2048,
      cmaMiB: ARCH_PROFILES.arm64.defaultCmaMiB,
    });
    expect(scenarioSizesOf(EXAMPLE_SOURCE.machine)).toEqual({});
    // So an x86_64 side running an arm64 scenario gets arm64's CMA area, not x86_64's.
    const c = defaultChoice('x86_64', 'on', 'off', scenarioSizesOf({ arch: 'arm64', ramMiB: 2048 }));
    expect(machineFor({ arch: 'arm64', ramMiB: 2048 }, c).cmaMiB).toBe(ARCH_PROFILES.arm64.defaultCmaMiB);
  });

  it('an explicit architecture default is still a choice of its own', () => {
    const c = normaliseChoice({ ...defaultChoice('arm64', 'on', 'off', sizes), ramMiB: 4096 }, sizes);
    expect(machineFor(sizes, c).ramMiB).toBe(4096);
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

import { describe, expect, it } from 'vitest';
import { cloneState, createMachine, History } from '../../model';
import { highlightsOf } from '../anim/highlights';
import { createSceneMemo, reuseUnchanged, sceneOf } from './scene';
import { compactSize } from './sizes';

/** A direct non-coherent camera and a GPU behind an IOMMU. */
const CAM_AND_GPU = [
  { name: 'cam0', coherent: false },
  { name: 'gpu0', coherent: false, iommu: true, dmaMaskBits: 40 },
];

function run(input: Parameters<typeof createMachine>[0], ops: Parameters<History['push']>[0][]) {
  const m = createMachine(input);
  if (!m.ok) throw new Error(m.problems.join('; '));
  const h = new History(m.state);
  for (const op of ops) h.push(op);
  return h;
}

describe('sceneOf', () => {
  it('arm32 remap allocator: one buffer has a cached linear alias and a write-combine vmalloc alias of the same pages', () => {
    const h = run({ arch: 'arm32', ramMiB: 512, cmaMiB: 0, devices: [{ name: 'lcd0', coherent: false }] }, [
      { op: 'dma_alloc_coherent', dev: 'lcd0', size: '64K', as: 'fb' },
    ]);
    const scene = sceneOf(h.at(1));
    const b = scene.buffers.find((x) => x.id === 'b1')!;
    const linear = b.marks.find((m) => m.lane === 'linear')!;
    const vmalloc = b.marks.find((m) => m.lane === 'vmalloc')!;
    expect(linear.memtype).toBe('cached');
    expect(vmalloc.memtype).toBe('write-combine');
    const phys = b.marks.find((m) => m.lane === 'phys')!;
    const toPhys = b.links.filter((l) => l.to.lane === 'phys');
    expect(new Set(toPhys.map((l) => l.memtype))).toEqual(new Set(['cached', 'write-combine']));
    for (const l of toPhys) expect(l.to.start).toBe(phys.start);
  });

  it('an IOMMU device sees its buffer through IOVA, and a user mapping is a VMA lane mark', () => {
    const h = run(
      {
        arch: 'arm64',
        ramMiB: 4096,
        devices: CAM_AND_GPU,
        processes: ['app'],
      },
      [
        { op: 'dma_alloc_coherent', dev: 'gpu0', size: '256K', as: 'tex' },
        { op: 'dma_mmap_coherent', buf: 'tex', process: 'app' },
      ],
    );
    const s = h.at(2);
    const scene = sceneOf(s);
    expect(scene.lanes.map((l) => l.id)).toEqual([
      'user:app',
      'vmalloc',
      'linear',
      'phys',
      'iova:gpu0',
      'devices',
    ]);
    const b = scene.buffers[0]!;
    expect(b.marks.some((m) => m.lane === 'iova:gpu0')).toBe(true);
    expect(b.marks.some((m) => m.lane === 'user:app')).toBe(true);
    expect(b.links.some((l) => l.to.lane === 'devices')).toBe(true);
    // Every event of the call that touched something lands on a lane of the scene.
    const lanes = new Set(scene.lanes.map((l) => l.id));
    for (const e of h.record(0).events)
      for (const hl of highlightsOf(e, s)) expect(lanes.has(hl.lane)).toBe(true);
    const kinds = h.record(0).events.flatMap((e) => highlightsOf(e, s).map((x) => x.kind));
    expect(kinds).toContain('take');
    expect(kinds).toContain('draw');
    expect(kinds).toContain('reserve');
  });
});

describe('compactSize', () => {
  it('keeps lane labels short', () => {
    expect(compactSize(2 ** 45)).toBe('32 TiB');
    expect(compactSize(1536 * 2 ** 20)).toBe('1.5 GiB');
    expect(compactSize(4096)).toBe('4 KiB');
  });
});

describe('reuseUnchanged', () => {
  it('keeps the objects of the lanes and buffers a call did not change, and takes the changed ones', () => {
    const h = run(
      {
        arch: 'arm64',
        ramMiB: 1024,
        devices: CAM_AND_GPU,
      },
      [
        { op: 'dma_alloc_coherent', dev: 'gpu0', size: '64K', as: 'tex' },
        { op: 'dma_alloc_coherent', dev: 'cam0', size: '4K', as: 'frame' },
      ],
    );
    const before = sceneOf(h.at(1));
    const after = reuseUnchanged(before, sceneOf(h.at(2)));
    const lane = (s: typeof before, id: string) => s.lanes.find((l) => l.id === id);
    expect(lane(after, 'iova:gpu0')).toBe(lane(before, 'iova:gpu0'));
    expect(lane(after, 'phys')).not.toBe(lane(before, 'phys'));
    expect(after.buffers.find((b) => b.id === 'b1')).toBe(before.buffers.find((b) => b.id === 'b1'));
    expect(after.buffers.find((b) => b.id === 'b2')).toEqual(
      sceneOf(h.at(2)).buffers.find((b) => b.id === 'b2'),
    );
    expect(after).toEqual(sceneOf(h.at(2)));
    // Nothing changed: the very same arrays.
    const again = reuseUnchanged(after, sceneOf(h.at(2)));
    expect(again.lanes).toBe(after.lanes);
    expect(again.buffers).toBe(after.buffers);
  });
});

describe('createSceneMemo', () => {
  it('gives the scene of each state, forward and back, keeping the objects of buffers a step left alone', () => {
    const h = run(
      {
        arch: 'arm64',
        ramMiB: 1024,
        devices: CAM_AND_GPU,
        processes: ['app'],
      },
      [
        { op: 'dma_alloc_coherent', dev: 'gpu0', size: '64K', as: 'tex' },
        { op: 'dma_alloc_coherent', dev: 'cam0', size: '4K', as: 'frame' },
        { op: 'dma_mmap_coherent', buf: 'frame', process: 'app', as: 'view' },
        { op: 'dma_free_coherent', buf: 'tex' },
        { op: 'dma_alloc_coherent', dev: 'gpu0', size: '8K', as: 'tex2' },
      ],
    );
    const memo = createSceneMemo();
    const byId = (s: ReturnType<typeof sceneOf>, id: string) => s.buffers.find((b) => b.id === id);
    let last = memo(h.at(0));
    for (const k of [1, 2, 3, 4, 5, 4, 3, 1, 2, 5]) {
      const scene = memo(h.at(k));
      expect(scene).toEqual(sceneOf(h.at(k)));
      // frame (b2) keeps its object across steps that leave it alone, and changes with its mapping.
      const before = byId(last, 'b2');
      const now = byId(scene, 'b2');
      if (before && now) {
        if (JSON.stringify(before) === JSON.stringify(now)) expect(now).toBe(before);
        else expect(now).not.toBe(before);
      }
      last = scene;
    }
    // The same state again, even as a fresh copy: the very same scene.
    expect(memo(h.at(5))).toBe(last);
    expect(memo(cloneState(h.at(5)))).toBe(last);
  });
});

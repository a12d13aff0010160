// Seeded property tests of streaming DMA on every profile: random map/sync/unmap sequences never
// leak a swiotlb slot or an IOVA and never let a slot run cross a 128-slot segment; a correctly
// synced sequence never reads stale data, whatever the CPU speculates or evicts; and dma-debug
// reports every misuse injected into a correct sequence, at the step that made it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { step } from '../machine';
import type { MachineState } from '../state';
import { boot } from '../testkit';
import type { ArchName, MachineConfigInput, Op } from '../types';
import { IO_TLB_SEGSIZE } from './swiotlb';

const ARCHES: ArchName[] = ['x86_64', 'arm64', 'arm32', 'riscv64'];
const DIRS = ['DMA_TO_DEVICE', 'DMA_FROM_DEVICE', 'DMA_BIDIRECTIONAL'] as const;
const o = (op: string, args: Record<string, unknown> = {}): Op => ({ op, ...args }) as Op;

/** 32-bit masks on machines with RAM above 4 GiB make dma-direct bounce; 64-bit masks do not. */
function machine(arch: ArchName, iommu: boolean, coherent: boolean, maskBits = 32): MachineConfigInput {
  const big = arch !== 'arm32';
  return {
    arch,
    ramMiB: big ? 6144 : 1024,
    devices: [{ name: 'd', coherent, iommu, dmaMaskBits: maskBits }],
    ...(arch === 'arm32' || arch === 'riscv64' ? { swiotlbMiB: arch === 'arm32' ? 0 : 64 } : {}),
  };
}

/** Buffers every sequence starts with: pages and kmalloc objects that never share a cache line. */
const BUFFERS: Op[] = [
  o('alloc_pages', { order: 0, as: 'p0' }),
  o('alloc_pages', { order: 1, as: 'p1' }),
  o('kmalloc', { size: 64, as: 'k0' }),
  o('kmalloc', { size: 192, as: 'k1' }),
  o('kmalloc', { size: 2048, as: 'k2' }),
  o('kmalloc', { size: 128, as: 'k3' }),
];
const NAMES = ['p0', 'p1', 'k0', 'k1', 'k2', 'k3'];

function runAll(s0: MachineState, ops: readonly Op[], after?: (s: MachineState, i: number) => void) {
  let s = s0;
  const outs = ops.map((op, i) => {
    const out = step(s, op, i);
    s = out.state;
    after?.(s, i);
    return out;
  });
  return { s, outs };
}

function slotsInvariant(s: MachineState): void {
  for (const sp of s.swiotlb?.spans ?? [])
    expect(Math.floor(sp.start / IO_TLB_SEGSIZE)).toBe(Math.floor((sp.start + sp.size - 1) / IO_TLB_SEGSIZE));
}

type Cmd =
  | { k: 'map'; buf: number; dir: number; sg: boolean; skip: boolean }
  | { k: 'sync'; which: number; cpu: boolean }
  | { k: 'unmap'; which: number; skip: boolean };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({
    k: fc.constant('map' as const),
    buf: fc.nat(NAMES.length - 1),
    dir: fc.nat(2),
    sg: fc.boolean(),
    skip: fc.boolean(),
  }),
  fc.record({ k: fc.constant('sync' as const), which: fc.nat(), cpu: fc.boolean() }),
  fc.record({ k: fc.constant('unmap' as const), which: fc.nat(), skip: fc.boolean() }),
);

/** Turns abstract commands into ops over the live mappings, then unmaps whatever is left. */
function streamingOps(cmds: readonly Cmd[]): Op[] {
  const ops: Op[] = [...BUFFERS];
  const live: string[] = [];
  let n = 0;
  for (const c of cmds) {
    if (c.k === 'map') {
      const as = `m${n++}`;
      const dir = DIRS[c.dir]!;
      const attrs = c.skip ? ['DMA_ATTR_SKIP_CPU_SYNC'] : [];
      ops.push(
        c.sg
          ? o('dma_map_sg', {
              dev: 'd',
              bufs: [NAMES[c.buf]!, NAMES[(c.buf + 1) % NAMES.length]!],
              dir,
              attrs,
              as,
            })
          : o('dma_map_single', { dev: 'd', buf: NAMES[c.buf]!, dir, attrs, as }),
      );
      live.push(as);
    } else if (live.length > 0) {
      const map = live[c.which % live.length]!;
      if (c.k === 'sync')
        ops.push(o(c.cpu ? 'dma_sync_single_for_cpu' : 'dma_sync_single_for_device', { map }));
      else {
        ops.push(o('dma_unmap_single', { map, attrs: c.skip ? ['DMA_ATTR_SKIP_CPU_SYNC'] : [] }));
        live.splice(live.indexOf(map), 1);
      }
    }
  }
  for (const map of live) ops.push(o('dma_unmap_single', { map }));
  return ops;
}

describe('random streaming sequences never leak a swiotlb slot or an IOVA', () => {
  for (const arch of ARCHES)
    for (const iommu of [false, true])
      it(`${arch}${iommu ? ' behind an IOMMU' : ''} (seed 4242)`, () => {
        const initial = boot(machine(arch, iommu, arch === 'x86_64'));
        fc.assert(
          fc.property(fc.array(cmdArb, { maxLength: 30 }), (cmds) => {
            const { s } = runAll(initial, streamingOps(cmds), (st) => slotsInvariant(st));
            expect(s.swiotlb?.spans ?? []).toEqual([]);
            for (const dom of s.domains.values()) {
              expect(dom.spans).toEqual([]);
              expect(dom.ptes.size).toBe(0);
            }
            expect([...s.mappings.values()].filter((m) => m.live)).toEqual([]);
            expect(s.debug.cachelines.size).toBe(0);
          }),
          { seed: 4242, numRuns: 25 },
        );
      });
});

type Transfer = { buf: number; dir: number; v: number; spec: boolean; evict: number; viaSync: boolean };

const transferArb: fc.Arbitrary<Transfer> = fc.record({
  buf: fc.nat(NAMES.length - 1),
  dir: fc.nat(2),
  v: fc.integer({ min: 1, max: 1000 }),
  spec: fc.boolean(),
  evict: fc.nat(NAMES.length),
  viaSync: fc.boolean(),
});

/** One transfer done by the book (dma-api-howto.rst), with CPU speculation and evictions thrown in. */
function correctTransfer(t: Transfer, i: number): Op[] {
  const buf = NAMES[t.buf]!;
  const dir = DIRS[t.dir]!;
  const map = `t${i}`;
  const hazards: Op[] = [];
  if (t.spec) hazards.push(o('cpu_speculative_load', { via: buf }));
  if (t.evict < NAMES.length) hazards.push(o('cache_evict', { via: NAMES[t.evict]! }));
  const ops: Op[] = [];
  if (dir !== 'DMA_FROM_DEVICE') ops.push(o('cpu_write', { via: buf, value: t.v }));
  ops.push(o('dma_map_single', { dev: 'd', buf, dir, as: map }), o('dma_mapping_error', { map }), ...hazards);
  if (dir !== 'DMA_FROM_DEVICE') ops.push(o('device_read', { map, expect: t.v }));
  if (dir !== 'DMA_TO_DEVICE') {
    ops.push(o('device_write', { map, value: t.v + 1 }), ...hazards);
    if (t.viaSync) {
      ops.push(o('dma_sync_single_for_cpu', { map }), o('cpu_read', { via: buf, expect: t.v + 1 }));
      ops.push(o('dma_sync_single_for_device', { map }));
    }
  }
  ops.push(o('dma_unmap_single', { map }));
  if (dir !== 'DMA_TO_DEVICE') ops.push(o('cpu_read', { via: buf, expect: t.v + 1 }));
  return ops;
}

describe('a correctly synced sequence never reads stale data', () => {
  for (const arch of ARCHES)
    for (const [iommu, mask] of [
      [false, 32],
      [false, 64],
      [true, 32],
    ] as const)
      it(`${arch}${iommu ? ' behind an IOMMU' : ''}, ${mask}-bit mask, non-coherent where the arch allows (seed 1337)`, () => {
        const initial = boot(machine(arch, iommu, false, mask));
        fc.assert(
          fc.property(fc.array(transferArb, { minLength: 1, maxLength: 8 }), (ts) => {
            const ops = [...BUFFERS, ...ts.flatMap(correctTransfer)];
            const { outs } = runAll(initial, ops);
            outs.forEach((out, i) => {
              if (!out.result.ok) throw new Error(`step ${i} ${ops[i]!.op}: ${out.result.error.message}`);
              const v = out.result.value as { stale?: boolean; expectMet?: boolean };
              expect(v.stale ?? false).toBe(false);
              if (v.expectMet !== undefined) expect(v.expectMet).toBe(true);
            });
          }),
          { seed: 1337, numRuns: 20 },
        );
      });
});

const MISUSES = [
  { name: 'double unmap', text: 'tries to free DMA memory it has not allocated' },
  { name: 'unmap size', text: 'frees DMA memory with different size' },
  { name: 'unmap direction', text: 'frees DMA memory with different direction' },
  { name: 'unchecked', text: 'failed to check map error' },
  { name: 'sync outside', text: 'syncs DMA memory outside allocated range' },
  { name: 'sync direction', text: 'syncs DMA memory with different direction' },
  { name: 'unmap as sg', text: 'frees DMA memory with wrong function' },
  { name: 'leak at unbind', text: 'has pending DMA allocations while released from device' },
] as const;

describe('dma-debug reports every injected misuse', () => {
  for (const arch of ARCHES)
    it(`${arch} (seed 99)`, () => {
      const initial = boot(machine(arch, false, false));
      fc.assert(
        fc.property(
          fc.array(transferArb, { minLength: 1, maxLength: 4 }),
          fc.nat(MISUSES.length - 1),
          fc.nat(2),
          (ts, kind, dirIdx) => {
            const base = [...BUFFERS, ...ts.flatMap(correctTransfer)];
            expect(runAll(initial, base).s.debug.errors).toEqual([]);
            const misuse = MISUSES[kind]!;
            const dir = DIRS[dirIdx]!;
            const other = DIRS[(dirIdx + 1) % 3]!;
            const m = { dev: 'd', buf: 'p1', dir, as: 'x' };
            const inj: Op[] = [o('dma_map_single', m)];
            if (misuse.name !== 'unchecked') inj.push(o('dma_mapping_error', { map: 'x' }));
            const bad = {
              'double unmap': [o('dma_unmap_single', { map: 'x' }), o('dma_unmap_single', { map: 'x' })],
              'unmap size': [o('dma_unmap_single', { map: 'x', size: 4096 })],
              'unmap direction': [o('dma_unmap_single', { map: 'x', dir: other })],
              unchecked: [o('dma_unmap_single', { map: 'x' })],
              'sync outside': [o('dma_sync_single_for_cpu', { map: 'x', offset: 8000, size: 400 })],
              'sync direction': [
                o('dma_sync_single_for_device', {
                  map: 'x',
                  dir: dir === 'DMA_BIDIRECTIONAL' ? 'DMA_TO_DEVICE' : other,
                }),
              ],
              'unmap as sg': [o('dma_unmap_sg', { map: 'x' })],
              'leak at unbind': [o('driver_unbind', { dev: 'd' })],
            }[misuse.name];
            const ops = [...base, ...inj, ...bad];
            const errors = runAll(initial, ops).s.debug.errors;
            if (misuse.name === 'sync direction' && dir === 'DMA_BIDIRECTIONAL') {
              expect(errors).toEqual([]);
              return;
            }
            const hit = errors.find((e) => e.message.includes(misuse.text));
            expect(hit, `${misuse.name}: ${JSON.stringify(errors)}`).toBeDefined();
            expect(hit!.step).toBe(ops.length - 1);
            expect(hit!.message.startsWith('DMA-API: d d: ')).toBe(true);
          },
        ),
        { seed: 99, numRuns: 30 },
      );
    });
});

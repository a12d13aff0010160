// Property tests of model I (fast-check, seeded; the seed is in each test name): random
// operation sequences on every architecture with random devices. After every step the page map
// covers RAM exactly once, every mapping points at a live buffer's pages, vmalloc and pool
// accounting match the live buffers, IOVA ranges are naturally aligned; History agrees with the
// pure step(); History.at(k) equals a replay of the first k steps from scratch; and freeing
// everything returns the machine to its boot state.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARCH_NAMES } from './arch/profiles';
import { History } from './history';
import { step } from './machine';
import { freeBlocks } from './mm/buddy';
import { mergeRanges } from './mm/pages';
import { usedSize } from './mm/spans';
import type { MachineState } from './state';
import { boot, canon } from './testkit';
import type { ArchName, MachineConfigInput, Op, PfnRange } from './types';
import { metricsOf, pageRuns } from './views';

const SIZES = ['1', '4KiB', '8KiB', '20KiB', '64KiB', '132KiB', '1MiB', '2MiB', '3MiB'];
const ATTRS = [
  'DMA_ATTR_WRITE_COMBINE',
  'DMA_ATTR_NO_KERNEL_MAPPING',
  'DMA_ATTR_FORCE_CONTIGUOUS',
  'DMA_ATTR_ALLOC_SINGLE_PAGES',
  'DMA_ATTR_NO_WARN',
  'DMA_ATTR_PRIVILEGED',
  'DMA_ATTR_SKIP_CPU_SYNC',
  'DMA_ATTR_WEAK_ORDERING',
];
const ALLOC_FNS = [
  'dma_alloc_attrs',
  'dma_alloc_coherent',
  'dma_alloc_wc',
  'dma_alloc_pages',
  'dma_alloc_noncoherent',
];
const FREE_FOR: Record<string, string> = {
  dma_alloc_attrs: 'dma_free_attrs',
  dma_alloc_coherent: 'dma_free_coherent',
  dma_alloc_wc: 'dma_free_wc',
  dma_alloc_pages: 'dma_free_pages',
  dma_alloc_noncoherent: 'dma_free_noncoherent',
};

type Cmd =
  | { t: 'alloc'; dev: number; size: string; gfp: string; attrs: string[]; fn: string }
  | { t: 'free'; pick: number }
  | { t: 'mmap'; pick: number; half: boolean }
  | { t: 'munmap'; pick: number }
  | { t: 'fragment'; seed: number; percent: number };

const deviceArb = fc.record({
  coherent: fc.boolean(),
  iommu: fc.boolean(),
  dmaMaskBits: fc.constantFrom(32, 40, 64),
});

const machineArb = (arch: ArchName, big: boolean) =>
  fc
    .record({
      ramMiB:
        arch === 'arm32'
          ? fc.constantFrom(...(big ? [256, 512, 1024] : [256, 512]))
          : fc.constantFrom(...(big ? [256, 1024, 5120] : [256, 512])),
      noCma: fc.boolean(),
      devices: fc.array(deviceArb, { minLength: 1, maxLength: 3 }),
    })
    .map(
      (m): MachineConfigInput => ({
        arch,
        ramMiB: m.ramMiB,
        ...(m.noCma ? { cmaMiB: 0 } : {}),
        devices: m.devices.map((d, i) => ({ name: `d${i}`, ...d })),
        processes: ['app', 'viewer'],
      }),
    );

const cmdArb = (withFragment: boolean): fc.Arbitrary<Cmd> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        t: fc.constant('alloc' as const),
        dev: fc.nat(2),
        size: fc.constantFrom(...SIZES),
        gfp: fc.constantFrom('GFP_KERNEL', 'GFP_KERNEL', 'GFP_ATOMIC', 'GFP_KERNEL|__GFP_NOWARN'),
        attrs: fc.subarray(ATTRS, { maxLength: 2 }),
        fn: fc.constantFrom(...ALLOC_FNS),
      }),
    },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('free' as const), pick: fc.nat(50) }) },
    {
      weight: 2,
      arbitrary: fc.record({ t: fc.constant('mmap' as const), pick: fc.nat(50), half: fc.boolean() }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('munmap' as const), pick: fc.nat(50) }) },
    ...(withFragment
      ? [
          {
            weight: 1,
            arbitrary: fc.record({
              t: fc.constant('fragment' as const),
              seed: fc.nat(1000),
              percent: fc.integer({ min: 0, max: 60 }),
            }),
          },
        ]
      : []),
  );

/** Turns abstract commands into scenario ops against what is live, stepping the pure model. */
function realise(initial: MachineState, cmds: readonly Cmd[]): { ops: Op[]; states: MachineState[] } {
  const ops: Op[] = [];
  const states = [initial];
  const bufs: Array<{ name: string; fn: string; attrs: string[] }> = [];
  const vmas: string[] = [];
  let s = initial;
  cmds.forEach((c, i) => {
    let op: Op | null = null;
    if (c.t === 'alloc') {
      const devs = s.config.devices;
      const dev = devs[c.dev % devs.length]!.name;
      const isPages = c.fn === 'dma_alloc_pages' || c.fn === 'dma_alloc_noncoherent';
      const isWrapper = c.fn === 'dma_alloc_coherent' || c.fn === 'dma_alloc_wc';
      const attrs = isPages || isWrapper ? [] : c.attrs;
      op = { op: c.fn, dev, size: c.size, gfp: c.gfp, attrs, as: `b${i}` } as Op;
    } else if (c.t === 'free' && bufs.length > 0) {
      const b = bufs[c.pick % bufs.length]!;
      const wrapper = FREE_FOR[b.fn]!;
      op = { op: wrapper, buf: b.name, ...(wrapper === 'dma_free_attrs' ? { attrs: b.attrs } : {}) } as Op;
    } else if (c.t === 'mmap' && bufs.length > 0) {
      const b = bufs[c.pick % bufs.length]!;
      op = {
        op: 'dma_mmap_attrs',
        buf: b.name,
        process: c.half ? 'viewer' : 'app',
        ...(b.fn === 'dma_alloc_attrs' ? { attrs: b.attrs } : {}),
        ...(c.half ? { offset: 4096, length: 4096 } : {}),
        as: `v${i}`,
      } as Op;
    } else if (c.t === 'munmap' && vmas.length > 0) {
      op = { op: 'munmap', vma: vmas[c.pick % vmas.length]! };
    } else if (c.t === 'fragment') {
      op = { op: 'fragment_memory', seed: c.seed, percent: c.percent };
    }
    if (!op) return;
    const out = step(s, op, ops.length);
    ops.push(op);
    s = out.state;
    states.push(s);
    if (!out.result.ok) return;
    if (c.t === 'alloc')
      bufs.push({ name: `b${i}`, fn: op.op, attrs: (op as unknown as { attrs: string[] }).attrs });
    if (c.t === 'free')
      bufs.splice(
        bufs.findIndex((b) => b.name === (op as { buf: string }).buf),
        1,
      );
    if (c.t === 'mmap') vmas.push(`v${i}`);
    if (c.t === 'munmap') vmas.splice(vmas.indexOf((op as { vma: string }).vma), 1);
    // a freed buffer's VMAs are gone too
    for (let j = vmas.length - 1; j >= 0; j--) {
      const ref = s.names.get(vmas[j]!);
      if (!ref || !s.vmas.get(ref.id)?.live) vmas.splice(j, 1);
    }
  });
  return { ops, states };
}

/** r lies inside the buffer's pages (extents merged where physically consecutive, as sg tables do). */
const within = (r: PfnRange, outer: readonly PfnRange[]) =>
  mergeRanges([...outer].sort((a, b) => a.pfn - b.pfn)).some(
    (o) => r.pfn >= o.pfn && r.pfn + r.count <= o.pfn + o.count,
  );

/** The invariants every state must keep; returns the broken ones. */
function brokenInvariants(s: MachineState): string[] {
  const bad: string[] = [];
  // 1. pageRuns covers every RAM page exactly once.
  let cursor = s.ramStartPfn;
  for (const r of pageRuns(s)) {
    if (r.pfn !== cursor) {
      bad.push(
        `page map: ${r.pfn < cursor ? 'overlap' : 'gap'} at pfn ${Math.min(r.pfn, cursor)} (${r.kind} ${r.owner})`,
      );
      break;
    }
    cursor = r.pfn + r.count;
  }
  if (cursor !== s.ramEndPfn && bad.length === 0)
    bad.push(`page map ends at ${cursor}, RAM at ${s.ramEndPfn}`);
  const live = new Map([...s.buffers].filter(([, b]) => b.live));
  // 2. vmalloc spans belong to live buffers or pools, with N + 1 pages.
  let expectVm = 0;
  for (const b of live.values()) if (b.vmallocPage !== null) expectVm += b.pages + 1;
  for (const p of s.pools) if (p.vmallocPage !== null) expectVm += p.pages + 1;
  if (usedSize(s.vmalloc.spans) !== expectVm)
    bad.push(
      `vmalloc used ${usedSize(s.vmalloc.spans)} pages, live buffers and pools account for ${expectVm}`,
    );
  for (const sp of s.vmalloc.spans) {
    const b = live.get(sp.owner);
    const pool = s.pools.find((p) => p.name === sp.owner);
    if (!(b && b.vmallocPage === sp.start) && !(pool && pool.vmallocPage === sp.start))
      bad.push(`vmalloc span at ${sp.start} owned by ${sp.owner}, not a live buffer or pool`);
  }
  // 3. atomic pool accounting.
  for (const p of s.pools) {
    let n = 0;
    for (const b of live.values()) if (b.pool?.name === p.name) n += b.pool.pages;
    if (usedSize(p.spans) !== n)
      bad.push(`${p.name}: ${usedSize(p.spans)} pages used, live buffers hold ${n}`);
  }
  // 4. VMAs of processes point at live buffers' pages.
  for (const v of s.vmas.values()) {
    if (!v.live) continue;
    const b = live.get(v.buffer);
    if (!b) bad.push(`VMA ${v.id} maps freed buffer ${v.buffer}`);
    else if (!v.ranges.every((r) => within(r, b.extents))) bad.push(`VMA ${v.id} maps pages outside ${b.id}`);
    if (!s.processes.get(v.process)?.some((sp) => sp.owner === v.id))
      bad.push(`VMA ${v.id} missing from ${v.process}`);
  }
  // 5. IOMMU page tables and IOVA reservations belong to live buffers; dma-iommu IOVAs are size-aligned.
  for (const d of s.domains.values()) {
    for (const [iova, e] of d.ptes) {
      const b = live.get(e.owner);
      if (!b || b.iommu?.iovaPfn !== iova) bad.push(`IOMMU pte at ${iova} owned by ${e.owner}, not live`);
      else if (!e.ranges.every((r) => within(r, b.extents)))
        bad.push(`IOMMU pte of ${b.id} maps foreign pages`);
    }
    for (const sp of d.spans) {
      if (!live.get(sp.owner)?.iommu) bad.push(`IOVA span ${sp.start} owned by ${sp.owner}, not live`);
      if (s.profile.iommu.ops === 'dma-iommu') {
        let p2 = 1;
        while (p2 < sp.size) p2 *= 2;
        if (sp.start % p2 !== 0) bad.push(`IOVA ${sp.start}+${sp.size} not aligned to ${p2}`);
        if (sp.size < 32 && sp.size !== p2) bad.push(`IOVA length ${sp.size} not rounded to a power of two`);
      }
    }
  }
  // 6. arm32 linear-map rewrites belong to live CMA buffers or the atomic pool.
  for (const sp of s.linearRewrites) {
    if (sp.owner !== 'arm_atomic_pool' && !live.get(sp.owner)?.linearRewrite)
      bad.push(`linear rewrite at ${sp.start} owned by ${sp.owner}, not a live CMA buffer`);
  }
  return bad;
}

/** What "the machine as booted" means for the free-everything check. */
function restorable(s: MachineState) {
  return {
    // Freeing does not clean the CPU cache: lines of freed memory stay (model II data), as on hardware.
    metrics: {
      ...metricsOf(s),
      cacheCleanBytes: 0,
      cacheInvalidateBytes: 0,
      cacheFlushBytes: 0,
      cacheLines: 0,
      dirtyLines: 0,
    },
    zones: s.zones.map((z) => freeBlocks(z)),
    vmalloc: s.vmalloc.spans,
    cma: s.cma?.spans ?? null,
    pools: s.pools.map((p) => p.spans),
    domains: [...s.domains.values()].map((d) => ({ spans: d.spans, ptes: [...d.ptes] })),
    linearRewrites: s.linearRewrites,
    processes: [...s.processes],
  };
}

const SEED = 20261125;

describe.each(ARCH_NAMES.map((arch, i) => [arch, SEED + i] as const))('model I on %s', (arch, seed) => {
  it(`seed ${seed}: after every random op the invariants hold, History equals step() and History.at(k) equals replay from scratch`, () => {
    fc.assert(
      fc.property(
        machineArb(arch, false),
        fc.array(cmdArb(true), { minLength: 1, maxLength: 24 }),
        (cfg, cmds) => {
          const initial = boot(cfg);
          const { ops, states } = realise(initial, cmds);
          for (const [k, st] of states.entries()) {
            const bad = brokenInvariants(st);
            if (bad.length) throw new Error(`after step ${k - 1} (${ops[k - 1]?.op}): ${bad.join('; ')}`);
          }
          const h = new History(initial, 3);
          ops.forEach((op, i) => {
            const out = h.push(op);
            if (canon(out.state) !== canon(states[i + 1]!))
              throw new Error(`History.push differs from step() at ${i}`);
          });
          for (let k = states.length - 1; k >= 0; k -= 1 + (k % 3)) {
            if (canon(h.at(k)) !== canon(states[k]!)) throw new Error(`History.at(${k}) differs from replay`);
          }
        },
      ),
      { seed, numRuns: 25 },
    );
  }, 15_000);

  it(`seed ${seed + 100}: freeing every live buffer returns the machine to its boot state`, () => {
    fc.assert(
      fc.property(
        machineArb(arch, true),
        fc.array(cmdArb(false), { minLength: 1, maxLength: 24 }),
        (cfg, cmds) => {
          const initial = boot(cfg);
          expect(brokenInvariants(initial)).toEqual([]);
          const { ops, states } = realise(initial, cmds);
          let s = states[states.length - 1]!;
          let i = ops.length;
          for (const b of [...s.buffers.values()].filter((x) => x.live)) {
            const free = FREE_FOR[b.allocFn]!;
            const out = step(
              s,
              { op: free, buf: b.name!, ...(free === 'dma_free_attrs' ? { attrs: b.attrs } : {}) } as Op,
              i++,
            );
            if (!out.result.ok) throw new Error(`${free}(${b.name}) failed: ${out.result.error.message}`);
            s = out.state;
          }
          expect(restorable(s)).toEqual(restorable(initial));
        },
      ),
      { seed: seed + 100, numRuns: 60 },
    );
  }, 15_000);
});

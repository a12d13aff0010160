// Benchmark of model II (not a test): 100,000 random streaming steps with data (map/sync/unmap,
// CPU and device reads and writes, speculative loads and evictions) through History with
// keepEvents = false on a 16 GiB arm64 machine: a bouncing non-coherent device (32-bit mask),
// a non-coherent device behind an IOMMU and a coherent 64-bit device. Reports steps per second
// and the bytes of state History keeps per step; writes bench/results/stream.json.
// Run with `npx tsx bench/stream.bench.ts` (add `node --expose-gc` through NODE_OPTIONS for exact heap figures).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MachineState, Op } from '../src/model/index';
import { createMachine, History, metricsOf, mulberry32 } from '../src/model/index';

const DEVICES = [
  { name: 'nic0', coherent: false, iommu: false, dmaMaskBits: 32 },
  { name: 'gpu0', coherent: false, iommu: true, dmaMaskBits: 40 },
  { name: 'ssd0', coherent: true, iommu: false, dmaMaskBits: 64 },
];
const DIRS = ['DMA_TO_DEVICE', 'DMA_FROM_DEVICE', 'DMA_BIDIRECTIONAL'];
const KMALLOC = [32, 64, 96, 128, 256, 512, 1500, 2048, 4096];

function machine(): MachineState {
  const r = createMachine({ arch: 'arm64', ramMiB: 16 * 1024, devices: DEVICES });
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.state;
}

/** The driver's buffers, made once: kmalloc objects of several caches and some page blocks. */
function setup(h: History): string[] {
  const bufs: string[] = [];
  for (let i = 0; i < 48; i++) {
    const as = `k${i}`;
    h.push({ op: 'kmalloc', size: KMALLOC[i % KMALLOC.length]!, as } as Op);
    bufs.push(as);
  }
  for (let i = 0; i < 16; i++) {
    const as = `p${i}`;
    h.push({ op: 'alloc_pages', order: i % 3, as } as Op);
    bufs.push(as);
  }
  return bufs;
}

function drive(steps: number, seed: number) {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const h = new History(machine(), 32, false);
  const bufs = setup(h);
  const live: string[] = [];
  const free: string[] = [];
  let justMapped: string | null = null;
  let n = 0;
  let failed = 0;
  const codes = new Map<string, number>();
  let ms = 0;
  for (let i = 0; i < steps; i++) {
    const r = rand();
    let op: Op;
    let made: string | null = null;
    let unmapIdx = -1;
    if (justMapped) {
      op = { op: 'dma_mapping_error', map: justMapped } as Op;
    } else if (live.length > 0 && (r < 0.22 || live.length > 64)) {
      unmapIdx = Math.floor(rand() * live.length);
      op = { op: 'dma_unmap_single', map: live[unmapIdx]! } as Op;
    } else if (live.length > 0 && r < 0.42) {
      op = {
        op: rand() < 0.5 ? 'dma_sync_single_for_cpu' : 'dma_sync_single_for_device',
        map: pick(live),
      } as Op;
    } else if (live.length > 0 && r < 0.55) {
      op =
        rand() < 0.5
          ? ({ op: 'device_read', map: pick(live) } as Op)
          : ({ op: 'device_write', map: pick(live), value: i } as Op);
    } else if (r < 0.72) {
      op =
        rand() < 0.5
          ? ({ op: 'cpu_write', via: pick(bufs), value: i } as Op)
          : ({ op: 'cpu_read', via: pick(bufs) } as Op);
    } else if (r < 0.76) {
      op =
        rand() < 0.5
          ? ({ op: 'cpu_speculative_load', via: pick(bufs) } as Op)
          : ({ op: 'cache_evict', via: pick(bufs) } as Op);
    } else {
      // Names come from a pool of ring slots, reused once their mapping is gone, as a driver's are.
      made = free.pop() ?? `m${n++}`;
      op = {
        op: 'dma_map_single',
        dev: pick(DEVICES).name,
        buf: pick(bufs),
        dir: pick(DIRS),
        as: made,
      } as Op;
    }
    justMapped = null;
    const t0 = performance.now();
    const out = h.push(op);
    ms += performance.now() - t0;
    if (!out.result.ok) {
      failed++;
      codes.set(out.result.error.code, (codes.get(out.result.error.code) ?? 0) + 1);
    } else if (made) {
      live.push(made);
      justMapped = made;
    } else if (unmapIdx >= 0) {
      free.push(live[unmapIdx]!);
      live[unmapIdx] = live[live.length - 1]!;
      live.pop();
    }
    if (made && !out.result.ok) free.push(made);
  }
  return { h, ms, failed, codes };
}

const gc = (globalThis as { gc?: () => void }).gc;
const STEPS = Number(process.env.BENCH_STEPS ?? 100_000);

drive(5_000, 7); // warm-up: the JIT compiles the hot paths before anything is timed
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const cpu0 = process.cpuUsage();
const { h, ms, failed, codes } = drive(STEPS, 42);
const cpu = process.cpuUsage(cpu0);
gc?.();
const heapAfter = process.memoryUsage().heapUsed;
const last = h.at(h.length);
const m = metricsOf(last);
const stepsPerSecond = Math.round(STEPS / (ms / 1000));
// CPU time of the whole drive (setup and GC included): steadier than wall time on a busy machine.
const stepsPerCpuSecond = Math.round(STEPS / ((cpu.user + cpu.system) / 1e6));
const bytesPerStep = Math.round((heapAfter - heapBefore) / h.length);

const t0 = performance.now();
const rand = mulberry32(3);
for (let i = 0; i < 200; i++) h.at(Math.floor(rand() * h.length));
const atMs = (performance.now() - t0) / 200;

const results = {
  machine: 'arm64, 16 GiB, nic0 (non-coherent, 32-bit: bounces), gpu0 (non-coherent, IOMMU), ssd0 (coherent)',
  steps: STEPS,
  stepsPerSecond,
  stepsPerCpuSecond,
  bytesOfStatePerStep: bytesPerStep,
  heapMeasuredWithGc: gc !== undefined,
  failedSteps: failed,
  failedByCode: Object.fromEntries(codes),
  historyAtMsMean: Number(atMs.toFixed(3)),
  final: {
    liveMappings: m.liveMappings,
    swiotlbUsedSlots: m.swiotlbUsedSlots,
    cacheLines: m.cacheLines,
    dirtyLines: m.dirtyLines,
    memoryLines: last.memory.size,
    bounceCopyBytes: m.bounceCopyBytes,
    cacheCleanBytes: m.cacheCleanBytes,
    cacheInvalidateBytes: m.cacheInvalidateBytes,
    dmaDebugErrors: m.dmaDebugErrors,
  },
};

console.log('stream bench (model II)');
console.log(`  steps                 ${STEPS.toLocaleString('en')}`);
console.log(
  `  steps per second      ${stepsPerSecond.toLocaleString('en')}  (aim: 100,000; wall time in History.push)`,
);
console.log(
  `  steps per CPU second  ${stepsPerCpuSecond.toLocaleString('en')}  (process CPU time, GC included)`,
);
console.log(
  `  state bytes per step  ${bytesPerStep.toLocaleString('en')}${gc ? '' : '  (no --expose-gc: heap figure is approximate)'}`,
);
console.log(`  History.at(k) mean    ${atMs.toFixed(3)} ms`);
console.log(`  failed steps          ${failed} ${JSON.stringify(Object.fromEntries(codes))}`);
console.log(`  final                 ${JSON.stringify(results.final)}`);

const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'stream.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

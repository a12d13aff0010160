// Benchmark of model I (not a test): 100,000 random alloc/mmap/free steps through History on a
// 16 GiB arm64 machine with IOMMU and non-IOMMU devices; step throughput, peak memory, the cost
// of History.at(k) for random k, and whether cost per step grows with RAM (256 MiB vs 64 GiB).
// Prints a table and writes bench/results/model.json. Run with `npm run bench`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MachineConfigInput, MachineState, Op } from '../src/model/index';
import { createMachine, History, mulberry32 } from '../src/model/index';

const DEVICES = [
  { name: 'gpu0', coherent: false, iommu: true, dmaMaskBits: 40 },
  { name: 'vpu0', coherent: true, iommu: true, dmaMaskBits: 32 },
  { name: 'cam0', coherent: false, iommu: false, dmaMaskBits: 32 },
  { name: 'nic0', coherent: true, iommu: false, dmaMaskBits: 64 },
];
const SIZES = ['4KiB', '8KiB', '20KiB', '64KiB', '128KiB', '256KiB', '1MiB', '2MiB', '3MiB'];
const ATTRS = ['DMA_ATTR_WRITE_COMBINE', 'DMA_ATTR_NO_KERNEL_MAPPING', 'DMA_ATTR_FORCE_CONTIGUOUS'];

function machine(ramMiB: number): MachineState {
  const cfg: MachineConfigInput = { arch: 'arm64', ramMiB, devices: DEVICES, processes: ['app'] };
  const r = createMachine(cfg);
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.state;
}

/** Drives `steps` random operations through a History; returns it and the wall time spent in push. */
function drive(ramMiB: number, steps: number, seed: number, onSample?: () => void) {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const interval = process.env.BENCH_INTERVAL ? Number(process.env.BENCH_INTERVAL) : undefined;
  const h = new History(machine(ramMiB), interval, false);
  const live: string[] = [];
  const vmas: string[] = [];
  let n = 0;
  let failed = 0;
  let ms = 0;
  const errors = new Map<string, number>();
  for (let i = 0; i < steps; i++) {
    const r = rand();
    let op: Op;
    let made: { kind: 'buf' | 'vma'; name: string } | null = null;
    let removes: { list: string[]; idx: number } | null = null;
    if (live.length > 0 && (r < 0.3 || live.length > 256)) {
      const idx = Math.floor(rand() * live.length);
      op = { op: 'dma_free_attrs', buf: live[idx]! };
      removes = { list: live, idx };
    } else if (vmas.length > 0 && r < 0.4) {
      const idx = Math.floor(rand() * vmas.length);
      op = { op: 'munmap', vma: vmas[idx]! };
      removes = { list: vmas, idx };
    } else if (live.length > 0 && r < 0.55) {
      const name = `v${n++}`;
      op = { op: 'dma_mmap_attrs', buf: pick(live), process: 'app', as: name };
      made = { kind: 'vma', name };
    } else {
      const name = `b${n++}`;
      const attrs = rand() < 0.25 ? [pick(ATTRS)] : [];
      op = {
        op: 'dma_alloc_attrs',
        dev: pick(DEVICES).name,
        size: pick(SIZES),
        gfp: rand() < 0.2 ? 'GFP_ATOMIC' : 'GFP_KERNEL',
        attrs,
        as: name,
      };
      made = { kind: 'buf', name };
    }
    const t0 = performance.now();
    const out = h.push(op);
    ms += performance.now() - t0;
    if (!out.result.ok) failed++;
    else if (made) (made.kind === 'buf' ? live : vmas).push(made.name);
    else if (removes) {
      removes.list[removes.idx] = removes.list[removes.list.length - 1]!;
      removes.list.pop();
    }
    // A freed buffer's VMAs are unmapped by the model; forget names that no longer resolve.
    if (op.op === 'dma_free_attrs' && out.result.ok) {
      const st = out.state;
      for (let j = vmas.length - 1; j >= 0; j--) {
        const ref = st.names.get(vmas[j]!);
        if (!ref || !st.vmas.get(ref.id)?.live) {
          vmas[j] = vmas[vmas.length - 1]!;
          vmas.pop();
        }
      }
    }
    if (!out.result.ok) errors.set(out.result.error.code, (errors.get(out.result.error.code) ?? 0) + 1);
    if (onSample && i % 1000 === 0) onSample();
  }
  return { h, ms, failed, errors };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
}

const STEPS = Number(process.env.BENCH_STEPS ?? 100_000);
let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};

// Warm-up so the JIT has compiled the hot paths before anything is timed.
drive(16 * 1024, 5_000, 99);

/** The main run and the jumps, in a function so that its History can be collected before the scale runs. */
function mainRun() {
  const cpu0 = process.cpuUsage();
  const main = drive(16 * 1024, STEPS, 1, sample);
  const cpu = process.cpuUsage(cpu0);
  sample();
  const jrand = mulberry32(2);
  const jumps: number[] = [];
  for (let i = 0; i < Number(process.env.BENCH_JUMPS ?? 200); i++) {
    const k = Math.floor(jrand() * (main.h.length + 1));
    const t0 = performance.now();
    main.h.at(k);
    jumps.push(performance.now() - t0);
  }
  sample();
  return {
    ms: main.ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    failed: main.failed,
    errors: main.errors,
    jumps,
  };
}
const main = mainRun();
const stepsPerSec = STEPS / (main.ms / 1000);
const jumps = main.jumps;

const SCALE_STEPS = Math.min(STEPS, 30_000);
const small = drive(256, SCALE_STEPS, 3);
const large = drive(64 * 1024, SCALE_STEPS, 3);
const usSmall = (small.ms * 1000) / SCALE_STEPS;
const usLarge = (large.ms * 1000) / SCALE_STEPS;

const results = {
  machine: 'arm64, 16 GiB, devices gpu0 (iommu, non-coherent), vpu0 (iommu, coherent), cam0, nic0',
  steps: STEPS,
  failedSteps: main.failed,
  stepsPerSecond: Math.round(stepsPerSec),
  /** CPU time of the whole main run (driver and GC threads included): less sensitive to other load. */
  stepsPerCpuSecond: Math.round(STEPS / (main.cpuMs / 1000)),
  loadAverage1m: +loadavg()[0]!.toFixed(2),
  peakRssMiB: +(peakRss / 2 ** 20).toFixed(1),
  peakHeapUsedMiB: +(peakHeap / 2 ** 20).toFixed(1),
  jumpMedianMs: +quantile(jumps, 0.5).toFixed(3),
  jumpP95Ms: +quantile(jumps, 0.95).toFixed(3),
  usPerStep256MiB: +usSmall.toFixed(2),
  usPerStep64GiB: +usLarge.toFixed(2),
  ratio64GiBTo256MiB: +(usLarge / usSmall).toFixed(2),
  failedSteps256MiB: small.failed,
  failedSteps64GiB: large.failed,
};

const aims: Array<[string, string, string, boolean]> = [
  ['steps per second', String(results.stepsPerSecond), '>= 100000', results.stepsPerSecond >= 100_000],
  ['steps per CPU second', String(results.stepsPerCpuSecond), '(report)', true],
  ['load average (1 min)', String(results.loadAverage1m), '(report)', true],
  ['peak RSS (MiB)', String(results.peakRssMiB), '(report)', true],
  ['peak heapUsed (MiB)', String(results.peakHeapUsedMiB), '(report)', true],
  ['History.at(k) median (ms)', String(results.jumpMedianMs), '< 20', results.jumpMedianMs < 20],
  ['History.at(k) p95 (ms)', String(results.jumpP95Ms), '< 20', results.jumpP95Ms < 20],
  ['us/step 256 MiB', String(results.usPerStep256MiB), '(report)', true],
  ['us/step 64 GiB', String(results.usPerStep64GiB), '(report)', true],
  ['ratio 64 GiB / 256 MiB', String(results.ratio64GiBTo256MiB), '< 2', results.ratio64GiBTo256MiB < 2],
];
console.log(
  `model bench: ${STEPS} steps (${main.failed} failed as the kernel would: ${[...main.errors].map(([c, n]) => `${n} ${c}`).join(', ')}), ${results.machine}`,
);
console.log(`${'figure'.padEnd(28)}${'value'.padStart(12)}  ${'aim'.padEnd(10)} met`);
for (const [name, value, aim, ok] of aims)
  console.log(`${name.padEnd(28)}${value.padStart(12)}  ${aim.padEnd(10)} ${ok ? 'yes' : 'NO'}`);

const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'model.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${out}`);

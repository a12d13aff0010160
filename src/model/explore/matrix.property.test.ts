// The matrix rows agree with single runs of the same calls, on random machines of every
// architecture. Each row is re-run here with step() and read through bufferView/metricsOf, not
// through the matrix's own event tallies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMachine, step } from '../machine';
import type { ArchName, DmaAttr } from '../types';
import { bufferView, metricsOf } from '../views';
import type { MatrixCall } from './matrix';
import { attributeMatrix } from './matrix';

const SEED = 20261124;

const machineArb = fc
  .record({
    arch: fc.constantFrom<ArchName>('x86_64', 'arm64', 'arm32', 'riscv64'),
    ramMiB: fc.constantFrom(256, 512, 1024, 2048, 4096, 6144),
    cmaMiB: fc.constantFrom(0, 4, 16, 64),
    coherent: fc.boolean(),
    iommu: fc.boolean(),
    dmaMaskBits: fc.constantFrom(24, 30, 32, 40, 64),
    call: fc.constantFrom<MatrixCall>('dma_alloc_attrs', 'dma_alloc_coherent', 'dma_alloc_wc'),
    size: fc.constantFrom<number | string>('4KiB', 3000, '64KiB', '1MiB', '2MiB'),
  })
  .map((m) => ({ ...m, ramMiB: m.arch === 'arm32' ? Math.min(m.ramMiB, 2048) : m.ramMiB }));

const cacheBytes = (s: Parameters<typeof metricsOf>[0]) => {
  const m = metricsOf(s);
  return m.cacheCleanBytes + m.cacheInvalidateBytes + m.cacheFlushBytes;
};

describe('attribute matrix vs single runs', () => {
  it(`every row equals a fresh single run of its call (fast-check seed ${SEED})`, () => {
    let okRows = 0;
    let failedRows = 0;
    fc.assert(
      fc.property(machineArb, (p) => {
        const r = attributeMatrix({
          machine: { arch: p.arch, ramMiB: p.ramMiB, cmaMiB: p.cmaMiB },
          dev: { name: 'd', coherent: p.coherent, iommu: p.iommu, dmaMaskBits: p.dmaMaskBits },
          call: p.call,
          size: p.size,
        });
        const boot = createMachine({
          arch: p.arch,
          ramMiB: p.ramMiB,
          cmaMiB: p.cmaMiB,
          devices: [{ name: 'd', coherent: p.coherent, iommu: p.iommu, dmaMaskBits: p.dmaMaskBits }],
        });
        expect(r.ok).toBe(boot.ok);
        if (!r.ok || !boot.ok) return;
        const m = r.matrix;
        expect(m.rows.length).toBe((p.call === 'dma_alloc_attrs' ? 128 : 1) * 2);
        for (const row of m.rows) {
          const attrs = p.call === 'dma_alloc_attrs' ? { attrs: row.attrs as DmaAttr[] } : {};
          const alloc = step(boot.state, {
            op: p.call,
            dev: 'd',
            size: p.size,
            gfp: row.gfp!,
            ...attrs,
            as: 'x',
          });
          const o = row.outcome;
          expect(o.ok, row.id).toBe(alloc.result.ok);
          if (!alloc.result.ok) {
            expect(o.error?.code).toBe(alloc.result.error.code);
            expect(o.error?.message).toBe(alloc.result.error.message);
            failedRows++;
            continue;
          }
          const rec = alloc.state.buffers.get(alloc.result.value.buffer as string)!;
          const b = bufferView(alloc.state, rec);
          expect(o.kernelMapping, row.id).toBe(b.cpuAddr.kind);
          expect(o.kernelMemtype, row.id).toBe(b.cpuAddr.memtype);
          expect(o.vmallocBytes, row.id).toBe(
            metricsOf(alloc.state).vmallocUsedBytes - metricsOf(boot.state).vmallocUsedBytes,
          );
          expect(o.physContiguous, row.id).toBe(b.physContiguous);
          expect(o.iovaBytes, row.id).toBe(b.iommu?.size ?? 0);
          expect(o.pages, row.id).toBe(b.pagesHeld);
          expect(o.pagesFrom[b.source as keyof typeof o.pagesFrom], row.id).toBeGreaterThan(0);
          expect(o.cacheBytesAtAlloc, row.id).toBe(cacheBytes(alloc.state) - cacheBytes(boot.state));
          expect(o.cacheBytesPerTransfer).toBe(0);
          expect(o.zeroed, row.id).toBe(b.zeroed);
          const mmapOp = p.call.replace('alloc', 'mmap');
          const mm = step(alloc.state, { op: mmapOp, buf: 'x', process: 'app', ...attrs });
          const user = mm.result.ok
            ? bufferView(mm.state, mm.state.buffers.get(rec.id)!).userMappings[0]
            : null;
          expect(o.userMemtype, row.id).toBe(user?.memtype ?? null);
          // The row's own ops replay to the same state on the stage.
          const replay = createMachine(m.machine);
          if (!replay.ok) throw new Error(replay.problems.join('; '));
          let state = replay.state;
          for (const op of row.ops) state = step(state, op).state;
          expect(metricsOf(state)).toEqual(metricsOf(mm.state));
          okRows++;
        }
      }),
      { seed: SEED, numRuns: 30 },
    );
    // Both kinds of rows were compared (a property over no rows cannot fail).
    expect(okRows).toBeGreaterThan(100);
    expect(failedRows).toBeGreaterThan(0);
  }, 20000);
});

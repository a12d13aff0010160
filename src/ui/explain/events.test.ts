import { describe, expect, it } from 'vitest';
import { createMachine, History, KERNEL_FUNCTIONS, runScenario } from '../../model';
import { SCENARIOS } from '../../scenarios';
import { callStackAt, explainEvent, explainStep, foldCalls, isModelOp } from './events';

function run() {
  const m = createMachine({ arch: 'arm64', devices: [{ name: 'cam0', coherent: false }] });
  if (!m.ok) throw new Error('boot');
  const h = new History(m.state);
  h.push({ op: 'dma_alloc_attrs', dev: 'cam0', size: '2MiB', gfp: 'GFP_KERNEL', as: 'f' });
  return { h, record: h.record(0), ctx: { pageSize: 4096, arch: 'arm64', record: h.record(0) } };
}

describe('explanations', () => {
  it('explain every event of a remapped allocation, naming its kernel function and source', () => {
    const { record, ctx } = run();
    for (const e of record.events) {
      const x = explainEvent(e, ctx);
      expect(x.headline.length).toBeGreaterThan(3);
      expect(x.fn).toBe(e.fn);
      expect(x.sourceUrl).toBe(`https://elixir.bootlin.com/linux/v6.12/C/ident/${e.fn}`);
    }
  });

  it('say why the vmalloc PTEs are non-cacheable', () => {
    const { record, ctx } = run();
    const pte = record.events.find((e) => e.type === 'ptesWritten');
    if (!pte) throw new Error('no ptesWritten');
    const x = explainEvent(pte, ctx);
    expect(x.rule).toMatch(/non-coherent device: dma_pgprot\(\) gives pgprot_dmacoherent/);
    expect(x.body).toMatch(/second kernel alias/);
  });

  it('give the call path at an event, innermost last', () => {
    const { record } = run();
    const i = record.events.findIndex((e) => e.type === 'vmallocReserved');
    expect(callStackAt(record.events, i).slice(0, 3)).toEqual([
      'dma_alloc_attrs',
      'dma_direct_alloc',
      'dma_common_contiguous_remap',
    ]);
  });

  it('fold repeated calls and summarise a failed step with its errno', () => {
    expect(foldCalls(['a', 'b', 'b', 'b', 'c'])).toEqual([
      { fn: 'a', count: 1 },
      { fn: 'b', count: 3 },
      { fn: 'c', count: 1 },
    ]);
    const { h } = run();
    h.push({ op: 'dma_alloc_attrs', dev: 'cam0', size: '64MiB', gfp: 'GFP_ATOMIC', as: 'g' });
    expect(explainStep(h.record(1)).headline).toBe('dma_alloc_attrs g failed: ENOMEM');
  });

  it('fall back gracefully for a function the reference does not know', () => {
    const x = explainEvent(
      { type: 'bufferCreated', buffer: 'b1', fn: 'no_such_fn' },
      { pageSize: 4096, arch: 'arm64', record: null },
    );
    expect(x.file).toBeNull();
    expect(x.fnSummary).toBeNull();
  });

  it('explain every event of every guided scenario in its own words, naming a described function', () => {
    const generic: string[] = [];
    const undescribed = new Set<string>();
    for (const g of SCENARIOS) {
      const r = runScenario(g.scenario);
      if (!r.ok) throw new Error(g.slug);
      const arch = g.scenario.machine.arch ?? 'arm64';
      for (const st of r.steps) {
        const record = r.history.record(st.index);
        for (const e of st.events) {
          const x = explainEvent(e, { pageSize: 4096, arch: String(arch), record });
          if (x.body === `Event ${e.type} in ${e.fn}.`) generic.push(`${g.slug}: ${e.type}`);
          if (!x.fnSummary) undescribed.add(e.fn);
          if (isModelOp(e.fn)) expect(x.sourceUrl).toBeNull();
        }
        for (const fn of st.calls) if (!KERNEL_FUNCTIONS[fn] && !isModelOp(fn)) undescribed.add(fn);
      }
    }
    expect(generic).toEqual([]);
    expect([...undescribed]).toEqual([]);
  });

  it('flag a stale read and name the sync it missed', () => {
    const read = {
      type: 'memoryRead',
      by: 'cpu',
      via: 'rx',
      memtype: 'cached',
      phys: '0x1000',
      bytes: 64,
      value: 7,
      stale: true,
      fn: 'cpu_read',
    } as const;
    const x = explainEvent(read, { pageSize: 4096, arch: 'arm64', record: null });
    expect(x.headline).toMatch(/Stale/);
    expect(x.body).toMatch(/dma_sync_single_for_cpu/);
    expect(x.sourceUrl).toBeNull();
  });

  it('describe cache maintenance in the words of the machine architecture', () => {
    const e = {
      type: 'cacheMaintained',
      op: 'clean',
      bytes: 4096,
      alias: 'linear',
      fn: 'x',
    } as unknown as Parameters<typeof explainEvent>[0];
    expect(explainEvent(e, { pageSize: 4096, arch: 'arm32', record: null }).body).toMatch(
      /ARM32 has no arch_dma_prep_coherent/,
    );
    expect(explainEvent(e, { pageSize: 4096, arch: 'arm64', record: null }).body).toMatch(/dcache_clean_poc/);
  });
});

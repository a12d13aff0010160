import { describe, expect, it } from 'vitest';
import { createMachine, History } from '../../model';
import { callStackAt, explainEvent, explainStep, foldCalls } from './events';

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
});

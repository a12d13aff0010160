import { describe, expect, it } from 'vitest';
import { createMachine, knownOps } from '../../model';
import {
  type ComposeContext,
  compose,
  composeContextOf,
  DEFAULT_FORM,
  type DriverForm,
  sizeC,
  suggestName,
} from './compose';
import { availableOps, OP_DESCRIPTORS } from './opTable';

function machineCtx(): ComposeContext {
  const m = createMachine({ arch: 'arm64', devices: [{ name: 'cam0', coherent: false }] });
  if (!m.ok) throw new Error('boot');
  return composeContextOf(m.state);
}

const form = (patch: Partial<DriverForm>): DriverForm => ({
  ...DEFAULT_FORM,
  dev: 'cam0',
  process: 'app',
  ...patch,
});

describe('the C line', () => {
  it('writes SZ_ constants for exact powers of two and multiples otherwise', () => {
    expect(sizeC(2 * 1024 * 1024)).toBe('SZ_2M');
    expect(sizeC(4096)).toBe('SZ_4K');
    expect(sizeC(1 << 30)).toBe('SZ_1G');
    expect(sizeC(3 * 1024 * 1024)).toBe('3 * SZ_1M');
    expect(sizeC(12288)).toBe('3 * SZ_4K');
    expect(sizeC(1000)).toBe('1000');
  });

  it('shows dma_alloc_attrs with its gfp and attributes', () => {
    const r = compose(
      form({ size: '2M', as: 'frame0', attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'] }),
      machineCtx(),
    );
    expect(r.cLine).toBe(
      'frame0 = dma_alloc_attrs(cam0, SZ_2M, &frame0_dma, GFP_KERNEL, DMA_ATTR_NO_KERNEL_MAPPING);',
    );
    expect(r.ok && r.op).toEqual({
      op: 'dma_alloc_attrs',
      dev: 'cam0',
      size: '2M',
      gfp: 'GFP_KERNEL',
      attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'],
      as: 'frame0',
    });
  });

  it('shows a wrapper with the attributes it passes', () => {
    const r = compose(form({ op: 'dma_alloc_wc', as: 'w', gfpMods: ['__GFP_NOWARN'] }), machineCtx());
    expect(r.cLine).toBe(
      'w = dma_alloc_wc(cam0, SZ_2M, &w_dma, GFP_KERNEL | __GFP_NOWARN);  /* → dma_alloc_attrs(…, DMA_ATTR_WRITE_COMBINE | DMA_ATTR_NO_WARN) */',
    );
    expect(r.ok && 'attrs' in r.op).toBe(false);
  });
});

describe('input is refused inline with the reason', () => {
  const ctx = machineCtx();
  it.each([
    ['0', /size 0/],
    ['1e30', /not a size/],
    ['lots', /not a size/],
    ['', /required/],
  ])('size %j', (size, why) => {
    const r = compose(form({ size, as: 'b' }), ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.find((p) => p.field === 'size')?.message).toMatch(why);
  });

  it('a free needs a buffer', () => {
    const r = compose(form({ op: 'dma_free_attrs', buf: '' }), ctx);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toEqual({ field: 'buf', message: 'choose a buffer (allocate one first)' });
  });

  it('a name must be a C identifier not in use', () => {
    const bad = compose(form({ as: '2x' }), ctx);
    expect(!bad.ok && bad.problems[0]?.field).toBe('as');
  });

  it('suggests the first free name', () => {
    expect(suggestName('buf', new Set(['buf0', 'buf1']))).toBe('buf2');
  });
});

describe('the function list', () => {
  it('offers every op the model knows, and only those', () => {
    const known = knownOps();
    const names = availableOps(known).map((d) => d.name);
    expect(new Set(names)).toEqual(new Set(known));
  });

  it('describes every model I and model II operation by name', () => {
    const described = new Set(OP_DESCRIPTORS.map((d) => d.name));
    for (const k of knownOps()) if (k !== 'dma_get_sgtable') expect(described.has(k), k).toBe(true);
  });
});

describe('model II calls composed in the panel run in the model', () => {
  it('kmalloc, dma_map_single, cpu_write via the buffer, dma_map_sg of two buffers', async () => {
    const { History } = await import('../../model');
    const m = createMachine({ arch: 'arm64', devices: [{ name: 'cam0', coherent: false }] });
    if (!m.ok) throw new Error('boot');
    const h = new History(m.state);
    const ctxNow = () => composeContextOf(h.at(h.length));
    const steps: Partial<DriverForm>[] = [
      { op: 'kmalloc', size: '4K', as: 'k0' },
      { op: 'kmalloc', size: '4K', as: 'k1' },
      { op: 'dma_map_single', buf: 'k0', dir: 'DMA_TO_DEVICE', as: 'm0' },
      { op: 'cpu_write', via: 'k1', value: '0x5a' },
      { op: 'dma_map_sg', bufs: 'k0, k1', dir: 'DMA_FROM_DEVICE', as: 'sg0' },
      { op: 'dma_unmap_single', map: 'm0' },
    ];
    for (const patch of steps) {
      const c = compose(form(patch), ctxNow());
      expect(c.ok, JSON.stringify(c)).toBe(true);
      if (!c.ok) return;
      const out = h.push(c.op);
      expect(out.result.ok, `${patch.op}: ${JSON.stringify(out.result)}`).toBe(true);
    }
  });
});

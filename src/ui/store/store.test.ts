import { describe, expect, it } from 'vitest';
import { createDmavizStore } from './store';

describe('the store wraps the model', () => {
  it('runs a call, shows its events one by one, and steps back instantly', () => {
    const store = createDmavizStore({ arch: 'arm64', devices: [{ name: 'cam0', coherent: false }] });
    const r = store.getState().runOp({ op: 'dma_alloc_attrs', dev: 'cam0', size: '1MiB', as: 'f' });
    expect(r.ok).toBe(true);
    let s = store.getState();
    expect(s.cursor).toBe(1);
    expect(s.eventIndex).toBe(0);
    const vmallocAfter = [...s.machine.vmalloc.spans];
    s.nextEvent();
    expect(store.getState().eventIndex).toBe(1);
    s = store.getState();
    s.prevCall();
    s = store.getState();
    expect(s.cursor).toBe(0);
    expect(s.machine.vmalloc.spans.length).toBeLessThan(vmallocAfter.length);
  });

  it('running a call after stepping back discards the later steps', () => {
    const store = createDmavizStore({ arch: 'x86_64', devices: [{ name: 'nic0' }] });
    const { runOp } = store.getState();
    runOp({ op: 'dma_alloc_coherent', dev: 'nic0', size: 4096, as: 'a' });
    runOp({ op: 'dma_alloc_coherent', dev: 'nic0', size: 4096, as: 'b' });
    store.getState().jumpTo(1);
    store.getState().runOp({ op: 'dma_free_coherent', buf: 'a' });
    expect(store.getState().history.length).toBe(2);
    expect(store.getState().history.record(1).op.op).toBe('dma_free_coherent');
  });
});

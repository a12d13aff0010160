import { describe, expect, it } from 'vitest';
import { createDmavizStore } from '../store/store';
import { CORRUPT_KEY, persistStore, readSession, restoreInto, SESSION_KEY } from './session';

function memoryStorage(init: Record<string, string> = {}): Storage {
  const m = new Map(Object.entries(init));
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => {
      m.delete(k);
    },
    setItem: (k, v) => {
      m.set(k, String(v));
    },
  };
}

describe('the session is saved and restored', () => {
  it('round-trips machine, steps, cursor, title and theme', () => {
    const storage = memoryStorage();
    const a = createDmavizStore({ arch: 'x86_64', devices: [{ name: 'nic0' }] });
    const stop = persistStore(a, storage, 0);
    a.getState().runOp({ op: 'dma_alloc_coherent', dev: 'nic0', size: 4096, as: 'x' });
    a.getState().runOp({ op: 'dma_alloc_coherent', dev: 'nic0', size: 8192, as: 'y' });
    a.getState().setTheme('dark');
    a.getState().setTitle('Lecture 3');
    a.getState().jumpTo(1);
    stop();
    const b = createDmavizStore();
    restoreInto(b, storage);
    const s = b.getState();
    expect(s.history.length).toBe(2);
    expect(s.cursor).toBe(1);
    expect(s.theme).toBe('dark');
    expect(s.title).toBe('Lecture 3');
    expect(s.machine.config.arch).toBe('x86_64');
  });

  it.each([
    ['not JSON', '{oops'],
    ['wrong shape', JSON.stringify({ version: 1, ops: 'many' })],
    [
      'bad cursor',
      JSON.stringify({
        version: 1,
        machineInput: {},
        ops: [],
        narration: {},
        cursor: -3,
        title: '',
        theme: 'light',
      }),
    ],
  ])('sets corrupt data aside and says so (%s)', (_, text) => {
    const storage = memoryStorage({ [SESSION_KEY]: text });
    const store = createDmavizStore();
    restoreInto(store, storage);
    expect(store.getState().notice).toMatch(/could not be read/);
    expect(storage.getItem(CORRUPT_KEY)).toBe(text);
    expect(storage.getItem(SESSION_KEY)).toBeNull();
    expect(store.getState().history.length).toBe(0);
  });

  it('sets aside a well-formed session whose machine the model refuses', () => {
    const text = JSON.stringify({
      version: 1,
      machineInput: { arch: 'vax' },
      ops: [],
      narration: {},
      cursor: 0,
      title: 't',
      theme: 'light',
    });
    const storage = memoryStorage({ [SESSION_KEY]: text });
    const store = createDmavizStore();
    restoreInto(store, storage);
    expect(store.getState().notice).toMatch(/not valid/);
    expect(storage.getItem(CORRUPT_KEY)).not.toBeNull();
  });

  it('reports nothing when nothing was saved', () => {
    expect(readSession(memoryStorage())).toEqual({ kind: 'none' });
  });
});

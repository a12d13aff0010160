import { describe, expect, it } from 'vitest';
import type { Op } from '../../model';
import { createDmavizStore } from '../store/store';
import { captionOf, describeOp, nextStepOf, positionOf } from './caption';
import { commandOfKey, readMessage } from './channel';
import { pageViewOf } from './urlFlags';

describe('presenter keys', () => {
  it('map to the store actions, clicker keys included', () => {
    const k = (key: string, shiftKey = false) => commandOfKey({ key, shiftKey });
    expect([k('ArrowRight'), k('ArrowRight', true), k(' '), k('PageDown')]).toEqual([
      'nextEvent',
      'nextCall',
      'nextEvent',
      'nextEvent',
    ]);
    expect([k('ArrowLeft'), k('ArrowLeft', true), k('PageUp'), k('Home'), k('End')]).toEqual([
      'prevEvent',
      'prevCall',
      'prevEvent',
      'first',
      'last',
    ]);
    expect(k('a')).toBeNull();
  });
});

describe('speaker channel messages', () => {
  it('accepts only our commands', () => {
    expect(readMessage({ type: 'cmd', cmd: 'nextCall' })).toEqual({ type: 'cmd', cmd: 'nextCall' });
    expect(readMessage({ type: 'cmd', cmd: 'runOp' })).toBeNull();
    expect(readMessage({ type: 'hello' })).toEqual({ type: 'hello' });
    expect(readMessage('hello')).toBeNull();
    expect(readMessage(null)).toBeNull();
  });
});

describe('captions', () => {
  const ops: Op[] = [
    {
      op: 'dma_alloc_attrs',
      dev: 'cam0',
      size: '1MiB',
      gfp: 'GFP_KERNEL',
      attrs: ['DMA_ATTR_WRITE_COMBINE'],
      as: 'a',
      say: 'One.',
    },
    { op: 'dma_free_attrs', buf: 'a', attrs: ['DMA_ATTR_WRITE_COMBINE'] },
  ];

  it('show the narration, else what the step did, and the next call as C reads it', () => {
    const store = createDmavizStore();
    store.getState().loadSession({ arch: 'arm64', ramMiB: 1024, devices: [{ name: 'cam0' }] }, ops, 'T', 0);
    const s = () => store.getState();
    expect(captionOf(s())).toMatch(/^The machine as booted\. 2 calls follow/);
    expect(positionOf(s())).toBe('booted · 2 steps');
    expect(nextStepOf(s())).toEqual({
      call: 'dma_alloc_attrs(cam0, 1MiB, GFP_KERNEL, WRITE_COMBINE) → a',
      notes: 'One.',
    });
    s().jumpTo(1);
    expect(captionOf(s())).toBe('One.');
    s().jumpTo(2);
    expect(captionOf(s())).toMatch(/^dma_free_attrs succeeded\./);
    expect(positionOf(s())).toBe('step 2 of 2');
    expect(nextStepOf(s())).toBeNull();
  });

  it('write an empty attribute list as 0', () => {
    expect(describeOp({ op: 'dma_alloc_attrs', dev: 'x', size: 4096, attrs: [] })).toBe(
      'dma_alloc_attrs(x, 4096, 0)',
    );
  });
});

describe('page views', () => {
  it('come from the URL flags', () => {
    expect(pageViewOf('')).toEqual({ kind: 'app' });
    expect(pageViewOf('?embed=1')).toEqual({ kind: 'embed' });
    expect(pageViewOf('?view=speaker&ch=abc')).toEqual({ kind: 'speaker', channel: 'abc' });
  });
});

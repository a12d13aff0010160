import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { createDmavizStore } from './store/store';

describe('App', () => {
  it('names the tool in its heading and mounts every panel without a contained failure', () => {
    const store = createDmavizStore();
    store.getState().runOp({ op: 'dma_alloc_attrs', dev: 'cam0', size: '1MiB', as: 'f' });
    store.getState().select('b1');
    render(<App store={store} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('dmaviz');
    for (const name of ['Driver', 'Explanation', 'Metrics', 'Buffer'])
      expect(screen.getByRole('region', { name })).toBeTruthy();
    expect(screen.getByRole('meter', { name: 'vmalloc' }).getAttribute('aria-valuenow')).not.toBe('0');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

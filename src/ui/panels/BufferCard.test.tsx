import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../App';
import { workloadChoice } from '../matrix/workloadChoice';
import { createDmavizStore } from '../store/store';

afterEach(cleanup);

function setup() {
  const store = createDmavizStore({ arch: 'arm64', devices: [{ name: 'cam0', coherent: false }] });
  store.getState().runOp({ op: 'dma_alloc_attrs', dev: 'cam0', size: '64KiB', gfp: 'GFP_KERNEL', as: 'fb' });
  store.getState().last();
  const id = store.getState().machine.names.get('fb');
  if (id?.kind !== 'buffer') throw new Error('no fb');
  store.getState().select(id.id);
  render(<App store={store} />);
  return screen.getByRole('article', { name: 'Buffer fb' });
}

describe('the buffer card', () => {
  it('names each field by its term, so a field is reached by role and by label', () => {
    const card = setup();
    expect(within(card).getByRole('group', { name: 'DMA address' }).textContent).toMatch(/^0x[0-9a-f]+$/);
    expect(within(card).getByRole('group', { name: 'CPU address' }).textContent).toMatch(
      /^0xffff8000.* vmalloc/,
    );
    expect(within(card).getByLabelText('Memory type').textContent).toMatch(/non-cacheable|uncached/i);
    expect(within(card).getByLabelText('Linear alias').textContent).toMatch(/cached/);
  });

  it('shows the illustrative cost of the page-wide workload for the selected buffer', () => {
    workloadChoice.getState().setWorkload('frame60');
    const card = setup();
    const badge = within(card).getByRole('status', { name: 'Estimated cost of the workload on fb' });
    expect(badge.textContent).toMatch(/^Illustrative/);
    expect(badge.textContent).toContain('frame60');
  });
});

import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DmavizProvider } from '../store/context';
import { createDmavizStore } from '../store/store';
import { CompareView } from './CompareView';

afterEach(cleanup);

function setup() {
  const main = createDmavizStore();
  render(
    <DmavizProvider store={main}>
      <CompareView workloadId="frame60" />
    </DmavizProvider>,
  );
  const view = screen.getByRole('region', { name: 'Compare two machines' });
  const strip = within(view).getByRole('region', { name: 'Differences at this step' });
  return { main, view, strip };
}

const cellsOf = (strip: HTMLElement, label: string) =>
  within(within(strip).getByRole('rowheader', { name: label }).closest('tr') as HTMLElement)
    .getAllByRole('cell')
    .map((c) => c.textContent);

describe('compare mode', () => {
  it('runs the example on x86_64 and arm32 and names what differs after the last step', () => {
    const { strip, view } = setup();
    // Each stage sits in its own shadow root, so its SVG ids do not collide with the other's.
    const hosts = [...view.querySelectorAll('.compare-stage')];
    expect(hosts).toHaveLength(2);
    for (const h of hosts)
      expect(h.shadowRoot?.querySelector('[aria-label="Stage: address spaces and mappings"]')).not.toBeNull();
    expect(within(strip).getByRole('heading').textContent).toBe('5 differences after step 2 of 2');
    expect(cellsOf(strip, 'buf: kernel mapping')).toEqual(['linear · cached', 'vmalloc · write-combine']);
    expect(
      within(view).getAllByRole('status', { name: /Estimated cost of the workload on buf/ }),
    ).toHaveLength(2);
  });

  it('steps both machines with one set of controls, and leaves the main session alone', () => {
    const { main, strip, view } = setup();
    fireEvent.click(within(view).getByRole('button', { name: 'Boot' }));
    expect(within(strip).getByRole('heading').textContent).toBe('No difference at boot');
    fireEvent.click(within(view).getByRole('button', { name: /^1 dma_alloc_coherent/ }));
    expect(within(view).getByText('Step 1 of 2')).toBeTruthy();
    expect(cellsOf(strip, 'vmalloc spent')[0]).toBe('0 B');
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(within(view).getByText('Step 2 of 2')).toBeTruthy();
    expect(main.getState().history.length).toBe(0);
  });

  it('re-runs on the machine the user picks for a side', () => {
    const { strip, view } = setup();
    const right = within(view).getByRole('region', { name: 'Right machine' });
    fireEvent.change(within(right).getByLabelText('Arch'), { target: { value: 'x86_64' } });
    fireEvent.change(within(right).getByLabelText('Coherent'), { target: { value: 'on' } });
    // Still 1 GiB with a 16 MiB CMA area: the buffer comes from CMA there.
    expect(cellsOf(strip, 'buf: pages from')).toEqual(['buddy', 'cma']);
    fireEvent.change(within(right).getByLabelText('RAM'), { target: { value: '4096' } });
    fireEvent.change(within(right).getByLabelText('CMA'), { target: { value: '0' } });
    expect(within(strip).getByRole('heading').textContent).toBe('No difference after step 2 of 2');
  });
});

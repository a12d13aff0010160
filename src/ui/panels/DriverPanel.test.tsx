import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../App';
import { createDmavizStore } from '../store/store';

afterEach(cleanup);

function setup() {
  const store = createDmavizStore({ arch: 'arm64', devices: [{ name: 'cam0', coherent: false }] });
  render(<App store={store} />);
  const driver = screen.getByRole('region', { name: 'Driver' });
  return { store, driver };
}

describe('the driver panel', () => {
  it('refuses a size that is not a size, inline, before running', () => {
    const { store, driver } = setup();
    fireEvent.change(within(driver).getByLabelText('Size'), { target: { value: '1e30' } });
    expect(within(driver).getByText(/"1e30" is not a size/)).toBeTruthy();
    expect((within(driver).getByRole('button', { name: /Run/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(store.getState().history.length).toBe(0);
  });

  it('runs the call shown in the C line and reports a kernel failure as the result', () => {
    const { store, driver } = setup();
    fireEvent.change(within(driver).getByLabelText('Size'), { target: { value: '64M' } });
    fireEvent.change(within(driver).getByLabelText('GFP base'), { target: { value: 'GFP_ATOMIC' } });
    expect(
      within(driver).getByText(/buf0 = dma_alloc_attrs\(cam0, SZ_64M, &buf0_dma, GFP_ATOMIC, 0\);/),
    ).toBeTruthy();
    fireEvent.click(within(driver).getByRole('button', { name: /Run/ }));
    expect(store.getState().history.length).toBe(1);
    const result = screen.getByRole('region', { name: 'Result' });
    expect(within(result).getByText('-ENOMEM')).toBeTruthy();
  });

  it('suggests the next name after a successful allocation and offers the buffer to free', () => {
    const { store, driver } = setup();
    fireEvent.click(within(driver).getByRole('button', { name: /Run/ }));
    expect(store.getState().history.record(0).result.ok).toBe(true);
    expect((within(driver).getByLabelText('Name the result (as)') as HTMLInputElement).value).toBe('buf1');
    fireEvent.change(within(driver).getByLabelText('Function'), { target: { value: 'dma_free_attrs' } });
    expect((within(driver).getByLabelText('Buffer') as HTMLSelectElement).value).toBe('buf0');
    expect(within(driver).getByText('dma_free_attrs(cam0, SZ_2M, buf0, buf0_dma, 0);')).toBeTruthy();
  });
});

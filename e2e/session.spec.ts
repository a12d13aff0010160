import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app';

test.describe('never lost, never blank', () => {
  test('a reload finds the work restored', async ({ page }) => {
    const app = new AppPage(page);
    await app.goto();
    await app.compose({ fn: 'dma_alloc_attrs', dev: 'cam0', size: '1M', as: 'kept' });
    await app.run();
    await app.compose({ as: 'kept2' });
    await app.run();
    await app.button('Previous call').click();
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect.poll(async () => (await app.state()).cursor).toBe(1);
    await page.reload();
    await page.waitForFunction(() => window.__dmaviz !== undefined);
    await expect.poll(async () => (await app.state()).historyLength).toBe(2);
    expect((await app.state()).cursor).toBe(1);
    await expect(app.chip(2)).toContainText('kept2');
    await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByText(/Restored your session: 2 steps/)).toBeVisible();
  });

  test('corrupt saved state is reported and set aside, and the app is not blank', async ({ page }) => {
    await page.addInitScript(() => {
      if (!sessionStorage.getItem('corrupted')) {
        localStorage.setItem('dmaviz.session.v1', '{"version":1,"ops":[{"op":');
        sessionStorage.setItem('corrupted', '1');
      }
    });
    const app = new AppPage(page);
    await app.goto({ fresh: false });
    await expect(page.getByText(/could not be read/)).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem('dmaviz.session.corrupt'))).toContain('"ops"');
    await expect(app.driver).toBeVisible();
    await expect(app.metrics).toBeVisible();
    await app.compose({ fn: 'dma_alloc_attrs', dev: 'cam0', size: '4K', as: 'fine' });
    await app.run();
    await expect(app.result()).toContainText('buffer');
  });

  test('the machine editor starts a new machine and says so', async ({ page }) => {
    const app = new AppPage(page);
    await app.goto();
    await app.compose({ fn: 'dma_alloc_attrs', dev: 'cam0', size: '4K', as: 'old' });
    await app.run();
    await page.getByRole('button', { name: 'Machine…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Machine' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Architecture').selectOption('x86_64');
    await dialog.getByLabel('RAM (MiB)').fill('10');
    await expect(dialog.getByRole('list', { name: 'Problems' })).toContainText('machine.ramMiB');
    await expect(dialog.getByRole('button', { name: 'Start new machine' })).toBeDisabled();
    await dialog.getByLabel('RAM (MiB)').fill('8192');
    await dialog.getByRole('button', { name: 'Add device' }).click();
    await dialog.getByLabel('Device 4 name').fill('ssd0');
    await dialog.getByRole('button', { name: 'Remove device cam0' }).click();
    await dialog.getByRole('button', { name: 'Start new machine' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(/A new x86_64 machine was started/)).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('x86_64 · 8 GiB · 3 devices');
    expect((await app.state()).historyLength).toBe(0);
  });
});

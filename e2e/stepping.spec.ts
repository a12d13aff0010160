import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app';

test.describe('stepping through calls', () => {
  test('events and calls step back and forth by keyboard and buttons; the timeline selects a buffer', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.goto();
    await app.compose({ fn: 'dma_alloc_attrs', dev: 'cam0', size: '1M', as: 'a' });
    await app.run();
    await app.pause();
    await app.compose({ as: 'b' });
    await app.run();
    await app.pause();

    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('End');
    await expect.poll(async () => (await app.state()).eventIndex).toBeNull();
    await expect(app.button('Last')).toBeDisabled();
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(async () => (await app.state()).cursor).toBe(1);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await app.state()).eventIndex).toBe(0);
    await expect(app.explanation).toContainText('event 1 of');
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await app.state()).eventIndex).toBe(1);
    await expect(app.explanation.getByRole('navigation', { name: 'Call path' })).toContainText(
      'dma_alloc_attrs',
    );
    await expect(app.explanation.getByRole('link').first()).toHaveAttribute(
      'href',
      /elixir\.bootlin\.com\/linux\/v6\.12/,
    );
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await app.state()).eventIndex).toBe(0);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await app.state()).cursor).toBe(0);
    await page.keyboard.press('End');
    await expect.poll(async () => (await app.state()).cursor).toBe(2);

    await app.button('Previous call').click();
    await expect.poll(async () => (await app.state()).cursor).toBe(1);
    await app.button('Next event').click();
    await expect.poll(async () => (await app.state()).cursor).toBe(2);
    await app.button('First (boot)').click();
    await expect.poll(async () => (await app.state()).cursor).toBe(0);

    await app.chip(1).click();
    await expect.poll(async () => (await app.state()).selection).toBe('b1');
    await expect(app.card.getByRole('article', { name: 'Buffer a' })).toBeVisible();
    await expect(app.card).toContainText('0x');
    await expect(app.card).toContainText('write-combine');

    await app.card.getByLabel('Live buffers').selectOption({ label: 'a · cam0 · coherent' });
    await expect(app.card.getByRole('article', { name: 'Buffer a' })).toBeVisible();
  });

  test('play runs the events of a call to the end, and space pauses', async ({ page }) => {
    const app = new AppPage(page);
    await app.goto();
    await app.compose({ fn: 'dma_alloc_coherent', dev: 'nic0', size: '4K', as: 'n' });
    await app.run();
    await app.controls.getByLabel('Speed').selectOption('32');
    await expect.poll(async () => (await app.state()).eventIndex, { timeout: 10_000 }).toBeNull();
    await app.button('First (boot)').click();
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('Space');
    await expect(app.button('Pause')).toBeVisible();
    await page.keyboard.press('Space');
    await expect(app.button('Play')).toBeVisible();
  });
});

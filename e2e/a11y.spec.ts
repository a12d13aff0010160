import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app';

/** Serious and critical violations; `skip` excludes regions another spec is responsible for. */
async function seriousViolations(page: import('@playwright/test').Page, skip: string[] = []) {
  let b = new AxeBuilder({ page });
  for (const sel of skip) b = b.exclude(sel);
  const r = await b.analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const theme of ['light', 'dark'] as const) {
  test(`no serious or critical axe violations, ${theme} theme, with a session on show`, async ({ page }) => {
    const app = new AppPage(page);
    await app.goto();
    if (theme === 'dark') await page.getByRole('button', { name: 'Dark theme' }).click();
    await app.compose({ fn: 'dma_alloc_attrs', dev: 'cam0', size: '2M', as: 'frame' });
    await app.run();
    await app.pause();
    await app.chip(1).click();
    await app.button('Previous event').click();
    expect(await seriousViolations(page, ['.stage-marks'])).toEqual([]);
  });
}

for (const [w, h] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test(`screens at ${w}x${h}: nothing overflows the window`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    const app = new AppPage(page);
    await app.goto();
    await app.compose({
      fn: 'dma_alloc_attrs',
      dev: 'cam0',
      size: '2M',
      as: 'frame0',
      attrs: ['NO_KERNEL_MAPPING'],
    });
    await app.run();
    await app.driver.getByRole('checkbox', { name: 'NO_KERNEL_MAPPING', exact: true }).uncheck();
    await app.compose({ dev: 'gpu0', size: '1M', as: 'tex' });
    await app.run();
    await app.compose({ dev: 'cam0', size: '64M', gfp: 'GFP_ATOMIC', as: 'big' });
    await app.run();
    await app.pause();
    await app.chip(2).click();
    await app.button('Next event').click();
    await app.button('Next event').click();
    await page.screenshot({ path: `test-results/screens/app-${w}x${h}.png` });
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.screenshot({ path: `test-results/screens/app-dark-${w}x${h}.png` });
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }));
    expect(overflow).toEqual({ x: 0, y: 0 });
    await page.getByRole('button', { name: 'Machine…' }).click();
    await page.screenshot({ path: `test-results/screens/machine-${w}x${h}.png` });
  });
}

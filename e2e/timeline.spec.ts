// A long session's timeline (more than 200 calls) renders only the chips near its view: an old
// chip is reached by scrolling, by the scrubber and by Tab, and the current chip stays whole.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, test } from '@playwright/test';
import type { Op } from '../src/model';
import { AppPage } from './pages/app';

const CALLS = 400;

/** Every seventh call asks for 1 GiB of a 2 GiB machine: it fails with ENOMEM. */
function ops(): Op[] {
  return Array.from({ length: CALLS }, (_, i) =>
    i % 7 === 2
      ? { op: 'dma_alloc_coherent', dev: 'cam0', size: '1G', as: `huge${i + 1}` }
      : { op: 'dma_alloc_coherent', dev: 'cam0', size: '4K', as: `b${i + 1}` },
  );
}

/** The chip is drawn whole inside the timeline's box. */
async function expectWhole(timeline: Locator, chip: Locator): Promise<void> {
  await expect(chip).toBeVisible();
  await expect
    .poll(async () => {
      const [t, c] = await Promise.all([timeline.boundingBox(), chip.boundingBox()]);
      return !!t && !!c && c.x >= t.x - 1 && c.x + c.width <= t.x + t.width + 1;
    })
    .toBe(true);
}

test('a long timeline: old chips are scrolled to, scrubbed to, clicked and tabbed through', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  const ok = await page.evaluate(
    (o) =>
      window.__dmaviz!.loadSession(
        { arch: 'arm64', ramMiB: 2048, cmaMiB: 64, devices: [{ name: 'cam0', coherent: false }] },
        o,
      ).ok,
    ops(),
  );
  expect(ok).toBe(true);
  const chips = app.timeline.getByRole('listitem');

  // At the end: the last chip is current and whole; the list still counts every chip.
  await expect(app.chip(CALLS)).toHaveAttribute('aria-current', 'step');
  await expectWhole(app.timeline, app.chip(CALLS));
  expect(await chips.count()).toBeLessThan(60);
  await expect(chips.last()).toHaveAttribute('aria-setsize', String(CALLS + 1));
  await expect(chips.last()).toHaveAttribute('aria-posinset', String(CALLS + 1));

  // Scrolled back to the start: the old chips show, with their labels and marks; a click jumps there.
  await app.timeline.evaluate((el) => {
    el.scrollLeft = 0;
  });
  await expect(app.timeline.getByRole('button', { name: 'boot' })).toBeVisible();
  await expect(app.chip(3)).toHaveAccessibleName('Step 3: dma_alloc_coherent huge3, failed ENOMEM');
  await expect(app.chip(3)).toContainText('✗ ENOMEM');
  await app.chip(4).click();
  await expect.poll(async () => (await app.state()).cursor).toBe(4);
  await expect(app.chip(4)).toHaveAttribute('aria-current', 'step');
  await expect(app.controls.getByLabel('Position')).toContainText('Step 4 of 400');

  // The scrubber far along: that chip is rendered, current and brought whole into view.
  await page.getByLabel('Timeline position').fill('250');
  await expect.poll(async () => (await app.state()).cursor).toBe(250);
  await expect(app.chip(250)).toHaveAttribute('aria-current', 'step');
  await expectWhole(app.timeline, app.chip(250));

  // Tab and Shift+Tab go chip by chip past the view; the focused chip scrolls into view.
  await app.chip(250).focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('Tab');
  await expect(app.chip(270)).toBeFocused();
  await expectWhole(app.timeline, app.chip(270));
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Tab');
  await expect(app.chip(265)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await app.state()).cursor).toBe(265);

  // The list's structure, its items' places and their contrast (future chips in view), in both themes.
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') await page.getByRole('button', { name: 'Dark theme' }).click();
    const axe = await new AxeBuilder({ page }).include('.timeline').analyze();
    expect(
      axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  }
});

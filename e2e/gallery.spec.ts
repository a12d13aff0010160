import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openFresh, position, SCENARIO_DIR, scenarioJson } from './share-helpers';

test('a first visit shows the gallery; opening a scenario loads it and steps through it', async ({
  page,
}) => {
  await openFresh(page, { firstVisit: true });
  const gallery = page.getByRole('region', { name: 'Scenario gallery' });
  await expect(gallery).toBeVisible();
  // The scenarios the index lists (src/scenarios/index.ts: entry('slug', ...)).
  const files = [...readFileSync(`${SCENARIO_DIR}/index.ts`, 'utf8').matchAll(/entry\(\s*'([^']+)'/g)].map(
    (m) => m[1],
  );
  expect(files.length).toBeGreaterThan(0);
  const cards = gallery.getByRole('button', { name: /^Open scenario: / });
  await expect(cards).toHaveCount(files.length);
  await expect(gallery.getByRole('button', { name: 'Open a blank machine' })).toBeVisible();
  // Every thumbnail is drawn (an SVG image of the final state).
  const drawn = await gallery
    .locator('img.dv-thumb')
    .evaluateAll((imgs) =>
      imgs.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0),
    );
  expect(drawn).toEqual(files.map(() => true));
  await page.screenshot({ path: 'test-results/screens/gallery-1280x720.png' });

  const sc = scenarioJson('v4l2-no-kernel-mapping');
  await gallery.getByRole('button', { name: `Open scenario: ${sc.title}` }).click();
  await expect(gallery).toBeHidden();
  await expect(page.getByRole('region', { name: /^Stage/ })).toBeVisible();
  expect(await position(page)).toEqual({ cursor: 0, eventIndex: null, steps: sc.steps.length });
  // The tour greets a first-time user; it can be skipped and stays dismissed.
  const tour = page.getByRole('dialog', { name: 'Tour of the stage' });
  await expect(tour).toBeVisible();
  await tour.getByRole('button', { name: 'Skip the tour' }).click();
  await expect(tour).toBeHidden();
  expect(await page.evaluate(() => localStorage.getItem('dmaviz.tour.done'))).toBe('1');

  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  expect(await position(page)).toMatchObject({ cursor: 2 });
});

test('the blank machine closes the gallery onto an empty session', async ({ page }) => {
  await openFresh(page, { firstVisit: true });
  await page.getByRole('button', { name: 'Open a blank machine' }).click();
  await expect(page.getByRole('region', { name: 'Scenario gallery' })).toBeHidden();
  await expect(page.getByRole('region', { name: 'Driver' })).toBeVisible();
  expect(await position(page)).toEqual({ cursor: 0, eventIndex: null, steps: 0 });
});

test('the tour walks the stage and the glossary explains terms with kernel links', async ({ page }) => {
  await openFresh(page);
  await page.getByRole('button', { name: 'Tour' }).click();
  const tour = page.getByRole('dialog', { name: 'Tour of the stage' });
  await expect(tour.getByRole('heading', { name: 'The stage' })).toBeVisible();
  await expect(page.locator('.dv-tour-highlight')).toBeVisible();
  // The second step outlines the physical RAM lane itself.
  await tour.getByRole('button', { name: 'Next' }).click();
  await expect(tour.getByRole('heading', { name: 'Physical RAM' })).toBeVisible();
  const lane = await page.locator('#root [data-lane="phys"]').first().boundingBox();
  const outline = await page.locator('.dv-tour-highlight').boundingBox();
  expect(Math.abs(outline!.x + 4 - lane!.x)).toBeLessThan(2);
  expect(Math.abs(outline!.width - 8 - lane!.width)).toBeLessThan(2);
  for (let i = 0; i < 3; i++) await tour.getByRole('button', { name: 'Next' }).click();
  await tour.getByRole('button', { name: 'Done' }).click();
  await expect(tour).toBeHidden();

  await page.getByRole('button', { name: 'Glossary' }).click();
  const glossary = page.getByRole('dialog', { name: 'Glossary' });
  await glossary.getByLabel('Find a term').fill('IOVA');
  await expect(glossary.locator('dt').first()).toHaveText('IOVA');
  await glossary.getByLabel('Find a term').fill('swiotlb');
  await expect(glossary.getByRole('link', { name: 'DMA and swiotlb' }).first()).toHaveAttribute(
    'href',
    'https://docs.kernel.org/core-api/swiotlb.html',
  );
  await glossary.getByRole('button', { name: 'Close' }).click();
  await expect(glossary).toBeHidden();
});

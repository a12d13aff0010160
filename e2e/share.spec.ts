import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import LZString from 'lz-string';

const { compressToEncodedURIComponent, decompressFromEncodedURIComponent } = LZString;

import { openFresh, openScenario, position, scenarioJson } from './share-helpers';

const SLUG = 'iommu-stitching';

async function copyLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Copy link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Link to this view' });
  const url = await dialog.getByRole('textbox', { name: 'Permalink' }).inputValue();
  await dialog.getByRole('button', { name: 'Close' }).click();
  return url;
}

test('a copied link opens the same session at the same position in a new page', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const sc = scenarioJson(SLUG);
  await openFresh(page);
  await openScenario(page, sc.title);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const here = await position(page);
  expect(here).toMatchObject({ cursor: 2, eventIndex: 1 });
  const url = await copyLink(page);
  expect(url).toMatch(/#s=[A-Za-z0-9+\-$]+$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

  const other = await context.newPage();
  await other.goto(url);
  await expect(other.locator('.session-title')).toHaveText(sc.title);
  expect(await position(other)).toEqual(here);
  // The link is consumed: the address bar no longer carries it.
  await expect.poll(() => new URL(other.url()).hash).toBe('');
});

test('a tampered link shows what is wrong, runs nothing and leaves a usable empty machine', async ({
  page,
}) => {
  const sc = scenarioJson(SLUG);
  const payload = {
    v: 1,
    scenario: { ...sc, steps: [{ op: '<script>alert(1)</script>' }, ...sc.steps] },
    cursor: 99,
    event: null,
  };
  const hash = `#s=${compressToEncodedURIComponent(JSON.stringify(payload))}`;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => errors.push(`unexpected dialog: ${d.message()}`));
  await openFresh(page, { path: `./${hash}` });
  const dialog = page.getByRole('dialog', { name: 'This link is broken' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('listitem').first()).toContainText('steps[0].op: unknown operation');
  expect(await position(page)).toEqual({ cursor: 0, eventIndex: null, steps: 0 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('region', { name: 'Driver' })).toBeVisible();
  await expect(page.locator('.session-title')).toHaveText('Blank machine');

  // A link cut short gets a message too, and the app still works afterwards.
  await page.goto(`./#s=${hash.slice(3, 40)}`);
  await expect(page.getByRole('dialog', { name: 'This link is broken' })).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Scenarios' }).click();
  await page.getByRole('button', { name: `Open scenario: ${sc.title}` }).click();
  expect(await position(page)).toMatchObject({ steps: sc.steps.length });
  expect(errors).toEqual([]);
});

test('a scenario file opens from the file picker', async ({ page }) => {
  const sc = scenarioJson('alsa-wc-ring');
  await openFresh(page);
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import…' }).click(),
  ]);
  await chooser.setFiles({
    name: 'ring.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(sc)),
  });
  await expect(page.locator('.session-title')).toHaveText(sc.title);
  expect(await position(page)).toEqual({ cursor: 0, eventIndex: null, steps: sc.steps.length });
});

test('an invalid file dropped on the window lists every problem and changes nothing', async ({ page }) => {
  await openFresh(page);
  const bad = JSON.stringify({
    format: 'dmaviz-scenario/1',
    title: 'Broken',
    machine: { arch: 'vax' },
    steps: [
      { op: 'dma_alloc_atrs', dev: 'cam0', size: 'lots' },
      { op: 'dma_free_attrs', attrs: ['DMA_ATTR_NON_CONSISTENT'] },
    ],
  });
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'broken.json', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bad);
  const dialog = page.getByRole('dialog', { name: 'This scenario file cannot be opened' });
  await expect(dialog).toBeVisible();
  const problems = dialog.getByRole('list', { name: 'Problems' }).getByRole('listitem');
  await expect(problems.filter({ hasText: 'machine.arch' })).toHaveCount(1);
  await expect(problems.filter({ hasText: 'did you mean "dma_alloc_attrs"' })).toHaveCount(1);
  await expect(problems.filter({ hasText: 'steps[0].size' })).toHaveCount(1);
  await expect(problems.filter({ hasText: 'removed in v5.10' })).toHaveCount(1);
  expect(await problems.count()).toBeGreaterThanOrEqual(4);
  await expect(dialog).toContainText('broken.json');
  expect(await position(page)).toEqual({ cursor: 0, eventIndex: null, steps: 0 });
});

test('the recorder exports the calls with typed narration as a file that re-imports', async ({ page }) => {
  const sc = scenarioJson(SLUG);
  await openFresh(page);
  await openScenario(page, sc.title);
  await page.getByRole('button', { name: 'Recorder' }).click();
  const rec = page.getByRole('dialog', { name: /Recorder/ });
  await expect(rec.getByRole('listitem')).toHaveCount(sc.steps.length);
  await rec.getByLabel('Narration for step 2').fill('Typed during the talk.');
  await rec.getByLabel('Title').fill('My IOMMU talk');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    rec.getByRole('button', { name: 'Export as scenario file' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('my-iommu-talk.dmaviz.json');
  const text = readFileSync((await download.path())!, 'utf8');
  const file = JSON.parse(text);
  expect(file.format).toBe('dmaviz-scenario/1');
  expect(file.steps[1].say).toBe('Typed during the talk.');
  expect(file.steps.map((s: { op: string }) => s.op)).toEqual(sc.steps.map((s) => (s as { op: string }).op));
  await rec.getByRole('button', { name: 'Close' }).click();

  const again = await page.context().newPage();
  await openFresh(again);
  const [chooser] = await Promise.all([
    again.waitForEvent('filechooser'),
    again.getByRole('button', { name: 'Import…' }).click(),
  ]);
  await chooser.setFiles({ name: 'talk.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(again.locator('.session-title')).toHaveText('My IOMMU talk');
  expect(await position(again)).toMatchObject({ steps: sc.steps.length });
  await again.getByRole('button', { name: 'Recorder' }).click();
  await expect(again.getByLabel('Narration for step 2')).toHaveValue('Typed during the talk.');
});

test('the view exports as an SVG figure and a 2x PNG, with caption and legend, in the theme', async ({
  page,
}) => {
  const sc = scenarioJson(SLUG);
  await openFresh(page);
  await openScenario(page, sc.title);
  await page.keyboard.press('Shift+ArrowRight');
  await page.getByText('Export', { exact: true }).click();
  const [svgDl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Figure as SVG' }).click(),
  ]);
  expect(svgDl.suggestedFilename()).toMatch(/-step1\.svg$/);
  const svg = readFileSync((await svgDl.path())!, 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain(sc.title.replace(/&/g, '&amp;'));
  expect(svg).toContain('write-combine (Normal non-cacheable)');
  expect(svg).toContain('step 1 of');
  const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
  const height = Number(/height="(\d+)"/.exec(svg)?.[1]);
  // The figure parses as SVG in the browser and draws the stage's layers.
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: !!doc.querySelector('parsererror'),
      layers: doc.querySelectorAll('g.stage > svg, g.stage > image').length,
    };
  }, svg);
  expect(parsed).toEqual({ error: false, layers: expect.any(Number) });
  expect(parsed.layers).toBeGreaterThan(0);
  expect(svg).toContain('fill="#ffffff"');

  await page.getByText('Export', { exact: true }).click();
  const [pngDl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Figure as PNG (2x)' }).click(),
  ]);
  const png = readFileSync((await pngDl.path())!);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.readUInt32BE(16)).toBe(width * 2);
  expect(png.readUInt32BE(20)).toBe(height * 2);

  // Dark theme: the figure follows.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.getByText('Export', { exact: true }).click();
  const [darkDl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Figure as SVG' }).click(),
  ]);
  expect(readFileSync((await darkDl.path())!, 'utf8')).toContain('fill="#15181d"');
});

// lz-string is the permalinks' codec; keep the tests' use of it honest.
test('permalink payloads are lz-string encoded JSON', async ({ page }) => {
  const sc = scenarioJson(SLUG);
  await openFresh(page);
  await openScenario(page, sc.title);
  const url = await copyLink(page);
  const data = JSON.parse(decompressFromEncodedURIComponent(url.split('#s=')[1]!));
  expect(data).toMatchObject({ v: 1, cursor: 0, event: null, scenario: { title: sc.title } });
});

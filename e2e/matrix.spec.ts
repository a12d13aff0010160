// The attribute matrix: arm64, a non-coherent device, dma_alloc_attrs of 2 MiB.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';

class MatrixPage {
  readonly view: Locator;
  readonly table: Locator;
  readonly effects: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByRole('region', { name: 'Attribute matrix' });
    this.table = this.view.getByRole('table');
    this.effects = page.getByRole('region', { name: 'What each attribute changed' });
  }

  async goto(): Promise<void> {
    await this.page.goto('./');
    await this.page.getByRole('navigation', { name: 'Views' }).getByLabel('View').selectOption('matrix');
    await expect(this.view).toBeVisible();
  }

  control(label: string): Locator {
    return this.view.getByRole('form', { name: 'Matrix settings' }).getByLabel(label, { exact: true });
  }

  group(label: string): Locator {
    return this.table.getByRole('rowgroup', { name: `Group ${label}` });
  }

  /** The column index of a header (the model's header names). */
  async column(header: string | RegExp): Promise<number> {
    const names = await this.table.getByRole('columnheader').allTextContents();
    const i = names.findIndex((n) => (typeof header === 'string' ? n === header : header.test(n)));
    expect(i, `column ${header}`).toBeGreaterThanOrEqual(0);
    return i;
  }
}

test.describe('attribute matrix', () => {
  test('arm64 non-coherent dma_alloc_attrs 2 MiB: groups, ignored attributes, a row on the stage, CSV', async ({
    page,
  }) => {
    const m = new MatrixPage(page);
    await m.goto();
    await m.control('Arch').selectOption('arm64');
    await m.control('Coherent device').uncheck();
    await m.control('Behind an IOMMU').uncheck();
    await m.control('Call').selectOption('dma_alloc_attrs');
    await m.control('Size').selectOption('2MiB');
    await expect(m.view.getByRole('heading', { level: 2 })).toHaveText(
      'dma_alloc_attrs, 2 MiB, on arm64, device dev0 (non-coherent, no IOMMU, 32-bit mask)',
    );

    // WEAK_ORDERING is listed as making no difference, with the model's reason.
    await expect(m.effects.getByRole('listitem').filter({ hasText: 'WEAK_ORDERING' })).toContainText(
      'no difference on any row',
    );
    await expect(m.effects.getByRole('listitem').filter({ hasText: 'NO_KERNEL_MAPPING' })).toContainText(
      'changed every row',
    );

    // The plain GFP_KERNEL group spends vmalloc; the NO_KERNEL_MAPPING group spends none.
    const vmallocCol = await m.column('vmalloc bytes');
    const plain = m.group('G1');
    await expect(plain.getByRole('row').nth(1).getByRole('cell').nth(vmallocCol)).toHaveText(/MiB/);
    const nkm = m.group('G2');
    await expect(nkm.getByRole('rowheader')).toContainText('no kernel mapping');
    const nkmRow = nkm.getByRole('row').nth(1);
    await expect(
      nkmRow.getByRole('button', { name: 'Open GFP_KERNEL NO_KERNEL_MAPPING on the stage' }),
    ).toBeVisible();
    await expect(nkmRow.getByRole('cell').nth(vmallocCol)).toHaveText('0');
    await expect(nkm.getByRole('list', { name: 'Made no difference in G2' })).toContainText(
      'WEAK_ORDERING made no difference',
    );
    // The group's other rows (every attribute that changes nothing) open on demand.
    await nkm.getByRole('button', { name: /Show all \d+ rows/ }).click();
    await expect(nkm.getByRole('row')).toHaveCount(1 + 64);
    // The cost column is there and labelled illustrative.
    await expect(m.table.getByRole('columnheader', { name: /cost per second.*illustrative/i })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/matrix-1280x720.png' });
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.screenshot({ path: 'test-results/screens/matrix-dark-1280x720.png' });
    const darkAxe = await new AxeBuilder({ page }).analyze();
    expect(
      darkAxe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
    await page.getByRole('button', { name: 'Dark theme' }).click();

    const axe = await new AxeBuilder({ page }).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // CSV download: the model's header line and one line per row.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      m.view.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('dmaviz-matrix-arm64-dev0-dma_alloc_attrs-2MiB.csv');
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toMatch(/^group,gfp,attributes,direction,succeeded or error,kernel mapping kind,/);
    expect(csv[0]).toContain('cost per second (illustrative units)');
    expect(csv).toHaveLength(1 + 256);

    // A row opens its call on the stage, with its buffer selected.
    await nkmRow.getByRole('button', { name: 'Open GFP_KERNEL NO_KERNEL_MAPPING on the stage' }).click();
    await expect(m.view).toBeHidden();
    await expect(page.getByRole('navigation', { name: 'Views' }).getByLabel('View')).toHaveValue('stage');
    const state = await page.evaluate(() => window.__dmaviz?.getState());
    expect(state?.historyLength).toBe(2);
    expect(state?.cursor).toBe(2);
    expect(state?.selection).toMatch(/^b\d+$/);
    expect(state?.metrics.vmallocUsedBytes).toBeDefined();
    const stage = page.getByRole('region', { name: /Stage: address spaces/ });
    await expect(stage.locator(`.mark[data-buffer="${state?.selection}"]`).first()).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/matrix-opened-stage-1280x720.png' });
  });
});

// Compare mode: one session on two machines in lock-step, and the strip naming what differs.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';

class ComparePage {
  readonly view: Locator;
  readonly strip: Locator;
  readonly left: Locator;
  readonly right: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByRole('region', { name: 'Compare two machines' });
    this.strip = page.getByRole('region', { name: 'Differences at this step' });
    this.left = page.getByRole('region', { name: 'Left machine' });
    this.right = page.getByRole('region', { name: 'Right machine' });
  }

  async goto(query = '?view=compare'): Promise<void> {
    await this.page.goto(`./${query}`);
    await expect(this.view).toBeVisible();
  }

  /** The strip's row for a quantity, e.g. "buf: kernel mapping". */
  row(label: string): Locator {
    return this.strip
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: label, exact: true }) });
  }

  position(): Locator {
    return this.view.locator('output.compare-position');
  }

  button(name: string | RegExp): Locator {
    return this.view.getByRole('button', { name });
  }

  /** Sets a side's architecture and device settings, leaving its RAM and CMA as they are. */
  async pickMachine(side: Locator, arch: string, coherent: 'on' | 'off'): Promise<void> {
    await side.getByLabel('Arch').selectOption(arch);
    await side.getByLabel('Coherent').selectOption(coherent);
    await side.getByLabel('IOMMU').selectOption('off');
  }
}

test.describe('compare mode', () => {
  test('x86_64 coherent vs arm32 non-coherent: the strip names the kernel mapping and the vmalloc spent', async ({
    page,
  }) => {
    const c = new ComparePage(page);
    await c.goto();
    await expect(c.view.getByLabel('Session')).toHaveValue('example-coherent-mmap');
    await expect(c.left.getByRole('group').first()).toContainText('x86_64');
    await expect(c.right.getByRole('group').first()).toContainText('arm32');
    // Both stages render, each from its own store.
    await expect(c.left.getByRole('region', { name: /Stage: address spaces/ })).toBeVisible();
    await expect(c.right.getByRole('region', { name: /Stage: address spaces/ })).toBeVisible();

    // After both steps (dma_alloc_coherent 1 MiB, dma_mmap_coherent).
    await expect(c.position()).toHaveText('Step 2 of 2');
    const kmap = c.row('buf: kernel mapping');
    await expect(kmap.getByRole('cell').nth(0)).toHaveText('linear · cached');
    await expect(kmap.getByRole('cell').nth(1)).toHaveText(/^vmalloc · write-combine$/);
    await expect(c.row('buf: pages from').getByRole('cell').nth(1)).toHaveText(/cma/);
    const vmalloc = c.row('vmalloc spent');
    await expect(vmalloc.getByRole('cell').nth(0)).toHaveText('0 B');
    await expect(vmalloc.getByRole('cell').nth(1)).toHaveText(/MiB/);
    await expect(c.row('buf: user mappings').getByRole('cell')).toHaveText(['cached', 'write-combine']);
    // The step's result is the same on both: it is listed among the things that agree.
    await expect(c.strip.locator('.diff-same')).toContainText('this step ok');
    await page.screenshot({ path: 'test-results/screens/compare-1280x720.png' });
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.screenshot({ path: 'test-results/screens/compare-dark-1280x720.png' });
    await page.getByRole('button', { name: 'Dark theme' }).click();

    // Lock-step: one step back shows both machines after the allocation only.
    await c.button('◀ Previous step').click();
    await expect(c.position()).toHaveText('Step 1 of 2');
    await expect(c.strip.locator('.diff-same')).toContainText('buf: user mappings');
    // Keyboard: Home goes back to boot on both sides, where nothing differs.
    await page.keyboard.press('Home');
    await expect(c.position()).toHaveText('Step 0 of 2');
    await expect(c.strip.getByRole('heading')).toHaveText('No difference at boot');
    await page.keyboard.press('ArrowRight');
    await expect(c.position()).toHaveText('Step 1 of 2');
    await expect(c.row('buf: kernel mapping').getByRole('cell').nth(1)).toHaveText('vmalloc · write-combine');

    const axe = await new AxeBuilder({ page }).exclude('.stage-marks').analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  test('a guided scenario on two machines of the user’s choice', async ({ page }) => {
    const c = new ComparePage(page);
    await c.goto('?view=compare&scenario=v4l2-no-kernel-mapping');
    await expect(c.view.getByLabel('Session')).toHaveValue('v4l2-no-kernel-mapping');
    // Right side: arm64, non-coherent device behind an IOMMU.
    await c.right.getByLabel('Arch').selectOption('arm64');
    await c.right.getByLabel('IOMMU').selectOption('on');
    await expect(c.right.getByRole('group').first()).toContainText('arm64');
    await expect(c.right.getByRole('group').first()).toContainText('IOMMU');
    await expect(c.left.getByRole('alert')).toHaveCount(0);
    await expect(c.right.getByRole('alert')).toHaveCount(0);
    await c.view
      .getByRole('list', { name: 'Steps' })
      .getByRole('button', { name: /^3 dma_mmap_attrs/ })
      .click();
    await expect(c.position()).toHaveText('Step 3 of 6');
    await expect(c.strip.getByRole('heading')).toHaveText(/differences? after step 3 of 6/);
    // x86_64 maps the frame cached; arm64's non-coherent device gets a non-cacheable mapping.
    await expect(c.row('frame1: user mappings').getByRole('cell')).toHaveText(['cached', 'write-combine']);
    await page.screenshot({ path: 'test-results/screens/compare-scenario-1280x720.png' });
  });

  // Issue 5's report: arm64, a coherent device, cpu_speculative_load → device_write → cpu_read.
  test('a scenario keeps its RAM when a side changes architecture: arm64 coherent reads fresh', async ({
    page,
  }) => {
    const c = new ComparePage(page);
    await c.goto('?view=compare&scenario=streaming-noncoherent');
    const ram = (side: Locator) => side.getByLabel('RAM', { exact: true });
    // Both sides start on the scenario's 2 GiB, whatever their architecture's default.
    for (const side of [c.left, c.right]) {
      await expect(ram(side)).toHaveValue('scenario');
      await expect(ram(side).locator('option:checked')).toHaveText('as in scenario (2 GiB)');
    }
    await c.pickMachine(c.left, 'arm64', 'on');
    await c.pickMachine(c.right, 'arm64', 'off');
    for (const side of [c.left, c.right]) {
      await expect(ram(side)).toHaveValue('scenario');
      // The scenario names no CMA size: it ran with arm64's default, and so do both sides.
      await expect(side.getByLabel('CMA').locator('option:checked')).toHaveText('as in scenario (16 MiB)');
    }
    await expect(c.left.getByRole('group').first()).toContainText(
      /^Left: arm64 · 2 GiB · .* · coherent · no IOMMU/,
    );
    await expect(c.right.getByRole('group').first()).toContainText(
      /^Right: arm64 · 2 GiB · .* · non-coherent · no IOMMU/,
    );
    // The architecture's default stays a choice of its own.
    await expect(ram(c.left).getByRole('option', { name: '4 GiB (arm64 default)' })).toHaveCount(1);

    const steps = c.view.getByRole('list', { name: 'Steps' });
    await expect(steps.getByRole('button', { name: /^23 cpu_speculative_load/ })).toBeVisible();
    await expect(steps.getByRole('button', { name: /^24 device_write/ })).toBeVisible();
    await steps.getByRole('button', { name: /^25 cpu_read/ }).click();
    await expect(c.position()).toHaveText('Step 25 of 30');
    // Two stale reads on the non-coherent side (the device's read at 18, the CPU's here), none on the coherent.
    await expect(c.row('stale reads').getByRole('cell')).toHaveText(['0', '2']);
    // Nothing bounced: no bounce copies, and no swiotlb note in the strip.
    await expect(c.strip.locator('.diff-same')).toContainText('bounce copies 0 B');
    await expect(c.strip.getByRole('list', { name: 'swiotlb bouncing, not cache coherence' })).toHaveCount(0);
    // Each side's Cache & data view shows the buffer the read went through (rx), stale only without snooping.
    for (const [side, stale] of [
      [c.left, / · 0 stale · /],
      [c.right, / · [1-9]\d* stale · /],
    ] as const) {
      await side.getByRole('tab', { name: 'Cache & data' }).click();
      await expect(side.getByRole('region', { name: 'Cache and data' })).toContainText(stale);
    }
    await page.screenshot({ path: 'test-results/screens/compare-coherent-read-1280x720.png' });
  });

  test('4 GiB on the coherent side: swiotlb bounces rx above the DMA mask, and the strip says why the read is stale', async ({
    page,
  }) => {
    const c = new ComparePage(page);
    await c.goto('?view=compare&scenario=streaming-noncoherent');
    await c.pickMachine(c.left, 'arm64', 'on');
    await c.pickMachine(c.right, 'arm64', 'off');
    // 4 GiB on the coherent side puts rx above eth0's 32-bit DMA mask: dma_map_single bounces it
    // through swiotlb, the device writes the slot, and without dma_sync_single_for_cpu the CPU
    // reads the old data in rx, coherent or not (kernel/dma/swiotlb.c copies back only on sync or unmap).
    await c.left.getByLabel('RAM', { exact: true }).selectOption('4096');
    await expect(c.left.getByRole('group').first()).toContainText(/^Left: arm64 · 4 GiB · .* · coherent/);
    await expect(c.right.getByRole('group').first()).toContainText(/^Right: arm64 · 2 GiB · /);
    const steps = c.view.getByRole('list', { name: 'Steps' });
    await steps.getByRole('button', { name: /^25 cpu_read/ }).click();
    await expect(c.position()).toHaveText('Step 25 of 30');
    // Now the same on both sides: two stale reads.
    await expect(c.row('stale reads')).toHaveCount(0);
    await expect(c.strip.locator('.diff-same')).toContainText('stale reads 2');
    await expect(c.row('bounce copies').getByRole('cell').nth(0)).not.toHaveText('0 B');
    await expect(c.row('bounce copies').getByRole('cell').nth(1)).toHaveText('0 B');
    // The strip tells the two causes apart: the left's stale reads are swiotlb's, the right's the cache's.
    const why = c.strip.getByRole('list', { name: 'swiotlb bouncing, not cache coherence' });
    await expect(why.getByRole('listitem')).toHaveText([
      "Left arm64, step 18: tx bounced through swiotlb: above eth0's 32-bit DMA mask — the device reads the copy dma_map_single made, without the CPU's later write (dma_sync_single_for_device copies it)",
      "Left arm64, step 25: rx bounced through swiotlb: above eth0's 32-bit DMA mask — the read before dma_sync_single_for_cpu sees the old data",
    ]);
    await page.screenshot({ path: 'test-results/screens/compare-swiotlb-bounce-1280x720.png' });
    const axe = await new AxeBuilder({ page }).include('.diff-strip').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
  });
});

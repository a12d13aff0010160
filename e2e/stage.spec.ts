import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { MachineConfigInput, Op } from '../src/model';
import { StagePage } from './pages/stage';

const ARM64: MachineConfigInput = {
  arch: 'arm64',
  ramMiB: 4096,
  devices: [
    { name: 'cam0', coherent: false, iommu: false, dmaMaskBits: 32 },
    { name: 'gpu0', coherent: false, iommu: true, dmaMaskBits: 40 },
  ],
  processes: ['app'],
};
const OPS: Op[] = [
  { op: 'dma_alloc_coherent', dev: 'cam0', size: '1M', as: 'frame' },
  { op: 'dma_mmap_coherent', buf: 'frame', process: 'app', as: 'view' },
  { op: 'dma_alloc_coherent', dev: 'gpu0', size: '256K', as: 'tex' },
];

test.describe('the stage', () => {
  test('a buffer appears in every lane it is mapped in, and selecting it highlights them all', async ({
    page,
  }) => {
    const stage = new StagePage(page);
    await stage.goto();
    await stage.load(ARM64, OPS);
    // Following, the stage zooms to the last call (tex); the whole machine shows after Fit.
    await expect(stage.lane('phys')).not.toHaveAttribute('data-zoom', '1.000');
    await stage.showWhole();
    // frame (b1): physical pages, a write-combine vmalloc remap, the cacheable linear alias, a user VMA.
    await expect(stage.marks('b1', 'phys')).toHaveCount(1);
    await expect(stage.marks('b1', 'vmalloc')).toHaveAttribute('data-memtype', 'write-combine');
    await expect(stage.marks('b1', 'linear')).toHaveAttribute('data-memtype', 'cached');
    await expect(stage.marks('b1', 'user:app')).toHaveCount(1);
    // tex (b3) sits behind gpu0's IOMMU.
    await expect(stage.marks('b3', 'iova:gpu0')).toHaveCount(1);
    await stage.screenshot('stage-arm64-1280x720');

    await stage.marks('b1', 'user:app').click();
    await expect.poll(() => page.evaluate(() => window.__dmaviz!.getState().selection)).toBe('b1');
    for (const lane of ['phys', 'vmalloc', 'linear', 'user:app'])
      await expect(stage.marks('b1', lane).first()).toHaveAttribute('data-selected', '');
    await expect(stage.marks('b3', 'iova:gpu0')).not.toHaveAttribute('data-selected', '');
    await expect(stage.bufferButton('b1')).toHaveAttribute('aria-pressed', 'true');
    await stage.screenshot('stage-selected-1280x720');

    await stage.marks('b3', 'iova:gpu0').click();
    await expect(stage.bufferButton('b3')).toHaveAttribute('aria-pressed', 'true');
    await expect(stage.bufferButton('b1')).toHaveAttribute('aria-pressed', 'false');
  });

  test('buffers are reachable with Tab and Enter selects one', async ({ page }) => {
    const stage = new StagePage(page);
    await stage.goto();
    await stage.load(ARM64, OPS);
    await stage.bufferButton('b1').focus();
    await page.keyboard.press('Tab');
    await expect(stage.bufferButton('b3')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(stage.bufferButton('b3')).toHaveAttribute('aria-pressed', 'true');
  });

  test('zooming with the wheel and the buttons changes the range shown; Fit shows it whole', async ({
    page,
  }) => {
    const stage = new StagePage(page);
    await stage.goto();
    await stage.load(ARM64, OPS);
    await stage.showWhole();
    const [s0, e0] = await stage.visibleRange('phys');
    await stage.wheelOver('phys', -400, 4);
    await expect
      .poll(async () => (await stage.visibleRange('phys'))[1] - (await stage.visibleRange('phys'))[0])
      .toBeLessThan((e0 - s0) / 2);
    await expect(stage.button('Follow')).toHaveAttribute('aria-pressed', 'false');
    await stage.screenshot('stage-zoomed-1280x720');
    await stage.button('Fit').click();
    await expect(stage.lane('phys')).toHaveAttribute('data-zoom', '1.000');
    // Fit may glide there: wait until the range shown is the whole machine again.
    await expect
      .poll(async () => {
        const [s1, e1] = await stage.visibleRange('phys');
        return Math.abs(s1 - s0) + Math.abs(e1 - e0);
      })
      .toBeLessThanOrEqual(2);
    await stage.button('Zoom in').click();
    await expect
      .poll(async () => (await stage.visibleRange('phys'))[1] - (await stage.visibleRange('phys'))[0])
      .toBeLessThan(e0 - s0);
  });

  test('stepping back removes the ribbon of the call undone', async ({ page }) => {
    const stage = new StagePage(page);
    await stage.goto();
    await stage.load(ARM64, OPS);
    await expect(stage.ribbons('b3').first()).toBeAttached();
    await page.getByRole('button', { name: 'Previous call' }).click();
    await expect(stage.ribbons('b3')).toHaveCount(0);
    await expect(stage.ribbons('b1').first()).toBeAttached();
  });

  test('arm32 remap allocator: one buffer, a cached linear alias and a write-combine vmalloc alias', async ({
    page,
  }) => {
    const stage = new StagePage(page);
    await stage.goto();
    await stage.load(
      {
        arch: 'arm32',
        ramMiB: 512,
        cmaMiB: 0,
        devices: [{ name: 'lcd0', coherent: false }],
        processes: ['app'],
      },
      [{ op: 'dma_alloc_coherent', dev: 'lcd0', size: '64K', as: 'fb' }],
    );
    await expect(stage.marks('b1', 'linear')).toHaveAttribute('data-memtype', 'cached');
    await expect(stage.marks('b1', 'vmalloc')).toHaveAttribute('data-memtype', 'write-combine');
    await expect(stage.root.locator('path.ribbon[data-buffer="b1"][fill="url(#mt-cached)"]')).not.toHaveCount(
      0,
    );
    await expect(
      stage.root.locator('path.ribbon[data-buffer="b1"][fill="url(#mt-write-combine)"]'),
    ).not.toHaveCount(0);
    await stage.marks('b1', 'vmalloc').click();
    await stage.screenshot('stage-arm32-two-aliases-1280x720');
  });

  test('a 16 GiB machine with many small buffers keeps every buffer visible', async ({ page }) => {
    const stage = new StagePage(page);
    await stage.goto();
    const ops: Op[] = [];
    for (let i = 0; i < 300; i++)
      ops.push({ op: 'dma_alloc_coherent', dev: i % 2 ? 'gpu0' : 'cam0', size: i % 7 ? '4K' : '2M' });
    await stage.load({ ...ARM64, ramMiB: 16384 }, ops);
    await stage.showWhole();
    const box = await stage.marks('b1', 'phys').boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(2.9);
    await stage.screenshot('stage-16g-1280x720');
    await stage.button('Follow').click();
    await page.getByRole('button', { name: 'Previous call' }).click();
    await page.getByRole('button', { name: 'Next event' }).click();
    await page.getByRole('button', { name: 'Next event' }).click();
    await stage.screenshot('stage-16g-event-1280x720');
  });
});

test.describe('the cache and data view', () => {
  test('a CPU write through a cached mapping, mapped for a non-coherent device without a sync after it, reads stale on the device', async ({
    page,
  }) => {
    const stage = new StagePage(page);
    await stage.goto();
    // alloc_pages → dma_map_single (cleans the line) → cpu_write (stays dirty in the cache) →
    // device_read without dma_sync_single_for_device: the device sees RAM's old value.
    await stage.load({ arch: 'arm64', ramMiB: 1024, devices: [{ name: 'nic', coherent: false }] }, [
      { op: 'alloc_pages', order: 0, as: 'buf' },
      { op: 'dma_map_single', dev: 'nic', buf: 'buf', dir: 'DMA_TO_DEVICE', as: 'm' },
      { op: 'dma_mapping_error', map: 'm' },
      { op: 'cpu_write', via: 'buf', value: 7 },
      { op: 'device_read', map: 'm' },
    ] as unknown as Op[]);
    await stage.showWhole();
    // alloc_pages names its buffer p1 (b… are DMA buffers).
    await stage.bufferButton('p1').focus();
    await page.keyboard.press('Enter');
    await stage.root.getByRole('tab', { name: 'Cache & data' }).click();
    const view = stage.root.getByRole('region', { name: 'Cache and data' });
    const first = view.getByRole('row').nth(1);
    await expect(first).toHaveAttribute('data-state', 'dirty');
    await expect(first.getByRole('cell').nth(2)).toHaveText('0x00000007');
    await expect(first.getByRole('cell').nth(3)).toHaveText('0x00000000 ⚠ stale');
    await expect(view).toContainText(/\d+ cache lines of \d+ bytes · [1-9]\d* stale/);
    await stage.screenshot('stage-cache-stale-1280x720');
  });
});

test.describe('the stage for a lecture hall', () => {
  const TWO_ALIASES: MachineConfigInput = {
    arch: 'arm32',
    ramMiB: 512,
    cmaMiB: 0,
    devices: [{ name: 'lcd0', coherent: false }],
    processes: ['app'],
  };

  test('dark theme and 1920x1080: the two-alias case with the buffer selected; no serious axe violations', async ({
    page,
  }) => {
    const stage = new StagePage(page);
    for (const [theme, size] of [
      ['light', { width: 1920, height: 1080 }],
      ['dark', { width: 1280, height: 720 }],
      ['dark', { width: 1920, height: 1080 }],
    ] as const) {
      await page.setViewportSize(size);
      await stage.goto();
      const dark = page.getByRole('button', { name: 'Dark theme' });
      if ((await dark.getAttribute('aria-pressed')) !== String(theme === 'dark')) await dark.click();
      await stage.load(TWO_ALIASES, [{ op: 'dma_alloc_coherent', dev: 'lcd0', size: '64K', as: 'fb' }]);
      // Follow zooms every lane to the buffer, so both aliases read at projector size.
      await stage.marks('b1', 'vmalloc').click();
      await page.mouse.move(1, size.height - 1);
      await expect(stage.bufferButton('b1')).toHaveAttribute('aria-pressed', 'true');
      await expect(stage.root).toHaveAttribute('data-theme', theme);
      await stage.screenshot(`stage-arm32-two-aliases-${theme}-${size.width}x${size.height}`);
      const axe = await new AxeBuilder({ page }).include('section.stage').analyze();
      const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
  });
});

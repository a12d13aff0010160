import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app';

test.describe('composing and running calls', () => {
  test('NO_KERNEL_MAPPING on arm64 leaves vmalloc alone; without it the remap takes vmalloc space', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.goto();
    const vmalloc0 = await app.meterValue('vmalloc');
    await app.compose({
      fn: 'dma_alloc_attrs',
      dev: 'cam0',
      size: '2M',
      attrs: ['NO_KERNEL_MAPPING'],
      as: 'frame0',
    });
    await expect(app.cLine()).toHaveText(
      'frame0 = dma_alloc_attrs(cam0, SZ_2M, &frame0_dma, GFP_KERNEL, DMA_ATTR_NO_KERNEL_MAPPING);',
    );
    await app.run();
    await expect(app.result()).toContainText('cookie');
    expect(await app.meterValue('vmalloc')).toBe(vmalloc0);
    await expect(app.meter('vmalloc')).not.toHaveAttribute('aria-valuetext', /in this step/);
    // The result is scrolled into view at the next frame: wait for it before clicking above it.
    await expect(app.result()).toBeInViewport();

    await app.driver.getByRole('checkbox', { name: 'NO_KERNEL_MAPPING', exact: true }).uncheck();
    await app.compose({ as: 'frame1' });
    await app.run();
    await expect(app.result()).toContainText('vmalloc');
    expect(await app.meterValue('vmalloc')).toBeGreaterThan(vmalloc0 + 2 * 1024 * 1024 - 1);
    await expect(app.meter('vmalloc')).toHaveAttribute('aria-valuetext', /\+2 MiB in this step/);
    await expect(app.chip(2)).toContainText('frame1');
  });

  test('invalid input is refused inline; a kernel ENOMEM is the result of the step', async ({ page }) => {
    const app = new AppPage(page);
    await app.goto();
    await app.compose({ fn: 'dma_alloc_attrs', size: '1e30' });
    await expect(app.driver.getByText('"1e30" is not a size')).toBeVisible();
    await expect(app.runButton()).toBeDisabled();
    await app.compose({ size: '0' });
    await expect(app.driver.getByText(/size 0/)).toBeVisible();
    await app.compose({ size: 'lots' });
    await expect(app.field('Size')).toHaveAttribute('aria-invalid', 'true');
    await app.chooseFunction('dma_free_attrs');
    await expect(app.driver.getByText('choose a buffer (allocate one first)')).toBeVisible();
    expect((await app.state()).historyLength).toBe(0);

    await app.compose({ fn: 'dma_alloc_attrs', dev: 'cam0', size: '64M', gfp: 'GFP_ATOMIC', as: 'big' });
    await app.field('Size').press('Enter');
    await expect(app.result()).toContainText('-ENOMEM');
    await expect(app.chip(1)).toContainText('ENOMEM');
    await expect(app.log.getByRole('button', { name: /Failed to get suitable pool for cam0/ })).toBeVisible();
  });
});

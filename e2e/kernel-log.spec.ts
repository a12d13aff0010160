// The kernel log in front of a class: at 1280x720 and 1920x1080 the current step's dma-debug report
// reads whole beside the step controls, and Expand shows every report whole, without the stage,
// the controls or the timeline losing their place.
import { expect, type Locator, type Page, test } from '@playwright/test';
import { ScenarioPage } from './pages/scenario';

const TITLE = "dma-debug catches a driver's mistakes";

/** Whether a log line shows all its text (not clamped) inside the log's scroll box and the window. */
function isWhole(line: Locator): Promise<boolean> {
  return line.evaluate((el) => {
    const box = (el.closest('ol') as HTMLElement).getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return (
      el.scrollHeight <= el.clientHeight + 1 &&
      r.top >= box.top - 1 &&
      r.bottom <= box.bottom + 1 &&
      r.bottom <= window.innerHeight
    );
  });
}

/** The regions a lecturer keeps using stay in the window and do not overlap one another. */
async function expectPanelsInPlace(page: Page, s: ScenarioPage): Promise<void> {
  const stage = await s.stage.root.boundingBox();
  const controls = await s.app.controls.boundingBox();
  const timeline = await s.app.timeline.boundingBox();
  const log = await s.app.log.boundingBox();
  const view = page.viewportSize();
  expect(stage && controls && timeline && log && view).toBeTruthy();
  if (!stage || !controls || !timeline || !log || !view) return;
  expect(stage.height).toBeGreaterThanOrEqual(360);
  expect(stage.y + stage.height).toBeLessThanOrEqual(Math.min(controls.y, timeline.y, log.y) + 1);
  for (const b of [controls, timeline, log]) expect(b.y + b.height).toBeLessThanOrEqual(view.height);
  for (const name of ['Driver', 'Explanation', 'Metrics', 'Buffer'])
    await expect(page.getByRole('region', { name, exact: true })).toBeInViewport();
  // The current call's chip is whole in the timeline.
  const chip = await s.app.timeline.locator('[aria-current="step"]').boundingBox();
  expect(chip).toBeTruthy();
  if (chip) expect(chip.x + chip.width).toBeLessThanOrEqual(timeline.x + timeline.width + 1);
}

for (const [w, h] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test(`kernel log at ${w}x${h}: the current report reads whole, and Expand shows every report whole`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: w, height: h });
    const s = new ScenarioPage(page);
    await s.open(TITLE, 12);
    await page.keyboard.press('End');
    await expect(s.position).toHaveText('Step 12 of 12');
    const lines = s.logLines();
    await expect(lines).toHaveCount(4);
    const current = s.app.log.locator('[aria-current="step"]');
    await expect(current).toContainText('has pending DMA allocations while released from device');
    await expect.poll(() => isWhole(current)).toBe(true);
    await expectPanelsInPlace(page, s);
    await page.screenshot({ path: `test-results/screens/kernel-log-${w}x${h}.png` });

    const expand = s.app.log.getByRole('button', { name: 'Expand' });
    await expand.click();
    await expect(expand).toHaveAttribute('aria-pressed', 'true');
    for (let i = 0; i < 4; i++) await expect.poll(() => isWhole(lines.nth(i))).toBe(true);
    await expectPanelsInPlace(page, s);
    await page.screenshot({ path: `test-results/screens/kernel-log-expanded-${w}x${h}.png` });

    // A line still jumps to its step; the log stays expanded.
    await lines.first().click();
    await expect(s.position).toContainText(/^Step 3 of 12/);
    await expect(expand).toHaveAttribute('aria-pressed', 'true');
    await expand.click();
    await expect(expand).toHaveAttribute('aria-pressed', 'false');
  });
}

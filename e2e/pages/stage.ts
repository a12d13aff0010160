// Page object for the stage: lanes, buffer marks and ribbons, zoom controls; sessions are loaded
// through the e2e test hook (window.__dmaviz, --mode e2e builds only).
import { expect, type Locator, type Page } from '@playwright/test';
import type { MachineConfigInput, Op } from '../../src/model';

export class StagePage {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByRole('region', { name: /Stage: address spaces/ });
  }

  async goto(): Promise<void> {
    await this.page.goto('./');
    await expect(this.root).toBeVisible();
    await this.page.waitForFunction(() => window.__dmaviz !== undefined);
  }

  async load(input: MachineConfigInput, ops: readonly Op[], cursor?: number): Promise<void> {
    const ok = await this.page.evaluate(([i, o, c]) => window.__dmaviz!.loadSession(i, o, c).ok, [
      input,
      ops,
      cursor ?? ops.length,
    ] as const);
    expect(ok).toBe(true);
  }

  /** Turns "follow" off and fits every lane, so the whole machine shows. */
  async showWhole(): Promise<void> {
    const follow = this.button('Follow');
    if ((await follow.getAttribute('aria-pressed')) === 'true') await follow.click();
    await this.button('Fit').click();
    await expect(this.lane('phys')).toHaveAttribute('data-zoom', '1.000');
    // The scale reaches 1 before Fit's glide ends: wait until the range shown stops moving
    // (two reads in a row agree), or a caller would read it mid-glide.
    let last = '';
    await expect
      .poll(
        async () => {
          const now = JSON.stringify(await this.visibleRange('phys'));
          const settled = now === last;
          last = now;
          return settled;
        },
        { intervals: [100] },
      )
      .toBe(true);
  }

  lane(id: string): Locator {
    return this.root.locator(`g[data-lane="${id}"]`);
  }

  /** The marks of a buffer in one lane (a VMA, a vmalloc area, an IOVA range, a page run). */
  marks(buffer: string, lane: string): Locator {
    return this.root.locator(`.mark[data-buffer="${buffer}"][data-lane="${lane}"]`);
  }

  ribbons(buffer: string): Locator {
    return this.root.locator(`path.ribbon[data-buffer="${buffer}"]`);
  }

  /** The keyboard-focusable group of a buffer (in the RAM lane). */
  bufferButton(buffer: string): Locator {
    return this.root.locator(`g.buffer-phys[data-buffer="${buffer}"]`);
  }

  async visibleRange(lane: string): Promise<[number, number]> {
    const l = this.lane(lane);
    return [
      Number(await l.getAttribute('data-visible-start')),
      Number(await l.getAttribute('data-visible-end')),
    ];
  }

  button(name: string | RegExp): Locator {
    return this.root.getByRole('button', { name });
  }

  async wheelOver(lane: string, deltaY: number, times = 1): Promise<void> {
    const box = await this.lane(lane).locator('rect.lane-bg').boundingBox();
    if (!box) throw new Error(`lane ${lane} not on screen`);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < times; i++) await this.page.mouse.wheel(0, deltaY);
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/screens/${name}.png` });
  }
}

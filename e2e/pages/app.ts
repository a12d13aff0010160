// Page object for the app shell and its panels: what a user reaches by role and label.
import { expect, type Locator, type Page } from '@playwright/test';
import type { Metrics } from '../../src/model';

export class AppPage {
  readonly driver: Locator;
  readonly explanation: Locator;
  readonly metrics: Locator;
  readonly card: Locator;
  readonly controls: Locator;
  readonly timeline: Locator;
  readonly log: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.driver = page.getByRole('region', { name: 'Driver' });
    this.explanation = page.getByRole('region', { name: 'Explanation' });
    this.metrics = page.getByRole('region', { name: 'Metrics' });
    this.card = page.getByRole('region', { name: 'Buffer', exact: true });
    this.controls = page.getByRole('toolbar', { name: 'Step controls' });
    this.timeline = page.getByRole('list', { name: 'Timeline of calls' });
    this.log = page.getByRole('region', { name: /Kernel log/ });
    this.notice = page.getByRole('status').filter({ hasText: /\S/ }).first();
  }

  async goto(opts: { fresh?: boolean } = {}): Promise<void> {
    if (opts.fresh !== false) {
      await this.page.addInitScript(() => {
        if (!sessionStorage.getItem('dmaviz.e2e.started')) {
          localStorage.clear();
          sessionStorage.setItem('dmaviz.e2e.started', '1');
        }
      });
    }
    await this.page.goto('./');
    await expect(this.page.getByRole('heading', { level: 1, name: 'dmaviz' })).toBeVisible();
    await this.page.waitForFunction(() => window.__dmaviz !== undefined);
  }

  field(label: string | RegExp): Locator {
    return this.driver.getByLabel(label, { exact: typeof label === 'string' });
  }

  async chooseFunction(name: string): Promise<void> {
    await this.field('Function').selectOption(name);
  }

  /** Fills the driver panel; attributes are checked by their short name (NO_KERNEL_MAPPING). */
  async compose(o: {
    fn?: string;
    dev?: string;
    size?: string;
    gfp?: string;
    attrs?: string[];
    as?: string;
    buf?: string;
  }): Promise<void> {
    if (o.fn) await this.chooseFunction(o.fn);
    if (o.dev) await this.field('Device').selectOption(o.dev);
    if (o.buf) await this.field('Buffer').selectOption(o.buf);
    if (o.size !== undefined) await this.field('Size').fill(o.size);
    if (o.gfp) await this.field('GFP base').selectOption(o.gfp);
    for (const a of o.attrs ?? []) await this.driver.getByRole('checkbox', { name: a, exact: true }).check();
    if (o.as) await this.field('Name the result (as)').fill(o.as);
  }

  runButton(): Locator {
    return this.driver.getByRole('button', { name: /^Run/ });
  }

  async run(): Promise<void> {
    const before = await this.state();
    await this.runButton().click();
    await expect.poll(async () => (await this.state()).historyLength).toBe(before.historyLength + 1);
  }

  cLine(): Locator {
    return this.driver.getByRole('status', { name: 'C line that will run' });
  }

  result(): Locator {
    return this.page.getByRole('region', { name: 'Result' });
  }

  meter(name: string): Locator {
    return this.metrics.getByRole('meter', { name, exact: true });
  }

  async meterValue(name: string): Promise<number> {
    return Number(await this.meter(name).getAttribute('aria-valuenow'));
  }

  async state(): Promise<{
    cursor: number;
    historyLength: number;
    eventIndex: number | null;
    selection: string | null;
    metrics: Metrics;
  }> {
    return this.page.evaluate(() => window.__dmaviz!.getState());
  }

  button(name: string | RegExp): Locator {
    return this.controls.getByRole('button', { name, exact: typeof name === 'string' });
  }

  chip(step: number): Locator {
    return this.timeline.getByRole('button', { name: new RegExp(`^Step ${step}:`) });
  }

  async pause(): Promise<void> {
    const pause = this.controls.getByRole('button', { name: 'Pause' });
    if (await pause.isVisible()) await pause.click();
  }
}

// Page object for walking a guided scenario as a user does: open it from the gallery, step call
// by call with Shift+→, and read what the panels show (position, meters, result, buffer card,
// kernel log, Cache & data view).
import { expect, type Locator, type Page } from '@playwright/test';
import { AppPage } from './app';
import { StagePage } from './stage';

export class ScenarioPage {
  readonly app: AppPage;
  readonly stage: StagePage;
  /** "Step 3 of 12" (· event i of n while inside a call). */
  readonly position: Locator;
  readonly gallery: Locator;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
    this.stage = new StagePage(page);
    this.position = this.app.controls.getByRole('status', { name: 'Position' });
    this.gallery = page.getByRole('region', { name: 'Scenario gallery' });
  }

  /** A fresh browser store, then the scenario's card in the gallery (the header's Scenarios button). */
  async open(title: string, steps: number): Promise<void> {
    await this.app.goto();
    await this.page.getByRole('button', { name: 'Scenarios' }).click();
    await this.gallery.getByRole('button', { name: `Open scenario: ${title}` }).click();
    await expect(this.gallery).toBeHidden();
    await expect(this.position).toHaveText(`Step 0 of ${steps}`);
  }

  /** Shift+→ from wherever the user left focus (a select or input would swallow the key). */
  async nextCall(): Promise<void> {
    const typing = await this.page.evaluate(() => {
      const el = document.activeElement;
      return el instanceof HTMLInputElement || el instanceof HTMLSelectElement;
    });
    if (typing) await this.page.getByRole('heading', { level: 1, name: 'dmaviz' }).click();
    await this.page.keyboard.press('Shift+ArrowRight');
  }

  /** Picks a live buffer by its name in the card's list and returns the card. */
  async showBuffer(name: string): Promise<Locator> {
    const pick = this.app.card.getByLabel('Live buffers');
    const labels = await pick.getByRole('option').allTextContents();
    const label = labels.find((l) => l.startsWith(`${name} · `));
    expect(label, `${name} among the live buffers: ${labels.join(', ')}`).toBeDefined();
    await pick.selectOption({ label: label ?? name });
    const card = this.app.card.getByRole('article', { name: `Buffer ${name}` });
    await expect(card).toBeVisible();
    return card;
  }

  /** The value of a field (a <dd>, named by its <dt>) of the buffer card, the metrics or the result. */
  fact(list: Locator, term: string): Locator {
    return list.getByRole('group', { name: term, exact: true });
  }

  /** A field of the step's result as the driver panel shows it ("stale", "bounced", "nents"). */
  resultValue(key: string): Locator {
    return this.fact(this.app.result(), key);
  }

  /** The meter's spoken value: "1.26 MiB of 240 MiB, +1 MiB in this step". */
  async expectMeterChange(name: string, change: string): Promise<void> {
    await expect(this.app.meter(name)).toHaveAttribute(
      'aria-valuetext',
      new RegExp(`, ${change.replace(/[+.]/g, '\\$&')} in this step$`),
    );
  }

  async expectMeterUnchanged(name: string): Promise<void> {
    await expect(this.app.meter(name)).toHaveAttribute('aria-valuetext', /^[^,]+ of [^,]+$/);
  }

  /** The Call path / Calls made line of the explanation panel. */
  callsMade(): Locator {
    return this.app.explanation.getByRole('navigation', { name: 'Calls made' });
  }

  logLines(): Locator {
    return this.app.log.getByRole('list', { name: 'Kernel messages' }).getByRole('button');
  }

  /** Switches the stage to Cache & data (for the selected buffer) and returns the view. */
  async openCacheView(): Promise<Locator> {
    await this.stage.root.getByRole('tab', { name: 'Cache & data' }).click();
    const view = this.stage.root.getByRole('region', { name: 'Cache and data' });
    await expect(view.getByRole('table')).toBeVisible();
    return view;
  }

  async closeCacheView(): Promise<void> {
    await this.stage.root.getByRole('tab', { name: 'Mappings' }).click();
  }

  /** The cell of the first listed cache line in the column with this header ("CPU reads"). */
  async cacheCell(view: Locator, column: string): Promise<Locator> {
    const headers = await view.getByRole('columnheader').allTextContents();
    const i = headers.indexOf(column);
    expect(i, `column ${column} in ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
    return view.getByRole('row').nth(1).getByRole('cell').nth(i);
  }
}

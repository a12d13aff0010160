// Helpers for the present-and-share specs: a fresh page, the store's position through the
// e2e test hook, and the scenarios as files.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

export const SCENARIO_DIR = 'src/scenarios';

export function scenarioJson(
  slug: string,
): { title: string; steps: { say?: string }[] } & Record<string, unknown> {
  return JSON.parse(readFileSync(`${SCENARIO_DIR}/${slug}.json`, 'utf8'));
}

/** Opens the app with an empty browser store; `firstVisit` turns on the first-visit helpers. */
export async function openFresh(
  page: Page,
  opts: { firstVisit?: boolean; path?: string } = {},
): Promise<void> {
  await page.addInitScript((firstVisit) => {
    if (!sessionStorage.getItem('dmaviz.e2e.started')) {
      localStorage.clear();
      if (firstVisit) localStorage.setItem('dmaviz.e2e.firstVisit', '1');
      sessionStorage.setItem('dmaviz.e2e.started', '1');
    }
  }, opts.firstVisit ?? false);
  await page.goto(opts.path ?? './');
}

export async function position(page: Page) {
  await page.waitForFunction(() => window.__dmaviz !== undefined);
  return page.evaluate(() => {
    const s = window.__dmaviz!.getState();
    return { cursor: s.cursor, eventIndex: s.eventIndex, steps: s.historyLength };
  });
}

/** Opens a scenario from the gallery (the Scenarios button). */
export async function openScenario(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Scenarios' }).click();
  const gallery = page.getByRole('region', { name: 'Scenario gallery' });
  await gallery.getByRole('button', { name: `Open scenario: ${title}` }).click();
  await expect(gallery).toBeHidden();
  await expect(page.locator('.session-title')).toHaveText(title);
}

import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { openFresh, openScenario, scenarioJson } from './share-helpers';

/** Serious and critical violations inside `scope` (the app under an overlay is a11y.spec's). */
async function seriousViolations(page: Page, scope: string): Promise<string[]> {
  // The stage's marks are the stage's own spec's concern.
  const r = await new AxeBuilder({ page }).include(scope).exclude('.stage-marks').analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const theme of ['light', 'dark'] as const) {
  test(`gallery, presenter mode, glossary and dialogs have no serious axe violations (${theme})`, async ({
    page,
  }) => {
    await openFresh(page, { firstVisit: true });
    if (theme === 'dark') {
      await page.getByRole('button', { name: 'Blank machine', exact: true }).click();
      await page
        .getByRole('dialog', { name: 'Tour of the stage' })
        .getByRole('button', { name: 'Skip the tour' })
        .click();
      await page.getByRole('button', { name: 'Dark theme' }).click();
      await page.getByRole('button', { name: 'Scenarios' }).click();
    }
    await expect(page.getByRole('region', { name: 'Scenario gallery' })).toBeVisible();
    expect(await seriousViolations(page, '.dv-gallery')).toEqual([]);

    await page.getByRole('button', { name: 'Blank machine', exact: true }).click();
    const tour = page.getByRole('dialog', { name: 'Tour of the stage' });
    if (theme === 'light') {
      await expect(tour).toBeVisible();
      expect(await seriousViolations(page, '.dv-tour')).toEqual([]);
      await tour.getByRole('button', { name: 'Skip the tour' }).click();
    }
    await openScenario(page, scenarioJson('two-aliases').title);
    await page.getByRole('button', { name: 'Glossary' }).click();
    expect(await seriousViolations(page, '.dv-dialog')).toEqual([]);
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Recorder' }).click();
    expect(await seriousViolations(page, '.dv-dialog')).toEqual([]);
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Present', exact: true }).click();
    await page.keyboard.press('Shift+ArrowRight');
    await expect(page.getByRole('note', { name: 'Caption' })).not.toContainText('booted');
    expect(await seriousViolations(page, '.dv-presenter')).toEqual([]);
  });
}

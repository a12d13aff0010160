import { expect, test } from '@playwright/test';
import { openFresh, openScenario, position, scenarioJson } from './share-helpers';

const SLUG = 'arm32-vmalloc-exhaustion';

test('presenter mode: stage and caption only; keys step events and calls once each', async ({ page }) => {
  const sc = scenarioJson(SLUG);
  await openFresh(page);
  await openScenario(page, sc.title);
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  const presenter = page.getByRole('region', { name: 'Presenter mode' });
  await expect(presenter).toBeVisible();
  await expect(presenter.getByRole('heading', { name: sc.title })).toBeVisible();
  // Editing controls are hidden.
  await expect(page.getByRole('region', { name: 'Driver' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Present and share' })).toBeHidden();

  const caption = presenter.getByRole('note', { name: 'Caption' });
  await expect(caption).toContainText('The machine as booted');
  await page.keyboard.press('ArrowRight');
  expect(await position(page)).toEqual({ cursor: 1, eventIndex: 0, steps: sc.steps.length });
  await expect(caption).toHaveText(sc.steps[0]!.say!);
  await page.keyboard.press('Shift+ArrowRight');
  expect(await position(page)).toMatchObject({ cursor: 2, eventIndex: null });
  await expect(caption).toHaveText(sc.steps[1]!.say!);
  await page.keyboard.press('Space');
  expect(await position(page)).toMatchObject({ cursor: 3 });
  await page.keyboard.press('ArrowLeft');
  expect(await position(page)).toMatchObject({ cursor: 2 });
  await page.keyboard.press('End');
  expect(await position(page)).toMatchObject({ cursor: sc.steps.length, eventIndex: null });
  await expect(presenter.getByText(`step ${sc.steps.length} of ${sc.steps.length}`).first()).toBeVisible();
  await page.keyboard.press('Home');
  expect(await position(page)).toMatchObject({ cursor: 0 });
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.screenshot({ path: 'test-results/screens/presenter-1280x720.png' });

  await presenter.getByRole('button', { name: 'Leave presenter mode' }).click();
  await expect(presenter).toBeHidden();
  await expect(page.getByRole('region', { name: 'Driver' })).toBeVisible();
});

test('the speaker window shows notes, the next step and the time, in step both ways', async ({
  page,
  context,
}) => {
  const sc = scenarioJson(SLUG);
  await openFresh(page);
  await openScenario(page, sc.title);
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  const presenter = page.getByRole('region', { name: 'Presenter mode' });
  const [speaker] = await Promise.all([
    context.waitForEvent('page'),
    presenter.getByRole('button', { name: 'Speaker view' }).click(),
  ]);
  const view = speaker.getByRole('main', { name: 'Speaker view' });
  await expect(view.getByLabel('Speaker position')).toHaveText(`booted · ${sc.steps.length} steps`);
  await expect(view.getByRole('region', { name: 'Next step' })).toContainText(sc.steps[0]!.say!);
  await expect(view.getByLabel('Elapsed time')).toHaveText(/^\d\d:\d\d$/);

  // Main window → speaker.
  await page.bringToFront();
  await page.keyboard.press('Shift+ArrowRight');
  await expect(view.getByLabel('Speaker position')).toHaveText(`step 1 of ${sc.steps.length}`);
  await expect(view.getByRole('region', { name: 'Notes' })).toContainText(sc.steps[0]!.say!);
  await expect(view.getByRole('region', { name: 'Next step' })).toContainText(sc.steps[1]!.say!);
  await speaker.setViewportSize({ width: 1280, height: 720 });
  await speaker.screenshot({ path: 'test-results/screens/speaker-1280x720.png' });

  // Speaker → main window.
  await view.getByRole('button', { name: 'Next call' }).click();
  await expect(presenter.getByRole('note', { name: 'Caption' })).toHaveText(sc.steps[1]!.say!);
  expect(await position(page)).toMatchObject({ cursor: 2 });
  await view.getByRole('button', { name: 'First' }).click();
  await expect(presenter.getByRole('note', { name: 'Caption' })).toContainText('The machine as booted');
});

test('embed mode shows the stage, step buttons and the caption, and nothing to edit', async ({ page }) => {
  const sc = scenarioJson(SLUG);
  await openFresh(page);
  await openScenario(page, sc.title);
  await page.keyboard.press('Shift+ArrowRight');
  await page.getByRole('button', { name: 'Copy link' }).click();
  const embedCode = await page.getByRole('textbox', { name: 'Embed code' }).inputValue();
  const src = /src="([^"]+)"/.exec(embedCode)?.[1];
  expect(src).toContain('?embed=1#s=');

  await page.goto(src!);
  const embed = page.getByRole('main', { name: 'dmaviz embed' });
  await expect(embed.getByRole('heading', { name: sc.title })).toBeVisible();
  await expect(embed.getByRole('region', { name: /^Stage/ })).toBeVisible();
  await expect(embed.getByRole('note', { name: 'Caption' })).toHaveText(sc.steps[0]!.say!);
  await expect(page.getByRole('region', { name: 'Driver' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Present and share' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Machine/ })).toHaveCount(0);
  await embed.getByRole('button', { name: 'Next event' }).click();
  await expect(embed.getByLabel('Position')).toHaveText(`step 2 of ${sc.steps.length}`);
  await expect(embed.getByRole('note', { name: 'Caption' })).toHaveText(sc.steps[1]!.say!);
});

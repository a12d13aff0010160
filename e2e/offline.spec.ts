import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';

/** Waits until the service worker controls the page (it claims clients when it activates). */
async function waitForOffline(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
      );
    }
    return reg.scope;
  });
}

async function expectAppWorks(page: Page): Promise<void> {
  await expect(page.getByRole('navigation', { name: 'Present and share' })).toBeVisible();
  await page.getByRole('button', { name: 'Scenarios' }).click();
  const gallery = page.getByRole('region', { name: 'Scenario gallery' });
  await gallery
    .getByRole('button', { name: /^Open scenario: / })
    .first()
    .click();
  await expect(gallery).toBeHidden();
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByRole('region', { name: /^Stage/ })).toBeVisible();
}

test('once loaded, the app reloads and works with no network', async ({ page, context }) => {
  await page.goto('./');
  await waitForOffline(page);
  await context.setOffline(true);
  await page.reload();
  await expectAppWorks(page);
  await context.setOffline(false);
});

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** A plain static server for `root`, on 127.0.0.1 and a free port. */
function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
      res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the built site works from a sub-path of a plain static server, and offline there', async ({ page }) => {
  const root = mkdtempSync(path.join(tmpdir(), 'dmaviz-site-'));
  cpSync('dist', path.join(root, 'talks', 'dma'), { recursive: true });
  const server = await serve(root);
  try {
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/talks/dma/`;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base);
    await expectAppWorks(page);
    expect(await waitForOffline(page)).toBe(base);
    // The server goes away (the venue's network is down): the app still reloads.
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    await page.reload();
    await expectAppWorks(page);
    expect(errors).toEqual([]);
  } finally {
    server.close();
    rmSync(root, { recursive: true, force: true });
  }
});

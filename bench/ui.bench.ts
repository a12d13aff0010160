// UI benchmarks: drives the built app (needs `npx vite build --mode e2e` first; this script then
// starts `vite preview` itself) in Chromium and prints a table of figures: frame times while
// animating 200 calls on a 16 GiB machine with 2,000 live buffers, time from "Run" to the first
// animated frame, initial JavaScript (gzip) and time to interactive of the default view.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import type { Op } from '../src/model';

const PORT = 4174;
const URL = `http://127.0.0.1:${PORT}/`;

function findChromium(): string {
  for (const c of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (c && existsSync(c)) return c;
  throw new Error('no Chromium: set CHROMIUM_PATH (see playwright.config.ts for the npm fallback)');
}

function initialJsGzip(): number {
  const html = readFileSync('dist/index.html', 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return scripts.reduce((n, f) => n + gzipSync(readFileSync(path.join('dist', f))).length, 0);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
};

async function main() {
  if (!existsSync('dist/index.html')) throw new Error('run `npx vite build --mode e2e` first');
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], {
    stdio: 'ignore',
  });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(URL)).ok) break;
      } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    const browser = await chromium.launch({ executablePath: findChromium(), args: ['--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const t0 = Date.now();
    await page.goto(URL);
    await page.getByRole('region', { name: /Stage: address spaces/ }).waitFor();
    const tti = Date.now() - t0;

    const ops: Op[] = [];
    for (let i = 0; i < 2200; i++)
      ops.push({ op: 'dma_alloc_coherent', dev: i % 3 === 1 ? 'gpu0' : 'cam0', size: i % 10 ? '4K' : '64K' });
    await page.evaluate(
      (o) =>
        window.__dmaviz!.loadSession(
          {
            arch: 'arm64',
            ramMiB: 16384,
            cmaMiB: 256,
            devices: [
              { name: 'cam0', coherent: false },
              { name: 'gpu0', coherent: false, iommu: true, dmaMaskBits: 40 },
            ],
          },
          o,
          2000,
        ),
      ops,
    );
    // A string, so that tsx's name helpers do not leak into the page.
    await page.evaluate(
      'window.__frames = []; (function tick(t) { window.__frames.push(t); requestAnimationFrame(tick); })(performance.now());',
    );
    const speed = page.getByRole('combobox').filter({ hasText: 'events/s' });
    if (await speed.count())
      await speed.selectOption({ index: (await speed.locator('option').count()) - 1 }).catch(() => {});
    const clickAt = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => document.querySelector('.stage-overlay')?.childElementCount, null, {
      timeout: 10_000,
    });
    const firstFrame = await page.evaluate(() => performance.now());
    await page.waitForTimeout(8000);
    const frames = await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames);
    const state = await page.evaluate(() => window.__dmaviz!.getState());
    const deltas = frames.slice(1).map((t, i) => t - frames[i]!);
    await browser.close();
    const rows: Array<[string, string, string]> = [
      ['frame time median (ms)', pct(deltas, 0.5).toFixed(1), '< 16.7'],
      ['frame time p95 (ms)', pct(deltas, 0.95).toFixed(1), '< 33'],
      ['frames measured', String(deltas.length), ''],
      ['calls played', String(state.cursor - 2000), '200 (in 8 s)'],
      ['play click to first animated frame (ms)', (firstFrame - clickAt).toFixed(0), '< 100'],
      ['initial JS (KB gzip)', (initialJsGzip() / 1024).toFixed(1), '< 250'],
      ['time to interactive, default view (ms)', String(tti), '< 1000'],
    ];
    console.log('| figure | measured | aim |\n|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  } finally {
    server.kill();
  }
}

await main();

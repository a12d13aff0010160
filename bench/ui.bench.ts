// UI benchmarks: drives the built app (needs `npx vite build --mode e2e` first; this script then
// starts `vite preview` itself) in Chromium and prints a table of figures: frame times while
// animating 200 calls on a 16 GiB machine with 2,000 live buffers, time from "Play" and from
// "Run" to the first animated frame, initial JavaScript (gzip) and time to interactive.
//
// Knobs: BENCH_DIST (built site, default dist), BENCH_PORT (default 4174), BENCH_CALLS (calls to
// play, default 200), BENCH_PROFILE (a folder: writes Chromium CPU profiles of each phase there).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type CDPSession, chromium, type Page } from '@playwright/test';
import type { Op } from '../src/model';

const DIST = process.env.BENCH_DIST ?? 'dist';
const PORT = Number(process.env.BENCH_PORT ?? 4174);
const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const PROFILE = process.env.BENCH_PROFILE;
const URL = `http://127.0.0.1:${PORT}/`;
const LIVE = 2000;
/** Run clicks timed (the figure is their median). */
const RUNS = 5;

function findChromium(): string {
  for (const c of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (c && existsSync(c)) return c;
  throw new Error('no Chromium: set CHROMIUM_PATH (see playwright.config.ts for the npm fallback)');
}

function initialJsGzip(): number {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return scripts.reduce((n, f) => n + gzipSync(readFileSync(path.join(DIST, f))).length, 0);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
};

/**
 * With BENCH_PROFILE set, profiles `run`: a JS CPU profile (CDP Profiler) and a timeline trace
 * (style, layout, paint: what the profile shows only as "(program)").
 */
async function profiled<T>(page: Page, cdp: CDPSession, name: string, run: () => Promise<T>): Promise<T> {
  if (!PROFILE) return run();
  mkdirSync(PROFILE, { recursive: true });
  const browser = page.context().browser()!;
  await browser.startTracing(page, {
    path: path.join(PROFILE, `${name}.trace.json`),
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const out = await run();
  const { profile } = await cdp.send('Profiler.stop');
  await browser.stopTracing();
  writeFileSync(path.join(PROFILE, `${name}.cpuprofile`), JSON.stringify(profile));
  return out;
}

/**
 * Arms an in-page probe for the next click: `shown` is when the first frame that shows the new
 * position (step and event) has been painted, `lit` when the first frame with a highlight drawn on
 * the stage's animation overlay after the click has been painted (a rAF, then a task after it).
 * A string, so that tsx's name helpers do not leak into the page.
 */
const armProbe = (page: Page) =>
  page.evaluate(`(() => {
    const t = (window.__probe = { click: 0, shown: 0, lit: 0 });
    const pos = () => document.querySelector('output[aria-label="Position"]')?.textContent;
    const g = document.querySelector('.stage-overlay');
    const before = pos();
    let mutated = false;
    new MutationObserver(() => { mutated = true; }).observe(g, { childList: true, subtree: true });
    const afterPaint = (key) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { t[key] = performance.now(); };
      ch.port2.postMessage(0);
    };
    let shown = false, lit = false;
    document.addEventListener('click', (e) => {
      t.click = e.timeStamp;
      mutated = false;
      const loop = () => {
        if (!shown && pos() !== before) { shown = true; afterPaint('shown'); }
        if (!lit && mutated && g.childElementCount > 0) { lit = true; afterPaint('lit'); }
        if (!(shown && lit)) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    }, { capture: true, once: true });
  })()`);
const probeResult = async (page: Page): Promise<{ shown: number; lit: number }> => {
  await page.waitForFunction('window.__probe.shown > 0 && window.__probe.lit > 0', null, { timeout: 10_000 });
  const t = (await page.evaluate('window.__probe')) as { click: number; shown: number; lit: number };
  return { shown: t.shown - t.click, lit: t.lit - t.click };
};

async function main() {
  if (!existsSync(path.join(DIST, 'index.html')))
    throw new Error(`run \`npx vite build --mode e2e\` first (BENCH_DIST=${DIST})`);
  // vite itself, not through npx, so that kill() stops the server and not only its launcher.
  const vite = path.resolve('node_modules/vite/bin/vite.js');
  const args = [vite, 'preview', '--port', String(PORT), '--strictPort', '--outDir', DIST];
  const server = spawn(process.execPath, args, { stdio: 'ignore' });
  let stopping = false;
  server.on('exit', (code) => {
    if (code && !stopping) console.error(`vite preview exited with ${code} (port ${PORT} in use?)`);
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
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    const t0 = Date.now();
    await page.goto(URL);
    await page.getByRole('region', { name: /Stage: address spaces/ }).waitFor();
    const tti = Date.now() - t0;

    const ops: Op[] = [];
    for (let i = 0; i < LIVE + CALLS; i++)
      ops.push({ op: 'dma_alloc_coherent', dev: i % 3 === 1 ? 'gpu0' : 'cam0', size: i % 10 ? '4K' : '64K' });
    await page.evaluate(
      ([o, live]) =>
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
          live,
        ),
      [ops, LIVE] as const,
    );
    // Play at the fastest speed offered; every event of every call animates.
    const speed = page.getByRole('combobox').filter({ hasText: 'events/s' });
    await speed.selectOption({ index: (await speed.locator('option').count()) - 1 });
    const eventsPerSecond = Number(await speed.inputValue());
    await page.waitForTimeout(500);

    // 1. Play click → first animated frame (includes the wait for playback's first tick).
    await armProbe(page);
    const playToFrame = await profiled(page, cdp, 'play-click', async () => {
      await page.getByRole('button', { name: 'Play' }).click();
      return probeResult(page);
    });

    // 2. Frame times over the whole run of CALLS calls, every event animated.
    await page.evaluate(
      'window.__frames = []; (function tick(t) { window.__frames.push(t); requestAnimationFrame(tick); })(performance.now());',
    );
    const playStart = Date.now();
    // Until playback stops by itself at the end of the session (its last call played whole).
    await profiled(page, cdp, 'playback', () =>
      page.waitForFunction(
        () => {
          const s = window.__dmaviz!.getState();
          return s.cursor === s.historyLength && s.eventIndex === null;
        },
        null,
        { timeout: 900_000, polling: 500 },
      ),
    );
    const playSeconds = (Date.now() - playStart) / 1000;
    const frames = await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames);
    await page.evaluate('window.__frames = { push() {} }');
    const deltas = frames.slice(1).map((t, i) => t - frames[i]!);
    await page.waitForTimeout(500);

    // 3. Run click (the driver panel's default call) → first animated frame; the median of
    // RUNS clicks, a second apart (a single click is at the mercy of a busy machine).
    const runs: Array<{ shown: number; lit: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      await armProbe(page);
      runs.push(
        await profiled(page, cdp, `run-click-${i}`, async () => {
          await page.getByRole('button', { name: /^Run/ }).click();
          return probeResult(page);
        }),
      );
      await page.waitForTimeout(1000);
    }
    const runToFrame = {
      shown: pct(
        runs.map((r) => r.shown),
        0.5,
      ),
      lit: pct(
        runs.map((r) => r.lit),
        0.5,
      ),
    };
    await browser.close();
    const rows: Array<[string, string, string]> = [
      ['frame time median (ms)', pct(deltas, 0.5).toFixed(1), '< 16.7'],
      ['frame time p95 (ms)', pct(deltas, 0.95).toFixed(1), '< 33'],
      ['frames measured', String(deltas.length), ''],
      // How the slow frames are spread: a frame that misses one vsync lasts 33 ms, two 50 ms.
      [
        'frames over 1 / 2 / 3 vsyncs (%)',
        [1.5, 2.5, 3.5]
          .map((n) => ((100 * deltas.filter((d) => d > n * 16.7).length) / deltas.length).toFixed(1))
          .join(' / '),
        '',
      ],
      [
        'calls played',
        `${CALLS} in ${playSeconds.toFixed(0)} s at ${eventsPerSecond} events/s`,
        String(CALLS),
      ],
      // "shown": the first frame painted with the new step/event (the call has started);
      // "lit": the first with a highlight on the stage (paced by playback: a call's first events,
      // e.g. callEntered, draw nothing on the stage, so this waits for a few playback ticks).
      [`Run click to first frame of the call (ms, median of ${RUNS})`, runToFrame.shown.toFixed(0), '< 100'],
      [`Run click to first stage highlight (ms, median of ${RUNS})`, runToFrame.lit.toFixed(0), ''],
      ['Play click to first frame of the next event (ms)', playToFrame.shown.toFixed(0), ''],
      ['Play click to first stage highlight (ms)', playToFrame.lit.toFixed(0), ''],
      ['initial JS (KB gzip)', (initialJsGzip() / 1024).toFixed(1), '< 250'],
      ['time to interactive, default view (ms)', String(tti), '< 1000'],
    ];
    console.log('| figure | measured | aim |\n|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  } finally {
    stopping = true;
    server.kill();
  }
}

await main();

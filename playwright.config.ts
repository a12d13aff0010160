import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// Find a browser by itself: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the headless
// Chromium shipped inside @sparticuz/chromium (unpacked under node_modules/.cache). Never skip.
async function findChromium(): Promise<string> {
  // DMAVIZ_BROWSER=bundled tries the npm-shipped fallback even where a system Chromium exists.
  const candidates =
    process.env.DMAVIZ_BROWSER === 'bundled'
      ? []
      : [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  const cache = path.resolve('node_modules/.cache/sparticuz');
  mkdirSync(cache, { recursive: true });
  const oldTmp = process.env.TMPDIR;
  process.env.TMPDIR = cache;
  const { default: chromium } = await import('@sparticuz/chromium');
  const exe = await chromium.executablePath();
  if (oldTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = oldTmp;
  return exe;
}

const executablePath = await findChromium();

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    baseURL: 'http://127.0.0.1:4173',
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath,
      args: [
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: 'npx vite build --mode e2e --logLevel warn && npx vite preview --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});

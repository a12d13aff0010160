import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// base './' makes the built site work from any sub-path (static hosting, a laptop at a talk).
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 900 },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
  test: {
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'model',
          environment: 'node',
          include: ['src/model/**/*.test.ts', 'src/cli/**/*.test.ts', 'src/scenarios/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'ui', environment: 'jsdom', include: ['src/ui/**/*.test.{ts,tsx}'] },
      },
    ],
  },
});

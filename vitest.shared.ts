import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Shared vitest settings: every package's vitest.config.ts calls `sharedProject(name)`.
 * Tests import sibling packages by name; the alias points them at the package sources,
 * so `npm test` needs no build and always tests the code in the tree.
 */
export function sharedProject(name: string) {
  return defineProject({
    resolve: {
      alias: [
        { find: /^@speechsr\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
        { find: /^@speechsr\/([a-z-]+)\/([a-z-]+)$/, replacement: `${root}packages/$1/src/$2.ts` },
      ],
    },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      tags: [
        { name: 'slow', description: 'long-running: skipped by npm run test:fast', timeout: 600_000 },
        { name: 'gpu', description: 'needs @tensorflow/tfjs-node-gpu and a CUDA device' },
      ],
    },
  });
}

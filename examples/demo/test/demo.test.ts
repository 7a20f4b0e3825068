import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
// @ts-expect-error: plain ESM example without type declarations
import { runDemo } from '../demo.mjs';

const out = mkdtempSync(join(tmpdir(), 'speechsr-demo-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('demo: prepares patch files and scores Spline with every metric', async () => {
  const lines: string[] = [];
  const { prepared, results } = await runDemo({ out, scales: [2], limit: 2, workers: 0, log: (l: string) => lines.push(l) });
  expect(prepared).toHaveLength(2);
  for (const p of prepared) expect(p.count).toBeGreaterThan(0);
  const [r2] = results;
  // Spline at r = 2 on real speech: clearly positive SNR, LSD of a few units, PESQ well above noise level.
  expect(r2.summary.snr.mean).toBeGreaterThan(5);
  expect(r2.summary.lsd.mean).toBeGreaterThan(0.5);
  expect(r2.summary.lsd.mean).toBeLessThan(5);
  expect(r2.summary.pesq.mean).toBeGreaterThan(1.5);
  const saved = JSON.parse(readFileSync(r2.file, 'utf8'));
  expect(saved.protocol.scale).toBe(2);
  expect(saved.protocol.scheme).toBe('decimate');
  // A second run resumes: existing patch files are not prepared again.
  const again = await runDemo({ out, scales: [2], limit: 2, workers: 0, log: (l: string) => lines.push(l) });
  expect(again.prepared.every((p: { count: number | null }) => p.count === null)).toBe(true);
});

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../src/cli.js';
import { PatchFile, parseFileList } from '../src/index.js';

// The demo corpus bundled with the repository (a copy of ../shared/corpora/demo).
const DEMO = fileURLToPath(new URL('../../../examples/demo/corpus', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'speechsr-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sink() {
  const lines: string[] = [];
  return { lines, out: { log: (s: string) => lines.push(s), err: (s: string) => lines.push(`ERR ${s}`) } };
}

describe('speechsr-dataset CLI', () => {
  test('prep names the output by the seed rule and reports throughput', async () => {
    const { lines, out } = sink();
    const code = await main(
      [
        'prep',
        '--list',
        join(DEMO, 'demo-val-files.txt'),
        '--out-dir',
        dir,
        '--corpus',
        'demo',
        '--state',
        'val',
        '--low-pass',
        'decimating',
        '--batch-size',
        '4',
        '--workers',
        '0',
        '--no-progress',
      ],
      out,
    );
    expect(lines.join('\n')).toMatch(
      /demo-decimating-val\.2\.2048\.1024\.h5: \d+ patches .* from 4 files, [\d.]+ s of audio in [\d.]+ s \([\d.]+ s\/s\)/,
    );
    expect(code).toBe(0);
    const pf = await PatchFile.open(join(dir, 'demo-decimating-val.2.2048.1024.h5'));
    expect(pf.count % 4).toBe(0);
    expect(pf.attrs.source_list).toBe(join(DEMO, 'demo-val-files.txt'));
    pf.close();
  });
  test('split writes manifest.txt and the three lists', async () => {
    cpSync(DEMO, join(dir, 'demo'), { recursive: true });
    const { lines, out } = sink();
    expect(await main(['split', join(dir, 'demo'), '--seed', '3'], out)).toBe(0);
    expect(lines[0]).toMatch(/^40 files: train 32 → .*demo-train-files\.txt, val 4 → .*, test 4 → /);
    const manifest = parseFileList(readFileSync(join(dir, 'demo/manifest.txt'), 'utf8'));
    expect(manifest).toHaveLength(40);
    expect(existsSync(join(dir, 'demo/demo-test-files.txt'))).toBe(true);
  });
  test('usage errors give code 2 / 1 and a message', async () => {
    const a = sink();
    expect(await main(['frobnicate'], a.out)).toBe(2);
    expect(a.lines[0]).toMatch(/^ERR usage:/);
    const b = sink();
    expect(await main(['prep', '--out', 'x.h5'], b.out)).toBe(1);
    expect(b.lines[0]).toMatch(/--list is required/);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Every source file reachable from src/index.ts through relative imports. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:from|import)\s+'(\.[^']+)\.js'/g))
    reachable(join(dirname(file), `${m[1]}.ts`), seen);
  return seen;
}

describe('package entry points', () => {
  test('the main entry is browser-safe: no node: imports reachable from src/index.ts', () => {
    const files = [...reachable(join(SRC, 'index.ts'))];
    expect(files.some((f) => f.endsWith('node.ts'))).toBe(false);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/from\s+'node:|require\(/);
  });

  test('the files that register classes are the ones sideEffects lists (./dist/layers/*.js)', () => {
    const pkg = JSON.parse(readFileSync(join(SRC, '..', 'package.json'), 'utf8')) as {
      sideEffects: string[];
      exports: Record<string, unknown>;
    };
    expect(pkg.sideEffects).toEqual(['./dist/layers/*.js']);
    const registering = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && /registerClass\(/.test(readFileSync(join(SRC, f), 'utf8')),
    );
    expect(registering.sort()).toEqual(['layers/orthogonal.ts', 'layers/subpixel.ts']);
    expect(Object.keys(pkg.exports)).toEqual(['.', './node', './package.json']);
  });
});

#!/usr/bin/env node
// Consumer test (issue #14): every public package installs from its tarball alone, outside the
// workspace, and its README example runs there; the browser-safe packages bundle for the browser.
//   node scripts/test-consumers.mjs [--keep] [pkg ...]
// Needs `npm run build` first. Prints a table and `N passed, N failed`; exits non-zero on failure.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const BROWSER_ENTRIES = ['dsp', 'metrics', 'losses', 'models'];
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/, /^dist\/.+\.(js|d\.ts)$/, /^dist\/.+\.map$/, /^wasm\/.+\.wasm$/, /^dist\/.+\.wasm$/, /^bin\/.+\.js$/];
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const only = args.filter((a) => !a.startsWith('--'));

const sh = (cmd, argv, cwd, quiet = true) =>
  execFileSync(cmd, argv, { cwd, encoding: 'utf8', stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, npm_config_update_notifier: 'false' } });

const pkgs = new Map();
for (const dir of readdirSync(join(ROOT, 'packages'))) {
  const file = join(ROOT, 'packages', dir, 'package.json');
  if (!existsSync(file)) continue;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  if (json.private) continue;
  pkgs.set(json.name, { dir: join(ROOT, 'packages', dir), short: dir, json });
}
const rootJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const pinned = { ...rootJson.devDependencies };

const work = mkdtempSync(join(tmpdir(), 'speechsr-consumers-'));
const tarballs = new Map();
const results = [];
const record = (name, check, ok, detail = '') => {
  results.push({ name, check, ok, detail });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} — ${check}${detail ? `: ${detail}` : ''}`);
};

// 1. pack every public package and check what the tarball holds
for (const [name, p] of pkgs) {
  const out = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', work], p.dir));
  const entry = out[0];
  tarballs.set(name, join(work, entry.filename));
  const bad = entry.files.map((f) => f.path).filter((f) => !ALLOWED.some((re) => re.test(f)));
  record(name, 'tarball holds only built code, types, wasm, README, LICENSE, CHANGELOG', bad.length === 0, bad.join(', '));
  for (const required of ['README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
    if (!entry.files.some((f) => f.path === required)) record(name, `tarball has ${required}`, false);
  }
}

function internalDeps(name, seen = new Set()) {
  const p = pkgs.get(name);
  for (const dep of Object.keys(p.json.dependencies ?? {})) {
    if (pkgs.has(dep) && !seen.has(dep)) {
      seen.add(dep);
      internalDeps(dep, seen);
    }
  }
  return seen;
}

// The README's example: the first js/ts code block that imports the package itself.
function readmeExample(p) {
  const text = readFileSync(join(p.dir, 'README.md'), 'utf8');
  for (const m of text.matchAll(/```(js|javascript|mjs|ts|typescript)\n([\s\S]*?)```/g)) {
    if (m[2].includes(`'${p.json.name}`) || m[2].includes(`"${p.json.name}`)) return { ts: m[1].startsWith('t'), code: m[2] };
  }
  return null;
}

const errText = (e) => {
  const t = String(e.stderr || e.stdout || e);
  const lines = t.split('\n').filter((l) => l.trim() && !/^\s+at /.test(l));
  return lines.slice(0, 8).join(' | ').slice(0, 800);
};

// 2. install each tarball (with its internal deps' tarballs only) into a fresh project; run the README example
for (const [name, p] of pkgs) {
  if (only.length && !only.includes(p.short)) continue;
  const app = join(work, `app-${p.short}`);
  rmSync(app, { recursive: true, force: true });
  execFileSync('mkdir', ['-p', app]);
  const deps = {};
  for (const d of [name, ...internalDeps(name)]) deps[d] = `file:${tarballs.get(d)}`;
  for (const peer of Object.keys(p.json.peerDependencies ?? {})) {
    if (p.json.peerDependenciesMeta?.[peer]?.optional) continue;
    deps[peer] = pinned[peer] ?? p.json.peerDependencies[peer];
  }
  // Third-party packages the README example imports besides the package (e.g. a tfjs backend), at the
  // workspace's pinned versions, as a user following the README's install line would have them.
  const example = readmeExample(p);
  for (const m of (example?.code ?? '').matchAll(/(?:from|import) '([^'.][^']*)'/g)) {
    const spec = m[1].startsWith('@') ? m[1].split('/').slice(0, 2).join('/') : m[1].split('/')[0];
    if (spec.startsWith('node:') || deps[spec] || spec.startsWith('@speechsr/')) continue;
    if (pinned[spec]) deps[spec] = pinned[spec];
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: `consumer-${p.short}`, private: true, type: 'module', dependencies: deps }, null, 2));
  try {
    sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'], app);
    record(name, 'installs from its tarball alone', true);
  } catch (e) {
    record(name, 'installs from its tarball alone', false, errText(e));
    continue;
  }
  if (!example) {
    record(name, `README has a runnable js/ts example importing ${name}`, false);
  } else {
    // TypeScript examples are stripped of their types with esbuild (no bundling: imports stay as written).
    writeFileSync(join(app, example.ts ? 'example.ts' : 'example.mjs'), example.code);
    try {
      if (example.ts) sh(join(ROOT, 'node_modules', '.bin', 'esbuild'), ['example.ts', '--format=esm', '--platform=node', '--outfile=example.mjs', '--log-level=error'], app);
      const out = sh('node', ['example.mjs'], app);
      record(name, 'README example runs', true, out.trim().split('\n').slice(-1)[0]?.slice(0, 120) ?? '');
    } catch (e) {
      record(name, 'README example runs', false, errText(e));
    }
  }
  // 3. browser bundle of the main entry: fails on node: built-ins
  if (BROWSER_ENTRIES.includes(p.short)) {
    const entry = join(app, 'entry.mjs');
    writeFileSync(entry, `export * from '${name}';\n`);
    const outfile = join(app, 'bundle.js');
    try {
      sh(join(ROOT, 'node_modules', '.bin', 'esbuild'), [entry, '--bundle', '--minify', '--format=esm', '--platform=browser', `--outfile=${outfile}`, '--log-level=error', ...(p.short === 'losses' || p.short === 'models' ? ['--external:@tensorflow/*'] : [])], app);
      const size = statSync(outfile).size;
      const gz = gzipSync(readFileSync(outfile)).length;
      record(name, 'browser bundle (esbuild, platform=browser)', true, `${(size / 1024).toFixed(1)} KiB min, ${(gz / 1024).toFixed(1)} KiB gzip${p.short === 'losses' || p.short === 'models' ? ' (tfjs external)' : ''}`);
    } catch (e) {
      record(name, 'browser bundle (esbuild, platform=browser)', false, errText(e));
    }
  }
}

if (!keep) rmSync(work, { recursive: true, force: true });
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`\nconsumers: ${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);

import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** Temporary name used while a file is written: `<path>.tmp` (renamed when complete). */
export function tmpPath(path: string): string {
  return `${path}.tmp`;
}

/**
 * Writes `bytes` to `<path>.tmp` and renames it to `path`, so readers never see a partial file.
 * @param path - final path
 * @param bytes - content
 * @returns nothing
 * @throws the underlying fs error (the temp file is removed first)
 * @example writeFileAtomic('list.txt', new TextEncoder().encode('a.wav\n'));
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = tmpPath(path);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

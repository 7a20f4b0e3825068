import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { assertInt, FileFormatError, ParameterError } from '@speechsr/core';
import h5wasm from 'h5wasm/node';
import { tmpPath } from './atomic.js';
import type { Patches } from './pipeline.js';

type H5File = InstanceType<typeof h5wasm.File>;
type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

/** Attribute values our writer stores on the root group (readers ignore unknown ones, dsp.md §8). */
export type PatchAttributes = Record<string, string | number>;

async function ready(): Promise<void> {
  await h5wasm.ready;
}

/**
 * The seed's output file name (dsp.md §8): `{corpus}-{lowPass}-{state}.{scale}.{dimension}.{stride}.h5`.
 * Mirrors: `prep_dataset.py` `create`.
 * @param p - name parts
 * @returns the file name, e.g. `timit-decimating-train.2.2048.1024.h5`
 * @example patchFileName({ corpus: 'slt', lowPass: 'decimating', state: 'train', scale: 2 });
 */
export function patchFileName(p: {
  corpus: string;
  lowPass: string;
  state: string;
  scale: number;
  dimension?: number;
  stride?: number;
}): string {
  const { dimension = 2048, stride = 1024 } = p;
  return `${p.corpus}-${p.lowPass}-${p.state}.${p.scale}.${dimension}.${stride}.h5`;
}

/** Optional per-patch datasets: `speaker` int32 [N], `scheme` uint8 [N] (dsp.md §5.4, §8). */
export interface PatchExtras {
  /** Speaker number of each patch (e.g. 225 for VCTK `p225/`), one per patch; written as int32 `speaker` [N]. */
  speaker?: Int32Array;
  /** Low-res scheme code of each patch ({@link SCHEME_CODES}: 1 subsampling, 2 decimating, 3 fft); written as uint8 `scheme` [N]. */
  scheme?: Uint8Array;
}

/**
 * Writes a patch file in the seed's layout: root datasets `data` (LR) and `label` (HR), float32
 * little-endian, shape `[N, dimension, 1]`, **contiguous**, no filters; plus our root attributes
 * and optional `speaker` / `scheme` datasets. Written to `<path>.tmp`, then renamed.
 * Mirrors: `h5py.File(path, 'w').create_dataset('data', data=...)` as in `prep_dataset.py`.
 * @param path - output `.h5` path
 * @param patches - {@link Patches} (all of them are written; cut to a batch multiple first)
 * @param options - `attrs` (root attributes), `extras`
 * @returns a promise resolved when the file is complete
 * @throws {@link @speechsr/core!ParameterError} when array sizes disagree
 * @example await writePatchFile('out.h5', patches, { attrs: { sr: 16000, scale: 2 } });
 */
export async function writePatchFile(
  path: string,
  patches: Patches,
  options: { attrs?: PatchAttributes; extras?: PatchExtras } = {},
): Promise<void> {
  const { count, dimension, data, label } = patches;
  if (data.length !== count * dimension || label.length !== count * dimension) {
    throw new ParameterError(
      `writePatchFile: patches.data and patches.label must hold count·dimension = ${count * dimension} values, got ${data.length} and ${label.length}.`,
    );
  }
  await ready();
  const tmp = tmpPath(resolve(path));
  let f: H5File | undefined;
  try {
    f = new h5wasm.File(tmp, 'w');
    f.create_dataset({ name: 'data', data, shape: [count, dimension, 1], dtype: '<f4' });
    f.create_dataset({ name: 'label', data: label, shape: [count, dimension, 1], dtype: '<f4' });
    writeExtras(f, options.extras, count);
    for (const [k, v] of Object.entries(options.attrs ?? {})) f.create_attribute(k, v);
    f.close();
    f = undefined;
    renameSync(tmp, resolve(path));
  } catch (err) {
    f?.close();
    rmSync(tmp, { force: true });
    throw err;
  }
}

function writeExtras(f: H5File, extras: PatchExtras | undefined, count: number): void {
  if (extras?.speaker) {
    if (extras.speaker.length !== count)
      throw new ParameterError(
        `writePatchFile: extras.speaker must have ${count} entries, got ${extras.speaker.length}.`,
      );
    f.create_dataset({ name: 'speaker', data: extras.speaker, shape: [count], dtype: '<i' });
  }
  if (extras?.scheme) {
    if (extras.scheme.length !== count)
      throw new ParameterError(
        `writePatchFile: extras.scheme must have ${count} entries, got ${extras.scheme.length}.`,
      );
    f.create_dataset({ name: 'scheme', data: extras.scheme, shape: [count], dtype: '<B' });
  }
}

/**
 * Streaming writer for patch files larger than memory. Datasets `data` / `label` are float32
 * `[N, dimension, 1]`, **chunked** `[chunkPatches, dimension, 1]` without filters (h5wasm can only
 * create a contiguous dataset from one in-memory array; every HDF5 reader, h5py and the seed's
 * loader included, reads both layouts the same). Everything goes to `<path>.tmp`; {@link PatchWriter.close}
 * renames it, {@link PatchWriter.abort} deletes it.
 */
export class PatchWriter {
  /** Patches written so far. */
  count = 0;
  private readonly speaker: number[] = [];
  private readonly scheme: number[] = [];
  private constructor(
    /** Final `.h5` path, made absolute (data goes to `<path>.tmp` until {@link PatchWriter.close}). */
    readonly path: string,
    /** Patch length d in samples; every appended patch must have it. */
    readonly dimension: number,
    private readonly file: H5File,
    private readonly data: H5Dataset,
    private readonly label: H5Dataset,
  ) {}

  /**
   * Opens `<path>.tmp` for writing.
   * @param path - final `.h5` path
   * @param options - `dimension` (2048), `chunkPatches` (32), `attrs` (root attributes)
   * @returns a writer
   * @throws {@link @speechsr/core!ParameterError} for bad sizes
   */
  static async create(
    path: string,
    options: { dimension?: number; chunkPatches?: number; attrs?: PatchAttributes } = {},
  ): Promise<PatchWriter> {
    const { dimension = 2048, chunkPatches = 32, attrs = {} } = options;
    assertInt(dimension, 'PatchWriter.create', 'options.dimension', { min: 1 });
    assertInt(chunkPatches, 'PatchWriter.create', 'options.chunkPatches', { min: 1 });
    await ready();
    const abs = resolve(path);
    const f = new h5wasm.File(tmpPath(abs), 'w');
    const mk = (name: string) =>
      f.create_dataset({
        name,
        data: new Float32Array(0),
        shape: [0, dimension, 1],
        maxshape: [null, dimension, 1],
        chunks: [chunkPatches, dimension, 1],
        dtype: '<f4',
      });
    const d = mk('data');
    const l = mk('label');
    for (const [k, v] of Object.entries(attrs)) f.create_attribute(k, v);
    return new PatchWriter(abs, dimension, f, d, l);
  }

  /**
   * Appends patches (and, optionally, their speaker id / scheme code).
   * @param p - {@link Patches} with this writer's dimension
   * @param extra - per-file speaker id and/or scheme code, repeated for each patch
   * @returns nothing
   * @throws {@link @speechsr/core!ParameterError} for a dimension mismatch
   */
  append(p: Patches, extra: { speaker?: number; scheme?: number } = {}): void {
    if (p.dimension !== this.dimension)
      throw new ParameterError(
        `PatchWriter.append: patches.dimension must be ${this.dimension}, got ${p.dimension}.`,
      );
    if (p.count === 0) return;
    const n = this.count + p.count;
    this.data.resize([n, this.dimension, 1]);
    this.label.resize([n, this.dimension, 1]);
    this.data.write_slice([[this.count, n]], p.data);
    this.label.write_slice([[this.count, n]], p.label);
    for (let i = 0; i < p.count; i++) {
      if (extra.speaker !== undefined) this.speaker.push(extra.speaker);
      if (extra.scheme !== undefined) this.scheme.push(extra.scheme);
    }
    this.count = n;
  }

  /**
   * Keeps the first `n` patches (the seed's cut to a multiple of the batch size, dsp.md §7).
   * @param n - new count ≤ {@link PatchWriter.count}
   * @returns nothing
   */
  truncate(n: number): void {
    assertInt(n, 'PatchWriter.truncate', 'n', { min: 0, max: this.count });
    this.data.resize([n, this.dimension, 1]);
    this.label.resize([n, this.dimension, 1]);
    this.speaker.length = Math.min(this.speaker.length, n);
    this.scheme.length = Math.min(this.scheme.length, n);
    this.count = n;
  }

  /** Writes the extras, closes the file and renames `<path>.tmp` to `path`. */
  close(): void {
    if (this.speaker.length === this.count && this.count > 0) {
      this.file.create_dataset({
        name: 'speaker',
        data: Int32Array.from(this.speaker),
        shape: [this.count],
        dtype: '<i',
      });
    }
    if (this.scheme.length === this.count && this.count > 0) {
      this.file.create_dataset({
        name: 'scheme',
        data: Uint8Array.from(this.scheme),
        shape: [this.count],
        dtype: '<B',
      });
    }
    this.file.close();
    renameSync(tmpPath(this.path), this.path);
  }

  /** Closes and deletes the temporary file: no partial output remains. */
  abort(): void {
    try {
      this.file.close();
    } finally {
      rmSync(tmpPath(this.path), { force: true });
    }
  }
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Checks the HDF5 signature (at 0, 512, 1024, 2048, … as the format allows) before the library sees the file. */
function checkSignature(path: string, abs: string): void {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (err) {
    throw new FileFormatError(
      path,
      `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
      { cause: err },
    );
  }
  try {
    const size = fstatSync(fd).size;
    const buf = new Uint8Array(8);
    for (let off = 0; off + 8 <= size; off = off === 0 ? 512 : off * 2) {
      readSync(fd, buf, 0, 8, off);
      if (HDF5_SIGNATURE.every((b, i) => buf[i] === b)) return;
    }
  } finally {
    closeSync(fd);
  }
  throw new FileFormatError(
    path,
    'cannot open as HDF5: no HDF5 signature found (not an HDF5 file, or truncated).',
  );
}

/** A patch file opened for reading; only the slices asked for are read from disk. */
export class PatchFile {
  private constructor(
    /** The `.h5` path passed to {@link PatchFile.open}, made absolute. */
    readonly path: string,
    private readonly file: H5File,
    private readonly dData: H5Dataset,
    private readonly dLabel: H5Dataset,
    /** Number of patches N. */
    readonly count: number,
    /** Patch length (2048). */
    readonly dimension: number,
    /** Root attributes (empty for the seed's files). */
    readonly attrs: Readonly<Record<string, unknown>>,
  ) {}

  /**
   * Opens an HDF5 patch file (the seed's or ours) and checks its layout.
   * @param path - `.h5` path
   * @returns a {@link PatchFile}; call {@link PatchFile.close} when done
   * @throws {@link @speechsr/core!FileFormatError} naming the file when it is missing, not HDF5, lacks `data`/`label`,
   *   or they are not float32 `[N, d, 1]` of equal shape
   * @example const pf = await PatchFile.open('vctk-speaker1-val.2.2048.1024.h5'); pf.read(0, 32);
   */
  static async open(path: string): Promise<PatchFile> {
    await ready();
    const abs = resolve(path);
    checkSignature(path, abs);
    let f: H5File;
    try {
      f = new h5wasm.File(abs, 'r');
    } catch (err) {
      throw new FileFormatError(path, `cannot open as HDF5 (${(err as Error).message.split('\n')[0]}).`, {
        cause: err,
      });
    }
    try {
      const get = (name: string): H5Dataset => {
        const d = f.get(name);
        if (!(d instanceof h5wasm.Dataset))
          throw new FileFormatError(
            path,
            `dataset "${name}" is missing; a patch file holds root datasets "data" and "label".`,
          );
        const s = d.shape ?? [];
        const md = d.metadata;
        if (s.length !== 3 || s[2] !== 1 || md.type !== 1 || md.size !== 4) {
          throw new FileFormatError(
            path,
            `dataset "${name}" must be float32 [N, d, 1], got ${md.type === 1 ? `float${md.size * 8}` : 'non-float'} [${s.join(', ')}].`,
          );
        }
        return d;
      };
      const d = get('data');
      const l = get('label');
      const sd = d.shape!;
      const sl = l.shape!;
      if (sd[0] !== sl[0] || sd[1] !== sl[1])
        throw new FileFormatError(
          path,
          `"data" [${sd.join(', ')}] and "label" [${sl.join(', ')}] must have the same shape.`,
        );
      const attrs: Record<string, unknown> = {};
      for (const [k, a] of Object.entries(f.attrs)) attrs[k] = a.value;
      return new PatchFile(abs, f, d, l, sd[0]!, sd[1]!, attrs);
    } catch (err) {
      f.close();
      throw err;
    }
  }

  /**
   * Reads patches `[start, end)`.
   * @param start - first patch
   * @param end - one past the last patch @defaultValue count
   * @returns `{ data, label }` row-major `[end−start, dimension, 1]` float32 (fresh arrays)
   * @throws {@link @speechsr/core!ParameterError} for an out-of-range interval
   */
  read(
    start = 0,
    end = this.count,
  ): {
    /** LR input patches, `count · dimension` float32 values. */
    data: Float32Array;
    /** HR target patches, `count · dimension` float32 values. */
    label: Float32Array;
    /** Patches read, `end − start`. */
    count: number;
  } {
    assertInt(start, 'PatchFile.read', 'start', { min: 0, max: this.count });
    assertInt(end, 'PatchFile.read', 'end', { min: start, max: this.count });
    if (end === start) return { data: new Float32Array(0), label: new Float32Array(0), count: 0 };
    const data = this.dData.slice([[start, end]]) as Float32Array;
    const label = this.dLabel.slice([[start, end]]) as Float32Array;
    return { data, label, count: end - start };
  }

  /**
   * Reads an optional 1-D dataset (`speaker`, `scheme`) or returns undefined.
   * @param name - dataset name
   * @returns its values, or undefined when absent
   */
  readExtra(name: 'speaker' | 'scheme'): Int32Array | Uint8Array | undefined {
    const d = this.file.get(name);
    return d instanceof h5wasm.Dataset ? (d.value as Int32Array | Uint8Array) : undefined;
  }

  /**
   * Layout facts of a dataset, to check a file against the seed's layout (dsp.md §8).
   * @param name - `data` or `label`
   * @returns `{ shape, chunks, dtype }`
   */
  layout(name: 'data' | 'label'): {
    /** Dataset shape, `[N, dimension, 1]` for a valid patch file. */
    shape: number[];
    /** Chunk shape, or null for contiguous storage (the seed's files). */
    chunks: number[] | null;
    /** Element type as a numpy-style string, e.g. `'<f4'` (little-endian float32). */
    dtype: string;
  } {
    const d = name === 'data' ? this.dData : this.dLabel;
    const md = d.metadata;
    return {
      shape: d.shape ?? [],
      chunks: md.chunks ?? null,
      dtype: `${md.littleEndian ? '<' : '>'}f${md.size}`,
    };
  }

  /** Closes the file. */
  close(): void {
    this.file.close();
  }
}

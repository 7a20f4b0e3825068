/// <reference types="node" />
/**
 * Node-only helpers of `@speechsr/models` (file system): `import { saveModel } from '@speechsr/models/node'`.
 * The main entry stays browser-safe.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { FileFormatError, ParameterError } from '@speechsr/core';
import './layers/orthogonal.js';
import './layers/subpixel.js';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * A tfjs `IOHandler` for a model directory: `<dir>/model.json` (tfjs layers-model format, with
 * `weightsManifest` pointing at `weights.bin`) and `<dir>/weights.bin`. Saving writes a sibling
 * temp directory and renames it into place, so a crash never leaves a half-written model.
 * (tfjs' own `file://` handler exists only with tfjs-node.)
 * @param dir - model directory (created on save; replaced atomically if it exists)
 * @returns an IOHandler for `model.save(h)` and `tfl.loadLayersModel(h)`
 * @throws {@link @speechsr/core!ParameterError} for an empty path
 * @example await model.save(fileHandler('runs/proposed/best'));
 */
export function fileHandler(dir: string): tf.io.IOHandler {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new ParameterError(`fileHandler: dir must be a non-empty path string, got ${JSON.stringify(dir)}.`);
  }
  return {
    async save(a: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const weights =
        a.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(a.weightData);
      const json: tf.io.ModelJSON = {
        modelTopology: a.modelTopology!,
        format: a.format,
        generatedBy: a.generatedBy,
        convertedBy: a.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: a.weightSpecs ?? [] }],
        ...(a.trainingConfig ? { trainingConfig: a.trainingConfig } : {}),
        ...(a.userDefinedMetadata ? { userDefinedMetadata: a.userDefinedMetadata } : {}),
      };
      await mkdir(dirname(dir), { recursive: true });
      const tmp = join(
        dirname(dir),
        `.${basename(dir)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
      );
      await mkdir(tmp);
      try {
        await writeFile(join(tmp, WEIGHTS_BIN), new Uint8Array(weights));
        await writeFile(join(tmp, MODEL_JSON), JSON.stringify(json));
        if (await exists(dir)) {
          const old = `${tmp}.old`;
          await rename(dir, old);
          await rename(tmp, dir);
          await rm(old, { recursive: true, force: true });
        } else {
          await rename(tmp, dir);
        }
      } catch (err) {
        await rm(tmp, { recursive: true, force: true });
        throw err;
      }
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(json.modelTopology).length,
          weightSpecsBytes: JSON.stringify(json.weightsManifest).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = join(dir, MODEL_JSON);
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
      } catch (err) {
        throw new FileFormatError(jsonPath, `cannot read a tfjs model.json (${(err as Error).message}).`, {
          cause: err,
        });
      }
      if (json.modelTopology == null || !Array.isArray(json.weightsManifest)) {
        throw new FileFormatError(
          jsonPath,
          'modelTopology or weightsManifest missing: not a tfjs layers model.',
        );
      }
      const buffers: ArrayBuffer[] = [];
      const specs: tf.io.WeightsManifestEntry[] = [];
      for (const group of json.weightsManifest) {
        for (const p of group.paths) {
          const bin = await readFile(join(dir, p)).catch((err: unknown) => {
            throw new FileFormatError(join(dir, p), `weights file missing (${(err as Error).message}).`, {
              cause: err,
            });
          });
          buffers.push(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer);
        }
        specs.push(...group.weights);
      }
      const weightData = tf.io.CompositeArrayBuffer.join(buffers);
      const expected = specs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
      if (weightData.byteLength !== expected) {
        throw new FileFormatError(
          join(dir, WEIGHTS_BIN),
          `holds ${weightData.byteLength} bytes, the manifest needs ${expected} (float32). The file is truncated or belongs to another model.`,
        );
      }
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        trainingConfig: json.trainingConfig,
        userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
}

/**
 * Saves a model to a directory through {@link fileHandler} (temp directory + rename).
 * @example await saveModel(model, 'runs/proposed/best');
 */
export async function saveModel(model: tfl.LayersModel, dir: string): Promise<void> {
  await model.save(fileHandler(dir));
}

/**
 * Loads a model saved by {@link saveModel} (custom layers, initializer and metadata included).
 * @throws {@link @speechsr/core!FileFormatError} naming the file when model.json or weights.bin is missing or inconsistent
 * @example const model = await loadModel('runs/proposed/best');
 */
export async function loadModel(dir: string): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(fileHandler(dir));
}

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import './layers/orthogonal.js';
import './layers/subpixel.js';

/**
 * Serialises a model (topology incl. the custom layers/initializer, weights, speechsr metadata)
 * into in-memory tfjs `ModelArtifacts`.
 * Mirrors: `model.save(tf.io.withSaveHandler(...))`.
 * @param model - a LayersModel (e.g. from `createModel`)
 * @returns the artifacts; `weightData` is one ArrayBuffer (float32 weights in manifest order)
 * @example const art = await saveToMemory(model); const copy = await loadFromMemory(art);
 */
export async function saveToMemory(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = {
        ...a,
        weightData: a.weightData === undefined ? undefined : tf.io.CompositeArrayBuffer.join(a.weightData),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return artifacts!;
}

/**
 * Rebuilds a model from {@link saveToMemory}'s artifacts (or any tfjs LayersModel artifacts whose
 * custom classes are registered — importing this package registers ours). Initialisers are not
 * re-run (tfjs' fast weight init), so loading is quick even for AudioUNet.
 * Mirrors: `tfl.loadLayersModel(tf.io.fromMemory(artifacts))`.
 * @returns the model with identical weights and metadata
 */
export async function loadFromMemory(artifacts: tf.io.ModelArtifacts): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts));
}

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ParameterError } from '@speechsr/core';
import { named } from './ops.js';
import type { InputLoss, TfLoss } from './types.js';

/**
 * Makes an input-aware loss (PCM, T-PCM) usable in `model.compile`, where tfjs-layers only passes
 * `(yTrue, yPred)`. The training model's output carries the network input as a second channel
 * (`withInputPassthrough`), so `yPred` is `[batch, time, 2]` = `[ŷ, x]`; `yTrue` must then be
 * `[batch, time, 2]` too (tfjs-layers checks target shapes), of which only channel 0 (`y`) is read —
 * `packTargets(y, x)` builds it. A plain `TfLoss` wrapped this way ignores x.
 * @param loss - an `InputLoss` such as `tpcmLoss()`
 * @returns a named `(yTrue, yPred) → [batch]` loss (name `<loss>_packed`)
 * @throws {@link @speechsr/core!ParameterError} (at call) when yPred/yTrue are not `[batch, time, 2]`
 * @example
 * const train = withInputPassthrough(net);
 * train.compile({ optimizer: tf.train.adam(3e-4), loss: packedLoss(tpcmLoss()) });
 * await train.fit(x, packTargets(y, x), { batchSize: 32 });
 */
export function packedLoss(loss: InputLoss | TfLoss): TfLoss {
  if (typeof loss !== 'function') {
    throw new ParameterError(
      `packedLoss: loss must be a loss function such as tpcmLoss(), got ${typeof loss}.`,
    );
  }
  const name = `${loss.name || 'loss'}_packed`;
  return named(name, (yTrue: tf.Tensor, yPred: tf.Tensor) => {
    for (const [label, z] of [
      ['yPred', yPred],
      ['yTrue', yTrue],
    ] as const) {
      if (z.rank !== 3 || z.shape[2] !== 2) {
        throw new ParameterError(
          `packedLoss: ${label} must have shape [batch, time, 2], got [${z.shape.join(', ')}]. ` +
            'Train withInputPassthrough(model) and pass packTargets(y, x) as the targets.',
        );
      }
    }
    return tf.tidy(() => {
      const [b, t] = yPred.shape as [number, number, number];
      const y = tf.slice(yTrue, [0, 0, 0], [b, t, 1]);
      const p = tf.slice(yPred, [0, 0, 0], [b, t, 1]);
      const x = tf.slice(yPred, [0, 0, 1], [b, t, 1]);
      return (loss as InputLoss)(y, p, x);
    });
  });
}

/**
 * Targets for a model trained through {@link packedLoss}: `concat([y, x], −1)`, `[batch, time, 2]`.
 * Channel 1 is not read by the loss (x comes from the model's passthrough channel); it is there
 * because tfjs-layers requires targets shaped like the outputs.
 * @param y - HR targets `[batch, time, 1]`
 * @param x - network inputs `[batch, time, 1]`
 * @returns a new `[batch, time, 2]` float32 tensor (caller disposes)
 * @throws {@link @speechsr/core!ParameterError} when the shapes differ or are not `[batch, time, 1]`
 * @example const targets = packTargets(y, x);
 */
export function packTargets(y: tf.Tensor, x: tf.Tensor): tf.Tensor3D {
  if (y.rank !== 3 || y.shape[2] !== 1 || !tf.util.arraysEqual(y.shape, x.shape)) {
    throw new ParameterError(
      `packTargets: y and x must both have shape [batch, time, 1], got [${y.shape.join(', ')}] and [${x.shape.join(', ')}].`,
    );
  }
  return tf.concat([y, x], 2) as tf.Tensor3D;
}

/**
 * A training view of a single-input, single-output model whose output is `concat([ŷ, x], −1)`:
 * the prediction plus the network input, so {@link packedLoss} can hand x to PCM/T-PCM inside
 * `model.compile`/`fit`. It shares every layer and weight with `model`: train the view, then save or
 * run `model` itself.
 * @param model - a `tfl.LayersModel` with one `[batch, time, 1]` input and one `[batch, time, 1]` output
 * @returns a new functional `tfl.LayersModel` (same weights) with output `[batch, time, 2]`
 * @throws {@link @speechsr/core!ParameterError} when the model has several inputs/outputs or a channel count other than 1
 * @example const train = withInputPassthrough(proposed({ scale: 2 }));
 */
export function withInputPassthrough(model: tfl.LayersModel): tfl.LayersModel {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ParameterError(
      `withInputPassthrough: model must have one input and one output, got ${model.inputs.length} and ${model.outputs.length}.`,
    );
  }
  const input = model.inputs[0]!;
  const output = model.outputs[0]!;
  if (
    input.shape.length !== 3 ||
    input.shape[2] !== 1 ||
    output.shape.length !== 3 ||
    output.shape[2] !== 1
  ) {
    throw new ParameterError(
      `withInputPassthrough: model input and output must be [batch, time, 1], got [${input.shape.join(', ')}] and [${output.shape.join(', ')}].`,
    );
  }
  const packed = tfl.layers
    .concatenate({ axis: -1, name: `${model.name}_with_input_concat` })
    .apply([output, input]);
  return tfl.model({
    inputs: input,
    outputs: packed as tfl.SymbolicTensor,
    name: `${model.name}_with_input`,
  });
}

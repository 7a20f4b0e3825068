import * as tfl from '@tensorflow/tfjs-layers';

const NF = [64, 64, 64, 128, 128, 128, 256, 256];

/** Output of `tfl.layers.conv1d` then PReLU with one alpha shared over time and channels. */
function convPrelu(
  x: tfl.SymbolicTensor,
  filters: number,
  strides: number,
  alpha: number,
  name: string,
  seed: number | undefined,
): tfl.SymbolicTensor {
  const c = tfl.layers
    .conv1d({
      filters,
      kernelSize: 11,
      strides,
      padding: 'same',
      kernelInitializer: tfl.initializers.glorotNormal({ seed }),
      name: `${name}_conv`,
    })
    .apply(x) as tfl.SymbolicTensor;
  return tfl.layers
    .prelu({
      sharedAxes: [1, 2],
      alphaInitializer: tfl.initializers.constant({ value: alpha }),
      name: `${name}_prelu`,
    })
    .apply(c) as tfl.SymbolicTensor;
}

/** SubPixel1D(2) as a plain Reshape: [T, C] -> [2T, C/2]. */
function subPixel(x: tfl.SymbolicTensor, name: string): tfl.SymbolicTensor {
  const [, t, c] = x.shape as [null, number, number];
  return tfl.layers.reshape({ targetShape: [t * 2, c / 2], name }).apply(x) as tfl.SymbolicTensor;
}

/**
 * The Proposed network (shared/spec/models.md §2) from plain tfjs-layers layers, for a fixed input
 * length (a multiple of 512). 10,279,315 parameters. With `seed`, the weights are the same on every
 * run (layer i draws with seed + i + 1: tfjs takes a seed of 0 as "no seed"); without it they are random.
 */
export function proposedNet(length = 2048, dropout = 0.2, seed?: number): tfl.LayersModel {
  let layer = 0;
  const next = (): number | undefined => (seed === undefined ? undefined : seed + ++layer);
  const input = tfl.input({ shape: [length, 1], name: 'x' });
  let h: tfl.SymbolicTensor = input;
  const skips: tfl.SymbolicTensor[] = [];
  NF.forEach((nf, l) => {
    h = convPrelu(h, nf, 2, 0.2, `d${l}`, next());
    if (l % 3 === 2)
      h = tfl.layers.dropout({ rate: dropout, name: `d${l}_drop` }).apply(h) as tfl.SymbolicTensor;
    skips.push(h);
  });
  h = convPrelu(h, 256, 2, 0.2, 'b', next());
  h = tfl.layers.dropout({ rate: dropout, name: 'b_drop' }).apply(h) as tfl.SymbolicTensor;
  for (let l = NF.length - 1; l >= 0; l--) {
    h = convPrelu(h, 2 * (NF[l] as number), 1, 0, `u${l}`, next());
    h = subPixel(h, `u${l}_sub`);
    if (l % 3 === 2)
      h = tfl.layers.dropout({ rate: dropout, name: `u${l}_drop` }).apply(h) as tfl.SymbolicTensor;
    h = tfl.layers
      .concatenate({ axis: -1, name: `u${l}_cat` })
      .apply([h, skips[l] as tfl.SymbolicTensor]) as tfl.SymbolicTensor;
  }
  h = tfl.layers
    .conv1d({
      filters: 2,
      kernelSize: 9,
      padding: 'same',
      kernelInitializer: tfl.initializers.randomNormal({ mean: 0, stddev: 1e-3, seed: next() }),
      name: 'final_conv',
    })
    .apply(h) as tfl.SymbolicTensor;
  h = subPixel(h, 'final_sub');
  const out = tfl.layers.add({ name: 'residual' }).apply([h, input]) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name: 'proposed' });
}

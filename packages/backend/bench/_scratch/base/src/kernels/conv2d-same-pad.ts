import { backend_util } from '@tensorflow/tfjs-core';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmOps } from '../wasm-internals.js';

/**
 * Stock wasm `Conv2D` / `FusedConv2D` hand `'same'` padding to XNNPACK as its TensorFlow-SAME flag,
 * which XNNPACK rejects when the stride exceeds the kernel (e.g. kernel 2, stride 3): the output is
 * left as zeros. Resolving `'same'` to the explicit pads tfjs computes gives the same convolution
 * on every shape; then the stock kernel runs unchanged.
 */
export function convWithExplicitPad(
  ops: WasmOps,
  name: 'Conv2D' | 'FusedConv2D',
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
): TensorInfo {
  const a = attrs as unknown as {
    strides: [number, number] | number;
    dilations: [number, number] | number;
    pad: unknown;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const x = inputs.x as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    a.strides,
    a.dilations,
    a.pad as 'same',
    a.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(a.dataFormat),
  );
  const { top, bottom, left, right } = info.padInfo;
  if (name === 'Conv2D' && info.dataFormat === 'channelsLast') {
    // Through WasmOps.conv2d: explicit pads, and the second core for large batches.
    return ops.conv2d(
      x,
      filter,
      [info.strideHeight, info.strideWidth],
      [info.dilationHeight, info.dilationWidth],
      [top, bottom, left, right],
    );
  }
  if (a.pad !== 'same') return ops.run(name, inputs, attrs);
  const pad = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
  return ops.run(name, inputs, { ...attrs, pad } as unknown as NamedAttrMap);
}

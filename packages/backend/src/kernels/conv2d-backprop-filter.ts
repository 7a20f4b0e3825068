import { backend_util } from '@tensorflow/tfjs-core';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { conv1dFilterGradSmallCo, ownKernelsLoaded } from '../own-kernels.js';
import type { WasmOps } from '../wasm-internals.js';
import { transposeFast } from './transpose.js';

/**
 * `Conv2DBackpropFilter` for wasm (stock wasm has none), NHWC, dilation 1, any stride and padding.
 *
 * The filter gradient `dW[kh, kw, ci, co] = Σ_{b, oh, ow} x_pad[b, oh·sh + kh, ow·sw + kw, ci] · dy[b, oh, ow, co]`
 * is itself a convolution: take the input channels as the batch and the batch as the channels
 * (`x → [Ci, H, W, B]`) and use `dy → [Ho, Wo, B, Co]` as the filter, dilated by the forward stride.
 * The output `[Ci, Kh, Kw, Co]` transposed is `dW`. All of it runs in stock XNNPACK `Conv2D` plus two
 * transposes, so its speed is the forward conv's. The 1-D case every model here uses is `H = 1`.
 */
export function conv2dBackpropFilterWasm(
  ops: WasmOps,
  x: TensorInfo,
  dy: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: [number, number] | number;
    pad: backend_util.ExplicitPadding | 'same' | 'valid' | number;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  if (info.dataFormat !== 'channelsLast') {
    throw new Error(
      `Conv2DBackpropFilter (wasm, @speechsr/backend): dataFormat must be NHWC, got ${dataFormat}.`,
    );
  }
  const [, H, W, ci] = x.shape as [number, number, number, number];
  const co = dy.shape[3] as number;
  const {
    filterHeight: kh,
    filterWidth: kw,
    strideHeight: sh,
    strideWidth: sw,
    outHeight: ho,
    outWidth: wo,
  } = info;
  const { top, left } = info.padInfo;
  if (H === 1 && kh === 1 && co <= 4 && ownKernelsLoaded()) {
    // Few output channels (the final Conv1D(2)): our own SIMD kernel; XNNPACK's GEMM tile would be mostly empty.
    const out = ops.backend.makeOutput([1, kw, ci, co], 'float32');
    const heap = ops.heap();
    const xa = ops.offset(x);
    const da = ops.offset(dy);
    const B = x.shape[0] as number;
    conv1dFilterGradSmallCo(
      heap.subarray(xa, xa + B * W * ci),
      heap.subarray(da, da + B * wo * co),
      heap.subarray(ops.offset(out), ops.offset(out) + kw * ci * co),
      {
        B,
        W,
        Ci: ci,
        Wo: wo,
        Co: co,
        K: kw,
        s: sw,
        padLeft: left,
      },
    );
    return out;
  }
  // Pad bottom/right only as far as the last needed tap; slice when the data already reaches past it.
  const bottom = Math.max(0, kh + (ho - 1) * sh - H - top);
  const right = Math.max(0, kw + (wo - 1) * sw - W - left);
  const xT = transposeFast(ops, x, [3, 1, 2, 0]);
  const dyT = transposeFast(ops, dy, [1, 2, 0, 3]);
  let g = ops.conv2d(xT, dyT, [1, 1], [sh, sw], [top, bottom, left, right]);
  ops.dispose(xT, dyT);
  const [gh, gw] = [g.shape[1] as number, g.shape[2] as number];
  if (gh !== kh || gw !== kw) {
    const s = ops.slice(g, [0, 0, 0, 0], [ci, kh, kw, co]);
    ops.dispose(g);
    g = s;
  }
  const out = transposeFast(ops, g, [1, 2, 0, 3]);
  ops.dispose(g);
  return out;
}

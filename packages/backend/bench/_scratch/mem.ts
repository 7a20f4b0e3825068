import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm');
const w = (tf.backend() as any).wasm;
for (const k of Object.keys(w)) { const v = w[k]; if (v instanceof WebAssembly.Memory || (v && typeof v === 'object' && !ArrayBuffer.isView(v))) console.log(k, Object.prototype.toString.call(v), v instanceof WebAssembly.Memory); }
console.log(Object.keys(w).filter(k=>/mem|asm|export/i.test(k)));
const asm = w.asm; for (const k of Object.keys(asm)) if (!(typeof asm[k] === 'function')) console.log('asm.', k, Object.prototype.toString.call(asm[k]), asm[k] instanceof WebAssembly.Memory, asm[k] instanceof WebAssembly.Table);
console.log(w.HEAPF32.buffer === asm.memory?.buffer, Object.keys(asm).length, typeof asm.malloc, typeof asm.free);

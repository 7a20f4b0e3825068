/** A mono signal. Functions never modify it; float64 is used for computation. */
export type Signal = Float32Array | Float64Array;

/** Either typed-array dtype a function may return. */
export type FloatArrayConstructor = Float32ArrayConstructor | Float64ArrayConstructor;

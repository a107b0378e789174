// What every embedding provider offers: a stable id (recorded with the index so a switch is detected),
// its dimension, and batch embedding. Vectors come back L2-normalised so cosine == dot product.
export interface Embedder {
  readonly id: string;
  readonly dimension: number;
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
}

export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}

/** A text with no known word embeds to zeros; such a vector has no direction and is not indexed. */
export function isZeroVector(v: Float32Array): boolean {
  for (const x of v) if (x !== 0) return false;
  return true;
}

// A compact multinomial linear classifier over hashed text features.
// Weights are int8 with one scale per class: a 90-class model fits in a few MB of JSON and
// scoring is a tight loop over typed arrays (tens of microseconds per message).
import { type FeatureOptions, forEachFeature, normalizeText, tokenize } from './text-features.ts';

/** The JSON shape of a shipped model (written by train/, read here). */
export interface LinearModelFile {
  kind: 'linear-softmax';
  version: 1;
  labels: string[];
  features: FeatureOptions;
  /** base64 of a Uint32Array: the feature hashes kept at training, row order. */
  hashes?: string;
  /** base64 of a Uint8Array: idf of each row, quantised as round(idf * 16). */
  idf?: string;
  /** Instead of hashes/idf: reuse the vocabulary of another model file (one vectorisation serves both). */
  vocabularyOf?: string;
  /** base64 of an Int8Array, row-major [row * labels.length + class]. */
  weights: string;
  /** Dequantisation factor per class. */
  scales: number[];
  bias: number[];
  /** Multiplies scores before the softmax: SVM margins are ~1, so confidences need sharpening. */
  temperature?: number;
}

/** A sparse, L2-normalised feature vector: parallel arrays of row indices and values. */
export interface SparseVector {
  rows: Int32Array;
  values: Float32Array;
}

/** Turns text into the sparse vector a model expects. Shared by training and inference. */
export class Vectorizer {
  // Open-addressing table hash -> row. A Map<number, number> was 4x slower here: hashes above
  // 2^30 are heap numbers for V8, so every lookup boxed and hashed a double.
  private readonly slotKeys: Int32Array;
  private readonly slotRows: Int32Array;
  private readonly slotMask: number;
  private readonly counts: Float32Array;
  private readonly touched: Int32Array;
  private readonly weightOf: Float32Array;

  constructor(
    hashes: Uint32Array,
    private readonly idf: Float32Array,
    private readonly options: FeatureOptions,
  ) {
    let size = 1024;
    while (size < hashes.length * 2) size <<= 1;
    this.slotKeys = new Int32Array(size);
    this.slotRows = new Int32Array(size).fill(-1);
    this.slotMask = size - 1;
    for (let i = 0; i < hashes.length; i++) {
      const key = (hashes[i] as number) | 0;
      let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & this.slotMask;
      while ((this.slotRows[slot] as number) >= 0 && this.slotKeys[slot] !== key) slot = (slot + 1) & this.slotMask;
      this.slotKeys[slot] = key;
      this.slotRows[slot] = i;
    }
    this.counts = new Float32Array(hashes.length);
    this.touched = new Int32Array(8192);
    this.weightOf = new Float32Array(hashes.length);
  }

  rowOf(hash: number): number {
    const key = hash | 0;
    const { slotKeys, slotRows, slotMask } = this;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & slotMask;
    for (;;) {
      const row = slotRows[slot] as number;
      if (row < 0 || slotKeys[slot] === key) return row;
      slot = (slot + 1) & slotMask;
    }
  }

  get size(): number {
    return this.counts.length;
  }

  vectorize(text: string): SparseVector {
    return this.vectorizeTokens(tokenize(normalizeText(text)));
  }

  vectorizeTokens(tokens: string[]): SparseVector {
    const { counts, touched, weightOf } = this;
    let n = 0;
    forEachFeature(tokens, this.options, (hash, weight) => {
      const row = this.rowOf(hash);
      if (row < 0) return;
      if (counts[row] === 0) {
        if (n >= touched.length) return; // cap per text: bounded work on pathological input
        touched[n++] = row;
        weightOf[row] = weight;
      }
      counts[row] = (counts[row] as number) + 1;
    });
    // Ascending rows: the weight matrix is then read front to back (friendlier to the cache).
    touched.subarray(0, n).sort();
    const rows = new Int32Array(n);
    const values = new Float32Array(n);
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const row = touched[i] as number;
      // Sublinear tf times idf: repeated words ("nul nul nul") should not dominate.
      const v = (1 + Math.log(counts[row] as number)) * (this.idf[row] as number) * (weightOf[row] as number);
      counts[row] = 0;
      rows[i] = row;
      values[i] = v;
      norm += v * v;
    }
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < n; i++) values[i] = (values[i] as number) * inv;
    }
    return { rows, values };
  }
}

export interface Prediction {
  label: string;
  index: number;
  confidence: number;
  probabilities: Float64Array;
}

export class LinearModel {
  readonly labels: string[];
  readonly vectorizer: Vectorizer;
  private readonly weights: Int8Array;
  private readonly scales: Float64Array;
  private readonly bias: Float64Array;
  private readonly temperature: number;

  constructor(file: LinearModelFile, sharedVectorizer?: Vectorizer) {
    this.labels = file.labels;
    if (sharedVectorizer) {
      this.vectorizer = sharedVectorizer;
    } else {
      if (!file.hashes || !file.idf) throw new Error('model file has no vocabulary and none was shared');
      const hashes = new Uint32Array(toArrayBuffer(file.hashes));
      const idfBytes = new Uint8Array(toArrayBuffer(file.idf));
      const idf = new Float32Array(idfBytes.length);
      for (let i = 0; i < idf.length; i++) idf[i] = (idfBytes[i] as number) / 16;
      this.vectorizer = new Vectorizer(hashes, idf, file.features);
    }
    this.weights = new Int8Array(toArrayBuffer(file.weights));
    this.scales = Float64Array.from(file.scales);
    this.bias = Float64Array.from(file.bias);
    this.temperature = file.temperature ?? 1;
  }

  /** Bytes held by the typed arrays (the dominant part of the model's memory). */
  get byteSize(): number {
    return this.weights.byteLength + this.vectorizer.size * 12;
  }

  scoreVector(x: SparseVector): Float64Array {
    const classes = this.labels.length;
    const raw = new Float64Array(classes);
    const { weights } = this;
    const { rows, values } = x;
    const n = rows.length;
    let i = 0;
    // Four features per pass: one load/store of raw[c] per four multiply-adds.
    for (; i + 4 <= n; i += 4) {
      const b0 = (rows[i] as number) * classes;
      const b1 = (rows[i + 1] as number) * classes;
      const b2 = (rows[i + 2] as number) * classes;
      const b3 = (rows[i + 3] as number) * classes;
      const v0 = values[i] as number;
      const v1 = values[i + 1] as number;
      const v2 = values[i + 2] as number;
      const v3 = values[i + 3] as number;
      for (let c = 0; c < classes; c++) {
        raw[c] =
          (raw[c] as number) +
          v0 * (weights[b0 + c] as number) +
          v1 * (weights[b1 + c] as number) +
          v2 * (weights[b2 + c] as number) +
          v3 * (weights[b3 + c] as number);
      }
    }
    for (; i < n; i++) {
      const base = (rows[i] as number) * classes;
      const v = values[i] as number;
      for (let c = 0; c < classes; c++) raw[c] = (raw[c] as number) + v * (weights[base + c] as number);
    }
    for (let c = 0; c < classes; c++) raw[c] = (raw[c] as number) * (this.scales[c] as number) + (this.bias[c] as number);
    return raw;
  }

  predictVector(x: SparseVector): Prediction {
    const scores = this.scoreVector(x);
    let best = 0;
    for (let c = 1; c < scores.length; c++) if ((scores[c] as number) > (scores[best] as number)) best = c;
    const max = scores[best] as number;
    const t = this.temperature;
    let sum = 0;
    for (let c = 0; c < scores.length; c++) {
      const e = Math.exp(((scores[c] as number) - max) * t);
      scores[c] = e;
      sum += e;
    }
    for (let c = 0; c < scores.length; c++) scores[c] = (scores[c] as number) / sum;
    return { label: this.labels[best] as string, index: best, confidence: scores[best] as number, probabilities: scores };
  }

  predict(text: string): Prediction {
    return this.predictVector(this.vectorizer.vectorize(text));
  }
}

function toArrayBuffer(base64: string): ArrayBuffer {
  const buf = Buffer.from(base64, 'base64');
  // Copy into a fresh, aligned ArrayBuffer: Buffer slices may share an unaligned pool.
  const out = new ArrayBuffer(buf.length);
  new Uint8Array(out).set(buf);
  return out;
}

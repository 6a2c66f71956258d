// An MlNetGenre audio-in model in the browser: its metadata (labels, sample rate, clip windowing), the windows
// of a signal exactly as training and `mlnetgenre predict` cut them, and ONNX Runtime Web scoring of those windows.
import { readOnnxMetadata } from './onnx-metadata.js';

const AUDIO_INPUT_KEY = 'mlnetgenre.audio_input';
const LABELS_KEY = 'mlnetgenre.labels';
const FRONT_END_KEY = 'mlnetgenre.front_end';
const FAMILY_KEY = 'mlnetgenre.model_family';
const PROBABILITIES = 'probabilities';
const CLIPS_PER_RUN = 16; // bounds the memory of one run on long audio

function parseJson(metadata, key, what) {
  try {
    return JSON.parse(metadata[key]);
  } catch {
    throw new Error(`its metadata '${key}' is not ${what}; re-export the model with mlnetgenre`);
  }
}

/** The windows of a signal of `length` samples: [{start, available}], the rule of ClipWindowing.Windows in C#. */
export function clipWindows(length, windowing) {
  const { clipSamples, hopSamples, remainder, minRemainder } = windowing;
  if (clipSamples === 0) return length > 0 ? [{ start: 0, available: length }] : [];
  const windows = [];
  let start = 0;
  for (; start + clipSamples <= length; start += hopSamples) windows.push({ start, available: clipSamples });
  const left = length - start;
  if (remainder === 'pad' && left > 0 && (windows.length === 0 || left >= minRemainder * clipSamples))
    windows.push({ start, available: left });
  return windows;
}

export class GenreModel {
  constructor(session, name, metadata) {
    this.session = session;
    this.name = name;
    const missing = [AUDIO_INPUT_KEY, LABELS_KEY, FRONT_END_KEY].filter(k => !(k in metadata));
    if (missing.includes(AUDIO_INPUT_KEY) && !missing.includes(FRONT_END_KEY))
      throw new Error(`${name} takes features, not audio. Export its audio-in version first: mlnetgenre export ${name} --audio-in -o ${name.replace(/\.onnx$/, '')}.audio.onnx`);
    if (missing.length > 0)
      throw new Error(`${name} has no ${missing.join(', ')} metadata: it was not exported by mlnetgenre with --audio-in`);
    const audio = parseJson(metadata, AUDIO_INPUT_KEY, 'a JSON object');
    const frontEnd = parseJson(metadata, FRONT_END_KEY, 'a JSON object');
    this.labels = parseJson(metadata, LABELS_KEY, 'a JSON list of labels');
    this.family = metadata[FAMILY_KEY] ?? '';
    this.featureSet = frontEnd.feature_set;
    this.inputName = audio.input;
    this.sampleRate = Number(audio.sample_rate);
    const clipSamples = Number(audio.clip_samples);
    this.windowing = {
      clipSamples,
      hopSamples: clipSamples > 0 ? Number(frontEnd.hop_samples) : 0,
      remainder: frontEnd.remainder ?? 'drop',
      minRemainder: frontEnd.min_remainder !== undefined ? Number(frontEnd.min_remainder) : 0.5,
    };
    if (!(this.sampleRate > 0) || !(clipSamples >= 0) || (clipSamples > 0 && !(this.windowing.hopSamples > 0)))
      throw new Error(`${name}: its audio-input metadata (sample rate ${audio.sample_rate}, clip ${audio.clip_samples} samples) is damaged; re-export the model`);
    if (!session.inputNames.includes(this.inputName) || !session.outputNames.includes(PROBABILITIES))
      throw new Error(`${name}: the graph has no '${this.inputName}' input or no '${PROBABILITIES}' output; re-export it with mlnetgenre`);
  }

  /** Opens a model from the bytes of an .onnx file with ONNX Runtime Web's wasm backend. */
  static async load(ort, bytes, name) {
    const metadata = readOnnxMetadata(bytes);
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    try {
      return new GenreModel(session, name, metadata);
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  get clipSeconds() { return this.windowing.clipSamples / this.sampleRate; }

  /** The probabilities of each window of a mono signal at the model's rate, and their mean (the track's result). */
  async classify(ort, samples) {
    const windows = clipWindows(samples.length, this.windowing);
    if (windows.length === 0)
      throw new Error(`the audio is ${(samples.length / this.sampleRate).toFixed(2)} s long, shorter than the model's ${this.clipSeconds} s window; use a longer excerpt`);
    const clips = [];
    for (let first = 0; first < windows.length; first += CLIPS_PER_RUN) {
      const batch = windows.slice(first, first + CLIPS_PER_RUN);
      clips.push(...await this.score(ort, samples, batch));
    }
    return { clips, probabilities: meanOf(clips.map(c => c.probabilities), this.labels.length), labels: this.labels };
  }

  /** Scores the given windows of `samples` in one run; zero-pads a window the signal ends inside. */
  async score(ort, samples, windows) {
    const width = this.windowing.clipSamples > 0 ? this.windowing.clipSamples : windows[0].available;
    const batch = new Float32Array(windows.length * width);
    windows.forEach((w, i) => batch.set(samples.subarray(w.start, w.start + w.available), i * width));
    const input = new ort.Tensor('float32', batch, [windows.length, width]);
    const outputs = await this.session.run({ [this.inputName]: input }, [PROBABILITIES]);
    const flat = outputs[PROBABILITIES].data, classes = this.labels.length;
    if (flat.length !== windows.length * classes)
      throw new Error(`${this.name} gave ${flat.length} probabilities for ${windows.length} clips of ${classes} labels; re-export the model`);
    return windows.map((w, i) => ({
      from: w.start / this.sampleRate,
      to: (w.start + (this.windowing.clipSamples > 0 ? this.windowing.clipSamples : w.available)) / this.sampleRate,
      probabilities: Array.from(flat.subarray(i * classes, (i + 1) * classes)),
    }));
  }

  release() { return this.session.release(); }
}

export function meanOf(rows, classes) {
  const mean = new Array(classes).fill(0);
  for (const row of rows) for (let c = 0; c < classes; c++) mean[c] += row[c];
  return mean.map(v => (rows.length > 0 ? v / rows.length : 0));
}

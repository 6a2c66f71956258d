// The page: loads an audio-in model (the one the server offers as model.onnx, ?model=URL, or a chosen file),
// classifies a dropped or chosen audio file or the microphone, and draws the probabilities and their timeline.
import * as ort from './node_modules/onnxruntime-web/dist/ort.wasm.min.mjs';
import { GenreModel, meanOf } from './genre-model.js';
import { decodeAudioFile, openMicrophone } from './audio-input.js';

const $ = id => document.getElementById(id);
const query = new URLSearchParams(location.search);

ort.env.wasm.wasmPaths = new URL('./node_modules/onnxruntime-web/dist/', import.meta.url).href;
// Threads need a cross-origin isolated page (mlnetgenre serve sends the headers); ?threads=N overrides.
ort.env.wasm.numThreads = Number(query.get('threads')) || (self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1);

let model = null;
let microphone = null;

// What the page did last, for people and for scripts (tests and the benchmark read it).
const page = {
  get model() { return model; },
  lastResult: null,
  classifyBytes,
  loadModelBytes,
};
window.mlnetgenre = page;

function setState(state, message = '') {
  document.body.dataset.state = state;
  $('status').textContent = message;
  if (state !== 'error') $('error').textContent = '';
}

function fail(error) {
  console.error(error);
  setState('error');
  $('error').textContent = error.message || String(error);
}

async function loadModelBytes(bytes, name) {
  setState('loading-model', `Loading ${name}...`);
  const loaded = await GenreModel.load(ort, bytes, name);
  if (model) await model.release();
  model = loaded;
  const clip = model.windowing.clipSamples > 0
    ? `${model.clipSeconds} s clips every ${model.windowing.hopSamples / model.sampleRate} s (track = mean of its clips)`
    : 'the whole track at once';
  $('model-info').textContent = `${name}: ${model.family || 'model'} on ${model.featureSet} features, ${model.labels.length} genres ` +
    `(${model.labels.join(', ')}), audio at ${model.sampleRate} Hz, ${clip}. ONNX Runtime Web ${ort.env.versions?.web ?? ''}, ${ort.env.wasm.numThreads} thread(s).`;
  $('listen').disabled = false;
  setState('ready', 'Model ready: drop an audio file or listen to the microphone.');
}

async function classifyBytes(bytes, name) {
  if (!model) throw new Error('load a model first');
  setState('working', `Decoding ${name} at ${model.sampleRate} Hz...`);
  const samples = await decodeAudioFile(bytes, model.sampleRate, name);
  setState('working', `Classifying ${name} (${(samples.length / model.sampleRate).toFixed(1)} s)...`);
  const started = performance.now();
  const result = await model.classify(ort, samples);
  result.inferenceSeconds = (performance.now() - started) / 1000;
  result.audioSeconds = samples.length / model.sampleRate;
  result.name = name;
  show(result);
  setState('done', `Classified ${name}.`);
  return result;
}

function show(result) {
  page.lastResult = result;
  const order = result.labels.map((label, i) => ({ label, p: result.probabilities[i] })).sort((a, b) => b.p - a.p);
  $('result').hidden = false;
  $('top-genre').textContent = order[0].label;
  const speed = result.audioSeconds / result.inferenceSeconds; // seconds of audio per second of compute
  $('summary').textContent = `${result.name}: ${result.audioSeconds.toFixed(1)} s of audio, ${result.clips.length} clip(s), ` +
    `scored in ${(result.inferenceSeconds * 1000).toFixed(0)} ms (${speed.toPrecision(3)} x real time).`;
  const body = $('probabilities').tBodies[0];
  body.replaceChildren(...order.map(({ label, p }) => {
    const row = document.createElement('tr');
    row.dataset.label = label;
    const name = document.createElement('td'), value = document.createElement('td');
    name.textContent = label;
    value.className = 'probability';
    value.dataset.probability = String(p);
    value.textContent = `${(100 * p).toFixed(1)} %`;
    row.append(name, value);
    return row;
  }));
  draw(result);
}

function draw(result) {
  if (!window.Plotly) return; // the numbers above are the result; plots are a view of them
  const config = { displaylogo: false, responsive: true };
  Plotly.react('bars', [{ type: 'bar', x: result.labels, y: result.probabilities, marker: { color: '#2a7' } }],
    { title: { text: 'Genre probabilities' }, yaxis: { range: [0, 1], title: { text: 'probability' } }, margin: { t: 40 } }, config);
  const timeline = $('timeline');
  if (result.clips.length < 2) {
    Plotly.purge(timeline);
    timeline.hidden = true;
    return;
  }
  timeline.hidden = false;
  const x = result.clips.map(c => (c.from + c.to) / 2);
  Plotly.react(timeline, result.labels.map((label, k) => ({
    type: 'scatter', mode: 'lines+markers', name: label, x, y: result.clips.map(c => c.probabilities[k]),
  })), { title: { text: 'Probability over time (clip centres)' }, xaxis: { title: { text: 'seconds' } }, yaxis: { range: [0, 1] }, margin: { t: 40 } }, config);
}

// Listening: clips are scored as soon as the microphone has filled them, one every hop, exactly as a file's
// clips would be; the result shown is the mean so far. Whole-track models are scored when listening stops.
async function startListening() {
  // Blocks of the recording still needed: those before the next clip's start are dropped once scored, so memory
  // stays one clip (plus a block) however long one listens; whole-track models keep everything until they stop.
  const recorded = [];
  let length = 0, dropped = 0, nextStart = 0, busy = false;
  const clips = [];
  const started = performance.now();
  let inferenceSeconds = 0;
  const samplesBetween = (from, to) => {
    const part = new Float32Array(to - from);
    let offset = dropped;
    for (const block of recorded) {
      const lo = Math.max(from, offset), hi = Math.min(to, offset + block.length);
      if (lo < hi) part.set(block.subarray(lo - offset, hi - offset), lo - from);
      offset += block.length;
    }
    return part;
  };
  const dropBefore = position => {
    while (recorded.length > 0 && dropped + recorded[0].length <= position) dropped += recorded.shift().length;
  };
  const update = async () => {
    const { clipSamples, hopSamples } = model.windowing;
    if (busy || clipSamples === 0) return;
    busy = true;
    try {
      while (nextStart + clipSamples <= length) {
        const window = samplesBetween(nextStart, nextStart + clipSamples);
        const t0 = performance.now();
        const [clip] = await model.score(ort, window, [{ start: 0, available: clipSamples }]);
        inferenceSeconds += (performance.now() - t0) / 1000;
        const offset = nextStart / model.sampleRate;
        clips.push({ ...clip, from: clip.from + offset, to: clip.to + offset });
        nextStart += hopSamples;
        dropBefore(nextStart);
        show({ name: 'microphone', labels: model.labels, clips, probabilities: meanOf(clips.map(c => c.probabilities), model.labels.length),
          audioSeconds: clips.at(-1).to, inferenceSeconds, live: true });
        setState('listening', `Listening: ${clips.length} clip(s) scored.`);
      }
    } catch (error) {
      fail(error);
    } finally {
      busy = false;
    }
  };
  microphone = await openMicrophone(model.sampleRate, block => {
    recorded.push(block);
    length += block.length;
    update();
  });
  microphone.finish = async () => {
    await microphone.stop();
    microphone = null;
    $('listen').textContent = 'Listen to the microphone';
    if (clips.length === 0) {
      if (length === 0) throw new Error('the microphone gave no audio');
      const result = await model.classify(ort, samplesBetween(0, length)); // nothing was dropped: no clip was scored
      Object.assign(result, { name: 'microphone', audioSeconds: length / model.sampleRate, inferenceSeconds: 0 });
      show(result);
    }
    setState('done', `Stopped listening after ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  };
  $('listen').textContent = 'Stop listening';
  $('listen-info').textContent = model.windowing.clipSamples > 0
    ? `first result after ${model.clipSeconds} s, then every ${model.windowing.hopSamples / model.sampleRate} s`
    : 'the whole recording is classified when you stop';
  setState('listening', 'Listening...');
}

$('listen').addEventListener('click', () => (microphone ? microphone.finish() : startListening()).catch(fail));

$('model-file').addEventListener('change', async event => {
  const file = event.target.files[0];
  if (file) await loadModelBytes(new Uint8Array(await file.arrayBuffer()), file.name).catch(fail);
});

async function classifyFile(file) {
  if (!model) return fail(new Error('Open a model first (an .audio.onnx file written by mlnetgenre export --audio-in).'));
  await classifyBytes(await file.arrayBuffer(), file.name).catch(fail);
}

$('audio-file').addEventListener('change', event => event.target.files[0] && classifyFile(event.target.files[0]));
const drop = $('drop-zone');
drop.addEventListener('dragover', event => { event.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', event => {
  event.preventDefault();
  drop.classList.remove('over');
  if (event.dataTransfer.files[0]) classifyFile(event.dataTransfer.files[0]);
});

// The default model: ?model=URL, else the model.onnx the server offers (mlnetgenre serve --model), if any.
(async () => {
  const url = query.get('model') ?? 'model.onnx';
  try {
    const response = await fetch(url);
    if (!response.ok) {
      setState('no-model', query.has('model') ? '' : 'No model is served with this page: open an .audio.onnx file above.');
      if (query.has('model')) fail(new Error(`${url} could not be fetched (HTTP ${response.status})`));
      return;
    }
    await loadModelBytes(new Uint8Array(await response.arrayBuffer()), decodeURIComponent(url.split('/').pop()));
  } catch (error) {
    fail(error);
  }
})();

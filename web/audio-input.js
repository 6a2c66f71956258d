// Audio for the model, all in the browser: files decoded and resampled by WebAudio, and the microphone captured
// as raw PCM at the model's rate by an AudioWorklet (no lossy encoder between the microphone and the model).

/** Decodes an audio file's bytes to mono samples at `sampleRate` (channels averaged, as the CLI's decoder does). */
export async function decodeAudioFile(bytes, sampleRate, name) {
  // decodeAudioData resamples to its context's rate; the context's own length does not matter here.
  const context = new OfflineAudioContext(1, 1, sampleRate);
  let buffer;
  try {
    buffer = await context.decodeAudioData(bytes);
  } catch (error) {
    throw new Error(`${name} could not be decoded by this browser (${error.message || error}); convert it to WAV or MP3`);
  }
  return toMono(buffer);
}

function toMono(buffer) {
  if (buffer.numberOfChannels === 1) return buffer.getChannelData(0).slice();
  const mono = new Float32Array(buffer.length);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const channel = buffer.getChannelData(c);
    for (let i = 0; i < mono.length; i++) mono[i] += channel[i];
  }
  for (let i = 0; i < mono.length; i++) mono[i] /= buffer.numberOfChannels;
  return mono;
}

/**
 * The microphone at the model's rate: calls `onSamples(Float32Array)` with each block of new samples until
 * `stop()` is called. The AudioContext runs at the model's rate, so the browser resamples the device for us.
 */
export async function openMicrophone(sampleRate, onSamples) {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('this browser gives no microphone access to this page (it needs http://localhost or https)');
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
  const context = new AudioContext({ sampleRate });
  try {
    await context.audioWorklet.addModule(new URL('./capture-worklet.js', import.meta.url));
    const source = context.createMediaStreamSource(stream);
    const capture = new AudioWorkletNode(context, 'pcm-capture', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit' });
    capture.port.onmessage = event => onSamples(event.data);
    source.connect(capture);
    await context.resume();
  } catch (error) {
    stream.getTracks().forEach(t => t.stop());
    await context.close();
    throw error;
  }
  return {
    sampleRate: context.sampleRate,
    async stop() {
      stream.getTracks().forEach(t => t.stop());
      await context.close();
    },
  };
}

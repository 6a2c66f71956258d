// Runs on the audio thread: forwards each render quantum of the (mono) input to the page as a Float32Array.
class PcmCapture extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0]?.[0];
    if (channel && channel.length > 0) this.port.postMessage(channel.slice());
    return true;
  }
}
registerProcessor('pcm-capture', PcmCapture);

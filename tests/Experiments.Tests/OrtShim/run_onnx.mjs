// Runs an ONNX graph with onnxruntime-web (wasm) in Node.js for the onnxruntime.py test shim: reads
// {model, inputs: {name: {file, shape}}, outputs: [names]} on stdin (float32 raw files), writes the outputs as JSON.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const ort = await import(pathToFileURL(process.env.ORT_WEB_NODE));
const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const session = await ort.InferenceSession.create(new Uint8Array(fs.readFileSync(request.model)));
const feeds = {};
for (const [name, { file, shape }] of Object.entries(request.inputs)) {
  const bytes = fs.readFileSync(file);
  feeds[name] = new ort.Tensor('float32', new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4), shape);
}
const results = await session.run(feeds, request.outputs);
process.stdout.write(JSON.stringify(request.outputs.map(name => ({
  type: results[name].type, dims: results[name].dims, data: Array.from(results[name].data),
}))));

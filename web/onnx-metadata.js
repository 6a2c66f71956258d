// Reads an ONNX file's metadata_props (ModelProto field 14) without a protobuf library: the top level of a
// ModelProto is walked field by field, everything else (the graph with its weights) is skipped, not copied.

const METADATA_PROPS = 14;

class ProtoReader {
  constructor(bytes, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.position = start;
    this.end = end;
  }

  get done() { return this.position >= this.end; }

  // A varint as a Number (exact below 2^53, enough for any length in a file a browser can hold).
  varint() {
    let value = 0, scale = 1;
    for (;;) {
      if (this.position >= this.end) throw new Error('the file ends inside a number: it is not an ONNX model or it is truncated');
      const byte = this.bytes[this.position++];
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
      if (scale > 2 ** 63) throw new Error('a number longer than 10 bytes: this is not an ONNX model');
    }
  }

  // One field: its number and, for length-delimited fields, the [start, end) of its contents.
  field() {
    const tag = this.varint();
    const number = Math.floor(tag / 8), wireType = tag % 8;
    switch (wireType) {
      case 0: this.varint(); return { number };
      case 1: this.skip(8); return { number };
      case 5: this.skip(4); return { number };
      case 2: {
        const length = this.varint(), start = this.position;
        this.skip(length);
        return { number, start, end: start + length };
      }
      default: throw new Error(`unexpected protobuf wire type ${wireType}: this is not an ONNX model`);
    }
  }

  skip(count) {
    if (this.position + count > this.end) throw new Error('the file ends inside a field: it is not an ONNX model or it is truncated');
    this.position += count;
  }
}

const utf8 = new TextDecoder('utf-8');

/** The model's metadata_props as a plain object { key: value }. */
export function readOnnxMetadata(bytes) {
  const metadata = {};
  const model = new ProtoReader(bytes);
  while (!model.done) {
    const field = model.field();
    if (field.number !== METADATA_PROPS || field.start === undefined) continue;
    const entry = new ProtoReader(bytes, field.start, field.end);
    let key = '', value = '';
    while (!entry.done) {
      const part = entry.field();
      if (part.start === undefined) continue;
      const text = utf8.decode(bytes.subarray(part.start, part.end));
      if (part.number === 1) key = text;
      else if (part.number === 2) value = text;
    }
    metadata[key] = value;
  }
  return metadata;
}

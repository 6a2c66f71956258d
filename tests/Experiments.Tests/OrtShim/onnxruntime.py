"""Test stand-in for the `onnxruntime` Python package, which does not install on the test machines (no PyPI,
no Debian package): the subset of its API the README's example uses, running the graph in ONNX Runtime's wasm
build (onnxruntime-web, from web/node_modules) under Node.js. Metadata is read with python3-onnx."""
import json
import os
import subprocess
import tempfile
import types

import numpy as np
import onnx


class InferenceSession:
    def __init__(self, path):
        self._path = os.path.abspath(path)
        self._metadata = {p.key: p.value for p in onnx.load(path).metadata_props}

    def get_modelmeta(self):
        return types.SimpleNamespace(custom_metadata_map=dict(self._metadata))

    def run(self, output_names, feeds):
        with tempfile.TemporaryDirectory() as folder:
            inputs = {}
            for name, value in feeds.items():
                value = np.ascontiguousarray(value, dtype=np.float32)
                file = os.path.join(folder, name + ".f32")
                value.tofile(file)
                inputs[name] = {"file": file, "shape": list(value.shape)}
            request = json.dumps({"model": self._path, "inputs": inputs, "outputs": output_names})
            runner = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run_onnx.mjs")
            done = subprocess.run(["node", runner], input=request, capture_output=True, text=True, check=True)
        return [np.array(o["data"], dtype=object if o["type"] == "string" else np.float32).reshape(o["dims"])
                for o in json.loads(done.stdout)]

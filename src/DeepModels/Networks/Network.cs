using MlNetGenre.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Networks;

/// <summary>
/// A classifier network over one item of a given shape ([F] or [rows, frames]) that returns logits, and
/// writes the same computation as ONNX nodes from its own weights (TorchSharp has no ONNX export).
/// </summary>
public abstract class Network(string name) : nn.Module<Tensor, Tensor>(name)
{
    /// <summary>True when any number of frames works (recurrent nets, SongNet): the ONNX input's time axis is then dynamic.</summary>
    public virtual bool DynamicTime => false;

    /// <summary>
    /// The bytes one item's largest intermediate takes in a forward pass, where that is large enough to matter (a CNN's
    /// layer outputs and libtorch's im2col buffers: 95 MB per clip for seed 001's CNN); 0 where batching only helps
    /// (recurrent and dense nets). Inference splits a batch so that a pass holds a bounded amount (<see cref="DeepModel"/>).
    /// </summary>
    public virtual long LargestIntermediateBytesPerItem => 0;

    /// <summary>Adds the network (eval mode: dropout as identity, batch norm with running statistics) and returns the logits value [N, C].</summary>
    public abstract string Export(OnnxGraphBuilder graph, string input);
}

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

    /// <summary>Adds the network (eval mode: dropout as identity, batch norm with running statistics) and returns the logits value [N, C].</summary>
    public abstract string Export(OnnxGraphBuilder graph, string input);
}

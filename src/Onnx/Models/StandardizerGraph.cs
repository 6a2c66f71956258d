using MlNetGenre.Core.Models;

namespace MlNetGenre.Onnx.Models;

/// <summary>A <see cref="Standardizer"/> as ONNX nodes.</summary>
public static class StandardizerGraph
{
    /// <summary>Adds Sub and Div nodes to a graph and returns the name of the standardised value.</summary>
    public static string AddToGraph(this Standardizer standardizer, OnnxGraphBuilder graph, string input)
    {
        float[] means = standardizer.Means, scales = standardizer.Scales;
        string mean = standardizer.IsScalar ? graph.AddInitializer("standardize_mean", means) : graph.AddInitializer("standardize_mean", means, 1, means.Length);
        string scale = standardizer.IsScalar ? graph.AddInitializer("standardize_std", scales) : graph.AddInitializer("standardize_std", scales, 1, scales.Length);
        string centred = graph.AddNode("Sub", [input, mean], "centred");
        return graph.AddNode("Div", [centred, scale], "standardized");
    }
}

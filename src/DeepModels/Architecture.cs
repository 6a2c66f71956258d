using MlNetGenre.DeepModels.Networks;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.DeepModels;

/// <summary>
/// A network design with its YAML name, its own hyper-parameters and a builder from (item shape, classes,
/// parameters). The builder throws before any training when the input shape does not fit the design.
/// </summary>
public sealed record Architecture(string Name, string Description, IReadOnlyList<ParameterSpec> Parameters,
    Func<IReadOnlyList<int>, int, HyperParameters, Network> Build)
{
    public static IReadOnlyList<int> IntList(HyperParameters p, string name, string fallback) =>
        p.GetString(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static int[] Matrix(IReadOnlyList<int> shape, string name) => shape.Count == 2
        ? [shape[0], shape[1]]
        : throw new ArgumentException($"{name} needs a 2-D input [rows, frames] (a stft, logmel or mfcc-matrix feature set), not a vector of {shape[0]} values");
}

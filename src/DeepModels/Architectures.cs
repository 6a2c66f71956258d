using MlNetGenre.DeepModels.Networks;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.DeepModels;

/// <summary>The network designs of the seed reports (exact layer lists in shared/SPEC.md), by YAML family name.</summary>
public static class Architectures
{
    private static ParameterSpec Text(string name, string value, string what) => new(name, ParameterKind.Text, value, what);
    private static ParameterSpec Number(string name, double value, string what) => new(name, ParameterKind.Number, value, what);
    private static ParameterSpec Integer(string name, int value, string what) => new(name, ParameterKind.Integer, value, what);
    private static ParameterSpec Flag(string name, bool value, string what) => new(name, ParameterKind.Boolean, value, what);

    private static Architecture Cnn(string name, string description, string channels, string kernels, string pools, bool batchNorm, double dropout, int dense = 64) => new(
        name, description,
        [
            Text("channels", channels, "filters per conv block"), Text("kernels", kernels, "kernel size per block"),
            Text("pools", pools, "max-pool size per block (1 = none)"), Flag("batch_norm", batchNorm, "batch norm after each conv"),
            Text("activation", "relu", "relu or selu"), Integer("dense", dense, "units of the dense layer"), Number("dropout", dropout, "dropout before the output"),
        ],
        (shape, classes, p) =>
        {
            int[] m = Architecture.Matrix(shape, name);
            var ch = Architecture.IntList(p, "channels", channels);
            return new ConvNetwork(m[0], m[1], ch, Expand(Architecture.IntList(p, "kernels", kernels), ch.Count), Expand(Architecture.IntList(p, "pools", pools), ch.Count),
                p.Values.TryGetValue("batch_norm", out object? bn) ? bn is true : batchNorm, p.GetString("activation", "relu"), p.GetInt("dense", dense),
                p.GetDouble("dropout", dropout), classes);
        });

    private static Architecture Recurrent(string name, string description, bool lstm, int hidden, bool bidirectional) => new(
        name, description,
        [
            Integer("hidden", hidden, "units per direction"), Integer("layers", 2, "stacked recurrent layers"),
            Flag("bidirectional", bidirectional, "run each layer both ways"), Integer("dense", 64, "units of the dense layer"), Number("dropout", 0.3, "dropout before the output"),
        ],
        (shape, classes, p) => new RecurrentNetwork(lstm, Architecture.Matrix(shape, name)[0], p.GetInt("hidden", hidden), p.GetInt("layers", 2),
            p.Values.TryGetValue("bidirectional", out object? b) ? b is true : bidirectional, p.GetInt("dense", 64), p.GetDouble("dropout", 0.3), classes));

    private static Architecture Attention(string name, string description, int parallelDense) => new(
        name, description,
        [
            Text("channels", "32,32,64,128,64", "filters of each CNN branch's 3x3 conv blocks"), Integer("hidden", 256, "GRU units per direction"),
            Integer("dense", parallelDense > 0 ? 80 : 64, "units of the head's dense layer"), Number("dropout", 0.3, "dropout before the output"),
        ],
        (shape, classes, p) =>
        {
            int[] m = Architecture.Matrix(shape, name);
            return new AttentionNetwork(m[0], m[1], Architecture.IntList(p, "channels", "32,32,64,128,64"), p.GetInt("hidden", 256), parallelDense,
                p.GetInt("dense", parallelDense > 0 ? 80 : 64), p.GetDouble("dropout", 0.3), classes);
        });

    /// <summary>A single value applies to every block.</summary>
    private static IReadOnlyList<int> Expand(IReadOnlyList<int> values, int count) => values.Count == 1 ? Enumerable.Repeat(values[0], count).ToArray() : values;

    public static IReadOnlyList<Architecture> All { get; } =
    [
        new("mlp", "dense layers on a feature vector (seed 001's ANN)",
            [Text("hidden", "512,512,512,128", "units per hidden layer"), Text("activation", "relu", "relu or selu"), Number("dropout", 0.2, "dropout after each hidden layer")],
            (shape, classes, p) => new MlpNetwork(shape.Aggregate(1, (a, b) => a * b), Architecture.IntList(p, "hidden", "512,512,512,128"), classes,
                p.GetString("activation", "relu"), p.GetDouble("dropout", 0.2))),
        Cnn("cnn", "seed 000: 5 x [conv 3x3, ReLU, max-pool 2], 32-32-64-128-64, dense 64, dropout 0.3", "32,32,64,128,64", "3", "2", false, 0.3),
        Cnn("cnn-bn", "seed 002: 5 x [conv 3x3, batch norm, ReLU, max-pool 2], dropout 0.5 (train with sgd + step)", "32,32,64,64,128", "3", "2", true, 0.5),
        Cnn("cnn-small", "seed 001: 4 x [conv k=3,3,2,1, batch norm, ReLU/SELU, max-pool 2,2,2,1], 64-32-32-16, dense 64", "64,32,32,16", "3,3,2,1", "2,2,2,1", true, 0.3),
        Cnn("mfcc-cnn", "seed 003's simple CNN on 13 MFCC x frames: conv 32 k2, pool 2, conv 64 k2, pool 2, dense 1024, dropout", "32,64", "2", "2", false, 0.5, dense: 1024),
        Cnn("alexnet-mfcc", "seed 003's AlexNet-style net scaled to MFCC inputs (ours): conv 64-128-192-192-128, kernels 5,3,3,3,3, pools 2,2,1,1,2, dense 512",
            "64,128,192,192,128", "5,3,3,3,3", "2,2,1,1,2", true, 0.5, dense: 512),
        Attention("bgru-attention", "seed 000: CNN -> dense (one unit per frame) -> softmax weights over time; weighted sum of a 2 x bidirectional GRU's outputs -> dense 64", 0),
        Attention("parallel-crnn", "seed 000: the attention-BGRU vector concatenated with a CNN's dense 512 features -> dense 80", 512),
        new("songnet", "seed 004: 3 x [conv1d over time, ReLU, max-pool 2, dropout], time-distributed dense + softmax per step, mean over time",
            [Text("channels", "128,128,128", "filters per conv1d block"), Integer("kernel", 3, "conv1d kernel (frames)"), Number("dropout", 0.2, "dropout after each block")],
            (shape, classes, p) =>
            {
                int[] m = Architecture.Matrix(shape, "songnet");
                return new SongNetwork(m[0], m[1], Architecture.IntList(p, "channels", "128,128,128"), p.GetInt("kernel", 3), p.GetDouble("dropout", 0.2), classes);
            }),
        Recurrent("lstm", "seed 001: 2 x LSTM 64 over time, mean, dense 64", lstm: true, 64, bidirectional: false),
        Recurrent("bgru", "seed 000: 2 x bidirectional GRU 256 over time, mean, dense 64", lstm: false, 256, bidirectional: true),
    ];
}

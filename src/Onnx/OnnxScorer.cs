using MlNetGenre.Core.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetGenre.Core.Models;

namespace MlNetGenre.Onnx;

/// <summary>
/// Scores an exported model with ONNX Runtime: raw feature rows in, class probabilities out.
/// This is the only way test items are scored, so what is measured is what users deploy.
/// </summary>
public sealed class OnnxScorer : IDisposable
{
    public const string ProbabilitiesOutput = "probabilities";
    public const string LabelOutput = "label";

    /// <summary>The per-time-step probabilities [N, T, C] of models that have them (SongNet), for timelines and real-time tracking.</summary>
    public const string StepProbabilitiesOutput = "step_probabilities";

    private readonly InferenceSession _session;
    private readonly string _inputName;

    private readonly int _threads;
    private readonly (long Intermediate, long Weights)? _passSizes;

    private OnnxScorer(InferenceSession session, string path, string deviceDescription, int threads)
    {
        _session = session;
        _threads = threads;
        _inputName = session.InputMetadata.Keys.First();
        ModelPath = path;
        DeviceDescription = deviceDescription;
        var properties = session.ModelMetadata.CustomMetadataMap;
        Metadata = OnnxModelMetadata.FromProperties(properties, path);
        _passSizes = InferencePasses.SizesFrom(properties);
    }

    public string ModelPath { get; }
    public OnnxModelMetadata Metadata { get; }

    /// <summary>Which execution provider runs the model, with the reason when CUDA was asked for but not used.</summary>
    public string DeviceDescription { get; }

    public static OnnxScorer Open(string path, ComputeDevice device = ComputeDevice.Cpu, int intraOpThreads = 1)
    {
        if (Directory.Exists(path))
            throw new InvalidDataException($"{path}: is a folder, not an ONNX model file; give one of the .onnx files a run writes under models/.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such ONNX model file; check the path (runs write them under <output>/<experiment>/<run-id>/models/).", path);
        var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1 };
        string description = "CPU";
        if (device != ComputeDevice.Cpu)
        {
            try
            {
                options.AppendExecutionProvider_CUDA();
                description = "CUDA";
            }
            catch (Exception e) when (e is EntryPointNotFoundException or OnnxRuntimeException or DllNotFoundException)
            {
                description = "CPU (CUDA unavailable: this ONNX Runtime build has no CUDA provider)";
            }
        }
        try
        {
            return new OnnxScorer(new InferenceSession(path, options), path, description, intraOpThreads);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{path}: ONNX Runtime cannot load this model ({e.Message}). Re-export it.", e);
        }
    }

    /// <summary>Probabilities for feature vectors of equal length.</summary>
    public float[][] PredictProbabilities(IReadOnlyList<float[]> rows) =>
        rows.Count == 0 ? [] : PredictRows(rows, [rows[0].Length]);

    /// <summary>Input values scored at once at most (16 MiB): a batch of 256 SongNet inputs alone would be 170 MB, and ONNX Runtime's working memory grows with the batch.</summary>
    private const long MaxBatchBytes = 16L << 20;

    /// <summary>
    /// Probabilities for items of one shape (each row an item flattened row-major), scored <paramref name="batch"/>
    /// items at a time, or fewer (<see cref="ItemsPerRun"/>; one buffer reused): the one place rows become input tensors.
    /// </summary>
    public float[][] PredictRows(IReadOnlyList<float[]> rows, IReadOnlyList<int> itemShape, int batch = 256, CancellationToken cancellation = default)
    {
        int width = itemShape.Aggregate(1, (a, b) => a * b);
        var source = RowSource.Of(rows); // rows on disk are read one batch at a time
        if (source.Count > 0 && source.RowLength != width)
            throw new ArgumentException($"Rows have {source.RowLength} values; the item shape [{string.Join(", ", itemShape)}] needs {width}.", nameof(rows));
        var result = new List<float[]>(rows.Count);
        long[] shape = [0, .. itemShape.Select(d => (long)d)];
        batch = ItemsPerRun(batch, width);
        float[]? buffer = null;
        for (int start = 0; start < rows.Count; start += batch)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(batch, rows.Count - start);
            var flat = buffer is { } reused && reused.Length == count * width ? reused : buffer = new float[count * width];
            for (int r = 0; r < count; r++)
            {
                if (rows is not IRowSource && rows[start + r].Length != width)
                    throw new ArgumentException($"Row {start + r} has {rows[start + r].Length} values; the item shape [{string.Join(", ", itemShape)}] needs {width}.", nameof(rows));
                source.CopyRow(start + r, flat.AsSpan(r * width, width));
            }
            shape[0] = count;
            result.AddRange(PredictProbabilities(flat, shape));
        }
        return [.. result];
    }

    /// <summary>
    /// How many items of <paramref name="width"/> values one Run call scores, at most <paramref name="batch"/>: no more than
    /// 16 MiB of input, and for a convolutional net whose export recorded its sizes, the pass <see cref="InferencePasses"/>
    /// picks (seed 000's CNN: one clip per call, 6.9 ms per clip against 8.1 in calls of 32).
    /// </summary>
    public int ItemsPerRun(int batch, int width)
    {
        int items = (int)Math.Clamp(MaxBatchBytes / (4L * Math.Max(1, width)), 1, Math.Max(batch, 1));
        return _passSizes is (long intermediate, long weights) ? InferencePasses.ItemsPerPass(items, intermediate, weights, _threads) : items;
    }

    /// <summary>Probabilities for a batch given as one flat tensor whose first dimension is the batch.</summary>
    public float[][] PredictProbabilities(float[] flat, long[] shape) => Run(flat, shape, ProbabilitiesOutput)[0];

    public bool HasOutput(string name) => _session.OutputMetadata.ContainsKey(name);

    /// <summary>The first input's dimensions (-1 where dynamic, the batch dimension included) and whether it takes floats.</summary>
    public (IReadOnlyList<int> Dimensions, bool IsFloat) Input =>
        (_session.InputMetadata[_inputName].Dimensions, _session.InputMetadata[_inputName].ElementDataType == TensorElementType.Float);

    /// <summary>Whether the named output exists and gives floats.</summary>
    public bool HasFloatOutput(string name) =>
        _session.OutputMetadata.TryGetValue(name, out var meta) && meta.IsTensor && meta.ElementDataType == TensorElementType.Float;

    /// <summary>The fixed last dimension of an output (the class count of <c>probabilities</c>), or null when absent or dynamic.</summary>
    public int? OutputWidth(string name) =>
        _session.OutputMetadata.TryGetValue(name, out var meta) && meta.Dimensions.Length > 0 && meta.Dimensions[^1] > 0 ? meta.Dimensions[^1] : null;

    /// <summary>
    /// Runs the model and returns each requested float output per batch item, flattened (for probabilities:
    /// one row of C values per item; for SongNet's step_probabilities: T x C values per item).
    /// </summary>
    public float[][][] Run(float[] flat, long[] shape, params string[] outputNames)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(flat, shape);
        using var runOptions = new RunOptions();
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = _session.Run(runOptions, [_inputName], [input], outputNames);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{ModelPath}: ONNX Runtime could not run the model on items of shape [{string.Join(", ", shape)}] ({e.Message}). Re-export it.", e);
        }
        using var _ = outputs;
        var result = new float[outputNames.Length][][];
        for (int o = 0; o < outputNames.Length; o++)
        {
            ReadOnlySpan<float> values = outputs[o].GetTensorDataAsSpan<float>();
            int perItem = values.Length / (int)shape[0];
            result[o] = new float[shape[0]][];
            for (int i = 0; i < shape[0]; i++) result[o][i] = values.Slice(i * perItem, perItem).ToArray();
        }
        return result;
    }

    public void Dispose() => _session.Dispose();
}

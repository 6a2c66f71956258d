using System.Globalization;

namespace MlNetGenre.Onnx;

/// <summary>
/// How many items one inference pass of a convolutional network takes, in TorchSharp (<c>DeepModel.PredictBatch</c>) and
/// in ONNX Runtime (<see cref="OnnxScorer"/>, from the two sizes an export writes into the model's metadata).
/// A pass reads the weights once and streams each item's largest intermediate (a CNN's largest im2col buffer or layer
/// output), so batching pays while the weights read per item are more than one item's intermediate; past that, a larger
/// pass buys nothing and holds more memory. A pass therefore takes the fewest items for which the weights per item are
/// at most one intermediate, and no more than fit <see cref="MaxIntermediateBytes"/>. Measured (bench/ModelBench passes,
/// batch 32, ms per clip, docs/design-notes item 7): seed 000's CNN (18 MB per item, 1.7 MB of weights) costs the same
/// in passes of 1 to 32 at one thread and least in passes of one at two; mfcc-cnn (2.1 MB per item, 242 MB of weights,
/// nearly all one dense layer) costs 25 ms per clip alone and 5.5 in passes of 32. A pass of more than one item is a
/// multiple of the threads (libtorch's convolution gives each thread whole items: three on two threads cost what four
/// do); a pass of one item still uses every thread inside its operators.
/// </summary>
public static class InferencePasses
{
    /// <summary>
    /// The most one pass may hold in its largest intermediate: a batch of 32 clips through seed 001's CNN in one pass
    /// unfolded 3 GB for one convolution and was slower per clip than batch 1 (56-62 ms, once 172, against 50-55).
    /// </summary>
    public const long MaxIntermediateBytes = 64L << 20;

    /// <summary>Metadata keys under which an export records the two sizes (absent: the model is scored in input-bounded batches).</summary>
    public const string IntermediateBytesKey = "mlnetgenre.largest_intermediate_bytes_per_item";
    public const string WeightBytesKey = "mlnetgenre.weight_bytes";

    /// <summary>The metadata entries an export records for <see cref="SizesFrom"/> to read back.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ToProperties(long intermediateBytesPerItem, long weightBytes)
    {
        yield return new(IntermediateBytesKey, intermediateBytesPerItem.ToString(CultureInfo.InvariantCulture));
        yield return new(WeightBytesKey, weightBytes.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The two sizes an export recorded, or null where they are absent or not whole numbers (a hint only: scoring still works without).</summary>
    public static (long IntermediateBytesPerItem, long WeightBytes)? SizesFrom(IReadOnlyDictionary<string, string> properties) =>
        properties.TryGetValue(IntermediateBytesKey, out string? intermediate) && properties.TryGetValue(WeightBytesKey, out string? weights)
        && long.TryParse(intermediate, NumberStyles.None, CultureInfo.InvariantCulture, out long perItem)
        && long.TryParse(weights, NumberStyles.None, CultureInfo.InvariantCulture, out long weightBytes)
            ? (perItem, weightBytes)
            : null;

    /// <summary>
    /// Items per pass for <paramref name="count"/> items (at least one); all of them when <paramref name="intermediateBytesPerItem"/>
    /// is 0 (recurrent and dense nets, which batching only speeds up).
    /// </summary>
    public static int ItemsPerPass(int count, long intermediateBytesPerItem, long weightBytes, int threads, long passBytes = MaxIntermediateBytes)
    {
        int all = Math.Max(count, 1);
        if (intermediateBytesPerItem <= 0) return all;
        long fitting = Math.Max(passBytes / intermediateBytesPerItem, 1);
        long amortizing = Math.Max((Math.Max(weightBytes, 0) + intermediateBytesPerItem - 1) / intermediateBytesPerItem, 1);
        long items = Math.Min(Math.Min(fitting, amortizing), all);
        threads = Math.Max(threads, 1);
        return (int)(items > threads ? items / threads * threads : items);
    }
}

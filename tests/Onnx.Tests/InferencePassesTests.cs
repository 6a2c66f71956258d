namespace MlNetGenre.Onnx.Tests;

/// <summary>The pass-size rule shared by TorchSharp inference and ONNX Runtime scoring, and the sizes it reads from a model's metadata.</summary>
public class InferencePassesTests
{
    private const long MB = 1L << 20;

    [Theory]
    // Seed 000's CNN: 18 MB per clip, 1.7 MB of weights: one clip per pass at any thread count.
    [InlineData(32, 18 * MB, 2 * MB, 1, 1)]
    [InlineData(32, 18 * MB, 2 * MB, 2, 1)]
    // mfcc-cnn: 2 MB per clip, 242 MB of weights: as many as the 64 MB bound holds (32), on two threads too.
    [InlineData(32, 2 * MB, 242 * MB, 1, 32)]
    [InlineData(32, 2 * MB, 242 * MB, 2, 32)]
    [InlineData(40, 2 * MB, 242 * MB, 1, 32)]
    // alexnet-mfcc: 8.5 MB per clip, 43.5 MB of weights: 6 (5.1 rounded up); on four threads a multiple of them.
    [InlineData(32, 17 * MB / 2, 87 * MB / 2, 1, 6)]
    [InlineData(32, 17 * MB / 2, 87 * MB / 2, 4, 4)]
    // Fewer items than the rule would take: all of them; one item: one.
    [InlineData(3, 2 * MB, 242 * MB, 1, 3)]
    [InlineData(1, 2 * MB, 242 * MB, 2, 1)]
    // Larger than the bound itself (seed 001's CNN, 91 MB): still one.
    [InlineData(32, 91 * MB, 10 * MB, 2, 1)]
    // No intermediate to bound (recurrent and dense nets): the whole batch.
    [InlineData(32, 0, 100 * MB, 2, 32)]
    public void A_pass_takes_the_fewest_items_that_read_the_weights_once_per_intermediate(int count, long perItem, long weights, int threads, int expected) =>
        Assert.Equal(expected, InferencePasses.ItemsPerPass(count, perItem, weights, threads));

    [Fact]
    public void The_sizes_are_read_back_only_when_both_are_whole_numbers()
    {
        Dictionary<string, string> Properties(string intermediate, string weights) => new()
        {
            [InferencePasses.IntermediateBytesKey] = intermediate,
            [InferencePasses.WeightBytesKey] = weights,
        };
        Assert.Equal((18_874_368L, 1_782_580L), InferencePasses.SizesFrom(Properties("18874368", "1782580")));
        Assert.Null(InferencePasses.SizesFrom(new Dictionary<string, string>()));
        Assert.Null(InferencePasses.SizesFrom(new Dictionary<string, string> { [InferencePasses.IntermediateBytesKey] = "1000" }));
        Assert.Null(InferencePasses.SizesFrom(Properties("-1", "1000")));
        Assert.Null(InferencePasses.SizesFrom(Properties("1e6", "1000")));
        Assert.Null(InferencePasses.SizesFrom(Properties("1000", "lots")));
    }
}

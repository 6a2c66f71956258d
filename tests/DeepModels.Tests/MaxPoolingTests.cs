using MlNetGenre.DeepModels.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Tests;

/// <summary>
/// The pools the networks use. SongNet's 1-D pool without a gradient is an element-wise maximum of strided views, which
/// must give libtorch's max-pool values exactly (ties, NaN, odd sizes floored); the CNNs pool channels-last tensors with
/// libtorch's kernel for that layout, which must give its NCHW kernel's values; in training both send the gradient to the
/// first maximum of each window.
/// </summary>
[Collection(TorchProcessState.Name)]
public class MaxPoolingTests
{
    public MaxPoolingTests() => TorchRuntime.Initialize();

    /// <summary>Values on a coarse grid (many ties, zeros as after ReLU) with a few NaN.</summary>
    private static Tensor TiedValues(params long[] shape)
    {
        var x = torch.nn.functional.relu(torch.randint(-3, 4, shape, generator: new Generator(7)).to(float32));
        x.view(-1)[TensorIndex.Slice(0, null, 37)] = float.NaN;
        return x;
    }

    private static void AssertSameValues(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.isnan().eq(actual.isnan()).all().item<bool>(), "NaN in different places");
        Assert.True(expected.nan_to_num(-1).eq(actual.nan_to_num(-1)).all().item<bool>(), "values differ");
    }

    [Theory]
    [InlineData(2, 16, 24)]
    [InlineData(2, 17, 25)] // odd: the last row and column are dropped
    [InlineData(3, 17, 25)]
    public void Channels_last_max_pool2d_gives_the_NCHW_values(long kernel, long height, long width)
    {
        using var scope = NewDisposeScope();
        var x = TiedValues(3, 4, height, width);
        var layered = ChannelsLast.Of(x);
        Assert.True(ChannelsLast.Is(layered));
        using var noGrad = torch.no_grad();
        AssertSameValues(nn.functional.max_pool2d(x, kernel, kernel), nn.functional.max_pool2d(layered, kernel, kernel));
    }

    [Fact]
    public void Channels_last_keeps_the_values_of_one_and_several_channels()
    {
        using var scope = NewDisposeScope();
        foreach (long channels in new long[] { 1, 3 })
        {
            var x = torch.randn(2, channels, 5, 7);
            var layered = ChannelsLast.Of(x);
            Assert.Equal([5 * 7 * channels, 1, 7 * channels, channels], layered.stride());
            Assert.True(ChannelsLast.Is(layered));
            Assert.True(x.eq(layered).all().item<bool>());
        }
        Assert.False(ChannelsLast.Is(torch.randn(2, 3, 5, 7)));
    }

    [Theory]
    [InlineData(2, 40)]
    [InlineData(2, 41)]
    [InlineData(3, 41)]
    public void Pool1d_without_a_gradient_gives_max_pool1d_values(long kernel, long length)
    {
        using var scope = NewDisposeScope();
        var x = TiedValues(3, 5, length);
        AssertSameValues(nn.functional.max_pool1d(x, kernel, kernel), MaxPooling.Pool1d(x, kernel));
    }

    [Fact]
    public void In_training_the_gradient_goes_to_the_first_maximum_of_each_window()
    {
        using var scope = NewDisposeScope();
        var x = torch.zeros(1, 3, 4, 6, requires_grad: true); // every window a four-way tie
        nn.functional.max_pool2d(ChannelsLast.Of(x), 2, 2).sum().backward(); // as ConvNetwork pools
        var expected = torch.zeros(1, 3, 4, 6);
        expected[.., .., TensorIndex.Slice(0, null, 2), TensorIndex.Slice(0, null, 2)] = 1f;
        Assert.True(x.grad!.eq(expected).all().item<bool>(), $"gradient {string.Join(",", x.grad.data<float>().ToArray())}");

        var y = torch.zeros(1, 2, 6, requires_grad: true);
        MaxPooling.Pool1d(y, 2).sum().backward();
        Assert.Equal([1f, 0f, 1f, 0f, 1f, 0f], y.grad![0, 0].data<float>().ToArray());
    }
}

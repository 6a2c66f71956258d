using MlNetGenre.DeepModels.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Tests;

/// <summary>
/// The pool the CNNs and SongNet use: without a gradient an element-wise maximum of strided views, which must give
/// libtorch's max-pool values exactly (ties, NaN, odd sizes floored); with one, libtorch's max-pool itself, whose gradient
/// goes to the first maximum of each window.
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
    public void Pool2d_without_a_gradient_gives_max_pool2d_values(long kernel, long height, long width)
    {
        using var scope = NewDisposeScope();
        var x = TiedValues(3, 4, height, width);
        using var noGrad = torch.no_grad();
        AssertSameValues(nn.functional.max_pool2d(x, kernel, kernel), MaxPooling.Pool2d(x, kernel));
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
        var x = torch.zeros(1, 1, 4, 6, requires_grad: true); // every window a four-way tie
        MaxPooling.Pool2d(x, 2).sum().backward();
        var expected = torch.zeros(1, 1, 4, 6);
        expected[.., .., TensorIndex.Slice(0, null, 2), TensorIndex.Slice(0, null, 2)] = 1f;
        Assert.True(x.grad!.eq(expected).all().item<bool>(), $"gradient {string.Join(",", x.grad.data<float>().ToArray())}");

        var y = torch.zeros(1, 2, 6, requires_grad: true);
        MaxPooling.Pool1d(y, 2).sum().backward();
        Assert.Equal([1f, 0f, 1f, 0f, 1f, 0f], y.grad![0, 0].data<float>().ToArray());
    }
}

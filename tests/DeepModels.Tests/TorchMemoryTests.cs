using MlNetGenre.DeepModels.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Tests;

/// <summary>
/// How much a forward pass holds: seed 001's CNN at batch 32 held every layer's output (1.35 GB each) until the caller's
/// dispose scope ended (Intermediate), 10 GB at the peak of a training step and 21 GB (killed) in inference after it.
/// </summary>
[Collection(TorchProcessState.Name)]
public class TorchMemoryTests
{
    public TorchMemoryTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData(Architectures.BlockOrder.ConvNormActPool)]
    [InlineData(Architectures.BlockOrder.ConvActPoolNorm)]
    public void A_conv_network_frees_each_layer_output_once_the_next_exists(Architectures.BlockOrder order)
    {
        // Kernels 3, 2, 1: the even kernel pads asymmetrically (one more tensor per block); every block has batch norm.
        using var network = new ConvNetwork(16, 24, [4, 6, 8], [3, 2, 1], [2, 2, 1], batchNorm: true, "relu", dense: 8, dropout: 0, classes: 3, order);
        network.eval();
        using var input = torch.randn(2, 16, 24);
        Assert.InRange(LiveTensorsAfterForward(network, input), 1, 2); // the logits and the dense features; holding every output: 17
    }

    [Fact]
    public void SongNet_frees_each_layer_output_once_the_next_exists()
    {
        using var network = new SongNetwork(bins: 12, frames: 40, channels: [8, 8, 8], kernel: 3, dropout: 0.2, classes: 3);
        network.eval();
        using var input = torch.randn(2, 12, 40);
        // The logits and the few tensors of the per-step softmax head (7); holding every conv block's outputs: 18.
        Assert.InRange(LiveTensorsAfterForward(network, input), 1, 7);
    }

    [Fact]
    public void Training_through_the_freed_outputs_gives_the_same_gradients_as_a_float64_reference()
    {
        using var single = new ConvNetwork(16, 24, [4, 6], [3, 2], [2, 2], batchNorm: true, "relu", dense: 8, dropout: 0, classes: 3);
        using var reference = new ConvNetwork(16, 24, [4, 6], [3, 2], [2, 2], batchNorm: true, "relu", dense: 8, dropout: 0, classes: 3);
        reference.to(float64);
        using (torch.no_grad())
        {
            var weights = single.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, parameter) in reference.named_parameters()) parameter.copy_(weights[name]);
        }
        using var scope = NewDisposeScope();
        var input = torch.randn(4, 16, 24);
        single.call(input).square().sum().backward();
        reference.call(input.to(float64)).square().sum().backward();
        var expected = reference.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        // Relative to the largest gradient: the conv biases before batch norm have (near-)zero gradients of their own.
        double scale = expected.Values.Max(g => g.abs().max().item<double>());
        foreach (var (name, parameter) in single.named_parameters())
        {
            double error = (parameter.grad!.to(float64) - expected[name]).abs().max().item<double>() / scale;
            Assert.True(error < 1e-5, $"{name}: gradient off by {error:E2} relative to float64");
        }
    }

    private static long LiveTensorsAfterForward(nn.Module<Tensor, Tensor> network, Tensor input)
    {
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope();
        network.call(input);
        return scope.DisposablesCount;
    }
}

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

    [Fact]
    public void A_conv_network_knows_its_largest_intermediate_per_item()
    {
        // Block 0 unfolds 1 x 3 x 3 x 16 x 24 = 3,456 values (its output: 4 x 16 x 24 = 1,536); block 1, after the pool,
        // unfolds 4 x 2 x 2 x 8 x 12 = 1,536 and outputs 576.
        using var network = new ConvNetwork(16, 24, [4, 6], [3, 2], [2, 2], batchNorm: false, "relu", dense: 8, dropout: 0, classes: 3);
        Assert.Equal(3_456 * sizeof(float), network.LargestIntermediateBytesPerItem);
        using var recurrent = new RecurrentNetwork(lstm: false, bins: 16, hidden: 8, layers: 1, bidirectional: true, dense: 8, dropout: 0, classes: 3);
        Assert.Equal(0, recurrent.LargestIntermediateBytesPerItem);
    }

    [Fact]
    public void Inference_in_bounded_passes_gives_the_probabilities_of_one_pass()
    {
        var network = new ConvNetwork(16, 24, [4, 6], [3, 2], [2, 2], batchNorm: true, "relu", dense: 8, dropout: 0, classes: 3);
        var random = new Random(5);
        var rows = Enumerable.Range(0, 7).Select(_ => Enumerable.Range(0, 16 * 24).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var model = new DeepModel(network, Core.Models.Standardizer.FitScalar(rows), [16, 24], [], "test");
        long perItem = network.LargestIntermediateBytesPerItem;
        // Dense 512 over the 6 x 4 x 6 pooled output: 75,941 parameters (303,764 bytes), 22 items' intermediates (13,824 bytes each).
        var wide = new DeepModel(new ConvNetwork(16, 24, [4, 6], [3, 2], [2, 2], batchNorm: true, "relu", dense: 512, dropout: 0, classes: 3),
            Core.Models.Standardizer.FitScalar(rows), [16, 24], [], "test");
        int threads = torch.get_num_threads();
        torch.set_num_threads(2);
        try
        {
            // 1,349 parameters (5,396 bytes) are less than one intermediate: every item is a pass of its own.
            Assert.Equal(1, model.ItemsPerPass(7, long.MaxValue));
            Assert.Equal(22, wide.ItemsPerPass(32, long.MaxValue)); // as many as the weights take to be read once per intermediate
            Assert.Equal(6, wide.ItemsPerPass(7, long.MaxValue));   // no more than there are, and a multiple of the threads
            Assert.Equal(4, wide.ItemsPerPass(32, 5 * perItem));    // no more than fit the bound: three on two threads cost what four do
            Assert.Equal(1, wide.ItemsPerPass(32, 1));              // at least one
            Assert.Equal(1, wide.ItemsPerPass(1, long.MaxValue));
        }
        finally
        {
            torch.set_num_threads(threads);
        }
        float[][] whole = model.PredictBatch(rows, [16, 24], itemsPerPass: rows.Length);
        // Passes of one item, then of a few, the last pass partial: the same probabilities as one pass.
        foreach (int itemsPerPass in new[] { 1, 3 })
        {
            float[][] split = model.PredictBatch(rows, [16, 24], itemsPerPass);
            Assert.Equal(rows.Length, split.Length);
            for (int i = 0; i < rows.Length; i++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(whole[i][c], split[i][c], 1e-6f);
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

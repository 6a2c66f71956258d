using MlNetGenre.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Tests;

/// <summary>
/// libtorch's kernels against a float64 reference of the same weights, at one and two threads, on whichever path
/// TorchRuntime chose (oneDNN where its probe passed, ATen's kernels elsewhere). Each case failed on an AMD EPYC
/// (Zen 4/5) VM with oneDNN on (TorchRuntime explains), so these tests fail whenever a wrong path is active: an
/// upgraded libtorch, a probe that misses a fault, a lost call to TorchRuntime.Initialize.
/// </summary>
[Collection(TorchProcessState.Name)]
public class TorchNumericsTests
{
    public TorchNumericsTests() => TorchRuntime.Initialize();

    [Fact]
    public void OneDnn_is_on_only_where_its_probe_passed()
    {
        string choice = Assert.IsType<string>(TorchRuntime.OneDnnChoice);
        Assert.Equal(choice == "oneDNN (probe passed)", TorchRuntime.OneDnnEnabled);
        if (Environment.GetEnvironmentVariable(TorchRuntime.OneDnnVariable) == "off") Assert.False(TorchRuntime.OneDnnEnabled);
    }

    [Fact]
    public void The_oneDNN_setting_accepts_off_and_names_itself_otherwise()
    {
        bool enabled = TorchRuntime.OneDnnEnabled;
        Assert.Equal("ATen (MLNETGENRE_ONEDNN=off)", TorchRuntime.ChooseOneDnn("off"));
        var error = Assert.Throws<ArgumentException>(() => TorchRuntime.ChooseOneDnn("no"));
        Assert.Contains("MLNETGENRE_ONEDNN=no", error.Message);
        Assert.Equal(enabled, TorchRuntime.OneDnnEnabled); // neither call touched the kernels in use
    }

    [Fact]
    public void The_probe_passes_the_active_kernels_even_inside_no_grad()
    {
        using var noGrad = torch.no_grad(); // Initialize may first run inside a caller's no_grad scope
        Assert.Null(OneDnnProbe.FirstFault()); // oneDNN where it passed at start-up, ATen's kernels elsewhere: both right
    }

    [Fact]
    public void NNPACK_is_off_once_the_runtime_is_initialised() => Assert.False(TorchRuntime.NnpackEnabled); // one conv path on every CPU

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(4, 1, 1)]
    [InlineData(4, 2, 1)]
    [InlineData(8, 2, 1)]
    [InlineData(12, 2, 1)]
    [InlineData(16, 2, 1)]
    [InlineData(24, 1, 1)] // oneDNN's forward pass gave NaN or 20-60% errors at 24 input channels
    [InlineData(24, 2, 2)]
    [InlineData(48, 1, 2)] // and its input gradient 10-30% errors at stride 2 from 48 channels
    public void Convolution_gradients_equal_a_float64_reference(int channels, int threads, int stride)
    {
        torch.set_num_threads(threads);
        foreach (bool channelsLast in new[] { false, true }) // ConvNetwork's layers are channels-last; conv1d's input is not
        for (int repeat = 0; repeat < 12; repeat++)
        {
            using var scope = NewDisposeScope();
            torch.manual_seed(repeat);
            var x = torch.randn(8, channels, 16, 16);
            var w = torch.randn(channels, channels, 3, 3) * 0.3;
            var upstream = torch.randn(8, channels, 16 / stride, 16 / stride);
            var (y, dx, dw) = OneDnnProbe.Gradients(x, w, upstream, stride, channelsLast);
            var (y64, dx64, dw64) = OneDnnProbe.Gradients(x.to(float64), w.to(float64), upstream.to(float64), stride, channelsLast);
            string layout = channelsLast ? "channels-last" : "NCHW";
            AssertClose(y64, y, $"{layout} output", channels, threads);
            AssertClose(dw64, dw, $"{layout} weight gradient", channels, threads);
            AssertClose(dx64, dx, $"{layout} input gradient", channels, threads);
        }
    }

    [Theory]
    [InlineData(true, 8)]
    [InlineData(true, 16)]
    [InlineData(true, 64)]
    [InlineData(false, 8)]
    [InlineData(false, 16)]
    public void Recurrent_inference_equals_a_float64_reference(bool lstm, int hidden)
    {
        foreach (int threads in new[] { 1, 2 })
        {
            torch.set_num_threads(threads);
            using var scope = NewDisposeScope();
            using var single = new Networks.RecurrentNetwork(lstm, bins: 20, hidden, layers: 2, bidirectional: !lstm, dense: 16, dropout: 0, classes: 3);
            using var reference = new Networks.RecurrentNetwork(lstm, bins: 20, hidden, layers: 2, bidirectional: !lstm, dense: 16, dropout: 0, classes: 3);
            reference.to(float64);
            using var noGrad = torch.no_grad();
            var weights = single.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, parameter) in reference.named_parameters()) parameter.copy_(weights[name]);
            single.eval();
            reference.eval();
            foreach (int batch in new[] { 1, 5 })
            {
                var x = torch.randn(batch, 20, 30);
                AssertClose(reference.call(x.to(float64)), single.call(x), $"{(lstm ? "LSTM" : "GRU")} logits at batch {batch}", hidden, threads);
            }
        }
    }

    [Theory]
    [InlineData(false, Architectures.BlockOrder.ConvNormActPool)]
    [InlineData(true, Architectures.BlockOrder.ConvNormActPool)]
    [InlineData(true, Architectures.BlockOrder.ConvActPoolNorm)]
    public void A_conv_network_and_its_gradients_equal_a_float64_copy(bool batchNorm, Architectures.BlockOrder order)
    {
        foreach (int threads in new[] { 1, 2 })
        {
            torch.set_num_threads(threads);
            using var scope = NewDisposeScope();
            torch.manual_seed(threads);
            // Channels 4 and 12 (not multiples of oneDNN's channel blocks), an even kernel (padded before the conv), pools of 2.
            Networks.ConvNetwork Build() => new(20, 24, [4, 12], [3, 2], [2, 2], batchNorm, "relu", dense: 8, dropout: 0, classes: 3, order);
            using var single = Build();
            using var reference = Build();
            AssertGradientsMatch(single, reference, torch.randn(6, 20, 24), $"CNN ({threads} thread(s))");
        }
    }

    [Theory]
    [InlineData("channels 4, 12 (oneDNN's input gradient was wrong at 12 on the AMD VMs)", 20, 24, new[] { 4, 12 }, new[] { 3, 2 }, new[] { 2, 2 })]
    [InlineData("channels 16, 32", 20, 24, new[] { 16, 32 }, new[] { 3, 3 }, new[] { 2, 2 })]
    [InlineData("seed 000's CNN at its input size", 513, 128, new[] { 32, 32, 64, 128, 64 }, new[] { 3 }, new[] { 2 })]
    [InlineData("seed 001's CNN at its input size (without its batch norm)", 128, 1292, new[] { 64, 32, 32, 16 }, new[] { 3, 3, 2, 1 }, new[] { 2, 2, 2, 1 })]
    public void A_network_trains_on_kernels_that_match_a_float64_copy_of_it(string what, int rows, int frames, int[] channels, int[] kernels, int[] pools)
    {
        bool before = TorchRuntime.OneDnnEnabled;
        foreach (int threads in new[] { 1, 2 })
        {
            torch.set_num_threads(threads);
            using var scope = NewDisposeScope();
            torch.manual_seed(threads);
            var options = new Architectures.ConvOptions { Channels = channels, Kernels = kernels, Pools = pools, BatchNorm = false, Dropout = 0 };
            using var single = Networks.ConvNetwork.Create([rows, frames], 5, options);
            using var reference = Networks.ConvNetwork.Create([rows, frames], 5, options);
            using (var kernelsInUse = TorchRuntime.KernelsFor(single, [rows, frames], threads, training: true))
            {
                if (TorchRuntime.OneDnnChoice!.StartsWith("ATen: oneDNN wrong") && channels.All(c => c % 16 == 0))
                    Assert.StartsWith("oneDNN for this network", kernelsInUse.Description); // where the fixed probe failed, these layers still get it
                AssertConvolutionsMatchFloat64(single, reference, torch.randn(2, rows, frames), $"{what}, {threads} thread(s), {kernelsInUse.Description}");
            }
            Assert.Equal(before, TorchRuntime.OneDnnEnabled); // the scope switched back
        }
    }

    /// <summary>
    /// One training step of <paramref name="network"/> on <paramref name="x"/>: its logits against a float64 copy
    /// (<paramref name="reference"/>), and each convolution's output, input gradient, weight gradient and bias gradient,
    /// as the kernels in use computed them inside the network, against float64 recomputed from the same input and output
    /// gradient. Layer by layer, not the whole network's gradients against the copy's: those pass max pools, whose gradient
    /// goes to each window's first maximum, and where two values of a window lie within rounding of each other float32 and
    /// float64 pick different ones. A large CNN has about a million windows, so about one such pick per step: at seed
    /// 000's input size it moved conv4's weight gradient (not its bias gradient: the same sum, another position) and
    /// every gradient below it by 2-7% against float64 on a Zen 4 VM, with kernels that were right.
    /// </summary>
    private static void AssertConvolutionsMatchFloat64(Networks.Network network, Networks.Network reference, Tensor x, string what, double tolerance = 1e-5)
    {
        // Each convolution's input and output, kept with their gradients (a copy in between: the network frees its own).
        var layers = new List<(string Name, TorchSharp.Modules.Convolution Conv, Tensor Input, Tensor Output)>();
        var hooks = new List<Action>(); // their removers
        foreach (var (name, module) in network.named_modules())
        {
            if (module is not TorchSharp.Modules.Convolution conv) continue;
            Tensor? input = null;
            hooks.Add(conv.register_forward_pre_hook((_, x) =>
            {
                input = x.clone(); // keeps the layout: the kernels run as they do without the hook
                if (x.requires_grad) input.retain_grad();
                return input.alias();
            }).remove);
            hooks.Add(conv.register_forward_hook((_, _, y) =>
            {
                var output = y.clone();
                output.retain_grad();
                layers.Add((name, conv, input!, output));
                return output.alias();
            }).remove);
        }
        try
        {
            var (logits, _) = AssertLogitsMatchFloat64(network, reference, x, what, tolerance);
            (logits * torch.randn(logits.shape)).sum().backward();
        }
        finally
        {
            foreach (var remove in hooks) remove();
        }
        Assert.NotEmpty(layers);
        foreach (var (name, conv, input, output) in layers)
        {
            var x64 = input.detach().to(float64).requires_grad_(input.grad is not null);
            var w64 = conv.weight!.detach().to(float64).requires_grad_(true);
            var b64 = conv.bias?.detach().to(float64).requires_grad_(true);
            var y64 = nn.functional.conv2d(x64, w64, b64, conv.stride, conv.padding, conv.dilation, conv.groups);
            y64.backward([output.grad!.to(float64)]);
            void Check(string quantity, Tensor expected, Tensor actual)
            {
                double error = OneDnnProbe.RelativeError(expected, actual);
                Assert.True(error < tolerance, $"{what}: {name}'s {quantity} off by {error:E2} against float64");
            }
            Check("output", y64, output);
            Check("weight gradient", w64.grad!, conv.weight.grad!);
            if (b64 is not null) Check("bias gradient", b64.grad!, conv.bias!.grad!);
            if (input.grad is { } dx) Check("input gradient", x64.grad!, dx);
        }
    }

    [Fact]
    public void A_network_with_an_LSTM_keeps_the_process_wide_kernels()
    {
        bool before = TorchRuntime.OneDnnEnabled;
        using var lstm = new Networks.RecurrentNetwork(true, bins: 20, hidden: 8, layers: 2, bidirectional: false, dense: 16, dropout: 0, classes: 3);
        using (var kernels = TorchRuntime.KernelsFor(lstm, [20, 30], threads: 1, training: false))
        {
            Assert.Equal(before, TorchRuntime.OneDnnEnabled); // oneDNN's LSTM inference was wrong at hidden 8 on the AMD VMs
            if (TorchRuntime.OneDnnChoice!.StartsWith("ATen: oneDNN wrong")) Assert.Contains("LSTM", kernels.Description);
        }
        Assert.Equal(before, TorchRuntime.OneDnnEnabled);
    }

    /// <summary>Makes <paramref name="reference"/> a float64 copy of <paramref name="single"/> and compares their logits on <paramref name="x"/>.</summary>
    private static (Tensor Logits, Tensor Logits64) AssertLogitsMatchFloat64(Networks.Network single, Networks.Network reference, Tensor x, string what, double tolerance)
    {
        reference.to(float64);
        using (torch.no_grad())
        {
            var weights = single.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, parameter) in reference.named_parameters()) parameter.copy_(weights[name]);
        }
        var logits = single.call(x);
        var logits64 = reference.call(x.to(float64));
        double logitError = OneDnnProbe.RelativeError(logits64, logits);
        Assert.True(logitError < tolerance, $"{what}: logits off by {logitError:E2} against float64");
        return (logits, logits64);
    }

    /// <summary>
    /// Copies <paramref name="single"/>'s weights into <paramref name="reference"/> (made float64) and compares logits and every
    /// gradient. For small networks only: a few thousand max-pool windows make a window whose two largest values lie within
    /// rounding (float32 and float64 then route its gradient differently) unlikely; large ones are checked layer by layer
    /// (<see cref="AssertConvolutionsMatchFloat64"/>).
    /// </summary>
    private static void AssertGradientsMatch(Networks.Network single, Networks.Network reference, Tensor x, string what, double tolerance = 1e-5)
    {
        var (logits, logits64) = AssertLogitsMatchFloat64(single, reference, x, what, tolerance);
        var upstream = torch.randn(logits.shape);
        (logits * upstream).sum().backward();
        (logits64 * upstream.to(float64)).sum().backward();
        // A gradient that is zero in exact arithmetic (a conv bias before training-mode batch norm: ~1e-17 in float64,
        // the rounding of a cancelling sum in float32) is measured on the scale of the largest gradient, not its own.
        var gradients = single.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        double largest = reference.parameters().Max(p => p.grad!.abs().max().item<double>());
        foreach (var (name, parameter) in reference.named_parameters())
        {
            var expected = parameter.grad!;
            double own = expected.abs().max().item<double>();
            double scale = own < 1e-9 * largest ? largest : own;
            double error = (gradients[name].to(float64) - expected).abs().max().item<double>() / scale;
            Assert.True(error < tolerance, $"{what}: gradient of {name} off by {error:E2} against float64, on a scale of {scale:E2}");
        }
    }

    [Fact]
    public void The_same_small_cnn_fit_twice_in_one_process_gives_identical_weights()
    {
        var table = TinyData.Matrices(3, 12, 20, 24, seed: 21);
        var family = TestOptions.Family("cnn");
        var parameters = TestOptions.Bind(family, new Dictionary<string, object>
        {
            ["epochs"] = 3L, ["batch_size"] = 8L, ["learning_rate"] = 0.01, ["channels"] = "4,6", ["dense"] = 8L,
        });
        var first = (DeepModel)family.Fit(table, parameters, new FitContext(4, Threads: 2));
        var second = (DeepModel)family.Fit(table, parameters, new FitContext(4, Threads: 2));
        var a = first.Network.parameters().Select(p => p.data<float>().ToArray()).ToArray();
        var b = second.Network.parameters().Select(p => p.data<float>().ToArray()).ToArray();
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i]);
        Assert.All(a.SelectMany(v => v), v => Assert.True(float.IsFinite(v)));
    }

    private static void AssertClose(Tensor reference, Tensor actual, string what, int size, int threads)
    {
        double error = OneDnnProbe.RelativeError(reference, actual);
        Assert.True(error < 1e-5, $"{what} (size {size}, {threads} thread(s)): relative error {error:E2} against float64");
    }
}

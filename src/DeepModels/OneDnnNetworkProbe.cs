using MlNetGenre.DeepModels.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels;

/// <summary>
/// Checks oneDNN on the convolutions of one network, each at the channels, kernel, stride, padding, input size and memory
/// layout the network calls it with, forward and (for training) every gradient the fit computes, at one thread and at
/// the fit's threads, against ATen's own kernels. Used where <see cref="OneDnnProbe"/> failed: on this project's
/// AMD EPYC VMs oneDNN 3.7.1 is wrong at some channel counts (input gradients when the output channels are not a
/// multiple of 16, the forward pass at 24 input channels, strided input gradients from 48) and right at the rest,
/// among them every layer of seed 000's and seed 001's CNNs, which then train 2x faster than on ATen's kernels.
/// </summary>
internal static class OneDnnNetworkProbe
{
    private const int ProbeBatch = 2; // the batch is the kernels' outer loop; two items give each of two threads one
    private const double Tolerance = 1e-4; // two float32 sums over a layer's whole input differ by ~1e-6 of the largest value; the faults by 1e-1 to NaN

    /// <summary>One call of a convolution module as the network makes it.</summary>
    internal sealed record ConvolutionCall(string Name, Convolution Module, long[] InputShape, bool ChannelsLast, bool NeedsInputGradient)
    {
        public string Key => $"{(Module.weight!.dim() == 3 ? "conv1d" : "conv2d")} {string.Join("x", Module.weight!.shape)} " +
                             $"bias {Module.bias is not null} stride {string.Join(",", Module.stride)} padding {string.Join(",", Module.padding ?? [])} " +
                             $"dilation {string.Join(",", Module.dilation)} groups {Module.groups} input {string.Join("x", InputShape.Skip(1))} " +
                             $"{(ChannelsLast ? "channels-last" : "contiguous")}{(NeedsInputGradient ? " dx" : "")}";

        public override string ToString() =>
            $"{Name}: {Module.in_channels} -> {Module.out_channels} channels, kernel {string.Join("x", Module.kernel_size)}, " +
            $"stride {string.Join("x", Module.stride)}, input {string.Join(" x ", InputShape.Skip(2))}{(ChannelsLast ? ", channels-last" : "")}";
    }

    /// <summary>
    /// The convolution calls of one forward pass of <paramref name="network"/> over an item of <paramref name="itemShape"/>
    /// (batch 1, no state changed: dropout and batch norm run in eval mode and the network's mode is restored).
    /// </summary>
    public static IReadOnlyList<ConvolutionCall> Calls(Network network, IReadOnlyList<int> itemShape)
    {
        var calls = new List<ConvolutionCall>();
        var hooks = network.named_modules().Where(m => m.module is Convolution)
            .Select(m => ((Convolution)m.module).register_forward_pre_hook((module, x) =>
            {
                calls.Add(new ConvolutionCall(m.name, (Convolution)module, x.shape, Networks.ChannelsLast.Is(x), x.requires_grad));
                return x;
            }))
            .ToList();
        bool wasTraining = network.training;
        try
        {
            network.eval();
            using var scope = NewDisposeScope();
            using var grad = torch.enable_grad(); // which inputs need a gradient is part of what runs
            var device = network.parameters().FirstOrDefault()?.device ?? CPU;
            network.call(torch.zeros([1, .. itemShape.Select(d => (long)d)], device: device));
        }
        finally
        {
            foreach (var hook in hooks) hook.remove();
            if (wasTraining) network.train();
        }
        return calls;
    }

    /// <summary>The first call oneDNN gets wrong ("conv1: 16 -> 12 channels, ...: input gradient, 1 thread(s)"), or null.</summary>
    /// <remarks>
    /// <paramref name="useOneDnn"/> switches between oneDNN and ATen's kernels; oneDNN is on when this returns. The
    /// reference is ATen's float32 kernels (pinned to float64 by TorchNumericsTests; a float64 reference of seed 001's
    /// layers took 11 s): where oneDNN is right the two agree to ~1e-6 of the largest value. Each call is checked once per
    /// process and thread count (seed 001's CNN: ~5 s at one thread, ~3 s more at two; seed 000's: ~1 s). The caller
    /// serialises calls (TorchRuntime's network gate); the thread count is restored afterwards.
    /// </remarks>
    public static string? FirstFault(IReadOnlyList<ConvolutionCall> calls, int threads, bool training, Action<bool> useOneDnn)
    {
        int previous = torch.get_num_threads();
        try
        {
            foreach (int t in new[] { 1, threads }.Distinct())
            foreach (var call in calls)
            {
                string key = $"{call.Key}, {t} thread(s), {(training ? "training" : "inference")}";
                if (!Checked.TryGetValue(key, out var fault))
                {
                    torch.set_num_threads(t);
                    Checked[key] = fault = Fault(call, training, useOneDnn);
                }
                if (fault is not null) return $"{call}: {fault}, {t} thread(s)";
            }
            return null;
        }
        finally
        {
            useOneDnn(true);
            torch.set_num_threads(previous);
        }
    }

    private static readonly Dictionary<string, string?> Checked = []; // a call's key, threads and use -> its fault, or null

    private static string? Fault(ConvolutionCall call, bool training, Action<bool> useOneDnn)
    {
        var conv = call.Module;
        if (conv.padding is null || conv.padding_mode != PaddingModes.Zeros || conv.transposed)
            return "a padding mode or transposition the probe does not reproduce";
        using var scope = NewDisposeScope();
        using var grad = torch.enable_grad();
        using var generator = new Generator(1234);
        long fanIn = conv.weight!.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        var x = torch.randn([ProbeBatch, .. call.InputShape.Skip(1)], generator: generator);
        var w = torch.randn(conv.weight.shape, generator: generator) / Math.Sqrt(fanIn);
        var b = conv.bias is null ? null : torch.randn(conv.bias.shape, generator: generator);
        var upstream = training ? torch.randn(OutputShape(conv, x.shape), generator: generator) : null;
        bool dx = training && call.NeedsInputGradient;
        useOneDnn(true);
        var single = Run(conv, x, w, b, upstream, call.ChannelsLast, dx);
        useOneDnn(false);
        var reference = Run(conv, x, w, b, upstream, channelsLast: false, dx); // the same values; ATen's channels-last path is slower at one input channel
        return Differs(reference.Y, single.Y) ? "output"
            : dx && Differs(reference.Dx!, single.Dx!) ? "input gradient"
            : upstream is not null && Differs(reference.Dw!, single.Dw!) ? "weight gradient"
            : upstream is not null && b is not null && Differs(reference.Db!, single.Db!) ? "bias gradient"
            : null;
    }

    /// <summary>[N, out channels, spatial...] of the convolution over an input of <paramref name="input"/>.</summary>
    private static long[] OutputShape(Convolution conv, long[] input)
    {
        var shape = new long[input.Length];
        (shape[0], shape[1]) = (input[0], conv.out_channels);
        for (int d = 2; d < input.Length; d++)
        {
            int i = d - 2;
            shape[d] = (input[d] + 2 * conv.padding![i] - conv.dilation[i] * (conv.kernel_size[i] - 1) - 1) / conv.stride[i] + 1;
        }
        return shape;
    }

    /// <summary>The call's output and, given an upstream gradient u, the gradients of sum(output * u).</summary>
    private static (Tensor Y, Tensor? Dx, Tensor? Dw, Tensor? Db) Run(Convolution conv, Tensor x, Tensor w, Tensor? b, Tensor? upstream, bool channelsLast, bool dx)
    {
        bool training = upstream is not null;
        var input = (channelsLast ? Networks.ChannelsLast.Of(x.detach()) : x.detach().clone()).requires_grad_(dx);
        var weight = w.detach().clone().requires_grad_(training);
        var bias = b?.detach().clone().requires_grad_(training);
        var y = conv.weight!.dim() == 3
            ? nn.functional.conv1d(input, weight, bias, conv.stride[0], conv.padding![0], conv.dilation[0], conv.groups)
            : nn.functional.conv2d(input, weight, bias, conv.stride, conv.padding, conv.dilation, conv.groups);
        if (upstream is null) return (y.detach(), null, null, null);
        (y * upstream).sum().backward();
        return (y.detach(), dx ? input.grad : null, weight.grad, bias?.grad);
    }

    private static bool Differs(Tensor reference, Tensor actual) => !(OneDnnProbe.RelativeError(reference.to(float64), actual) <= Tolerance); // NaN counts
}

using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels;

/// <summary>
/// Checks libtorch's oneDNN kernels against float64 (which ATen computes with its own kernels) on the shapes where
/// oneDNN 3.7.1 was wrong on this project's AMD EPYC Zen 4/5 VMs: convolution input gradients at channel counts that
/// are not a multiple of the kernel's channel block (deterministic at one thread), the forward output at 24 input
/// channels, input gradients at stride 2 from 48 channels, and LSTM inference at hidden sizes 8 and 16; each at one
/// and two threads. On an Intel Xeon (Emerald Rapids) VM the same oneDNN was right on all of them and on a sweep of
/// 2,704 convolutions (channels 1-128, kernels 1-5, strides 1-2, 1 and 2 threads). The convolutions run in both layouts the
/// networks use (NCHW, channels-last: oneDNN has other kernels for each). Takes about 0.1 s there.
/// </summary>
internal static class OneDnnProbe
{
    private const double Tolerance = 1e-5; // relative to the largest value; float32 kernels reach ~1e-7, the faults 1e-2 to NaN

    /// <summary>The first case oneDNN got wrong on this CPU ("convolution input gradient, 4 channels, stride 1, 1 thread(s)"), or null.</summary>
    /// <remarks>oneDNN must be enabled while this runs; the thread count is restored afterwards.</remarks>
    public static string? FirstFault()
    {
        int threads = torch.get_num_threads();
        try
        {
            foreach (int t in new[] { 1, 2 })
            {
                torch.set_num_threads(t);
                foreach (bool channelsLast in new[] { false, true })
                foreach (var (channels, stride) in new[] { (4, 1), (12, 1), (24, 1), (24, 2), (48, 2) })
                    if (ConvolutionFault(channels, stride, channelsLast) is { } fault)
                        return $"{fault}, {channels} channels, stride {stride}, {(channelsLast ? "channels-last" : "NCHW")}, {t} thread(s)";
                foreach (int hidden in new[] { 8, 16 })
                    if (LstmFault(hidden) is { } fault) return $"{fault}, hidden {hidden}, {t} thread(s)";
            }
            return null;
        }
        finally
        {
            torch.set_num_threads(threads);
        }
    }

    private static string? ConvolutionFault(int channels, int stride, bool channelsLast)
    {
        using var scope = NewDisposeScope();
        using var grad = torch.enable_grad(); // Initialize may run inside a caller's no_grad
        using var generator = new Generator((ulong)(1000 + channels));
        var x = torch.randn([8, channels, 16, 16], generator: generator);
        var w = torch.randn([channels, channels, 3, 3], generator: generator) * 0.3;
        var upstream = torch.randn([8, channels, 16 / stride, 16 / stride], generator: generator);
        var (y, dx, dw) = Gradients(x, w, upstream, stride, channelsLast);
        var (y64, dx64, dw64) = Gradients(x.to(float64), w.to(float64), upstream.to(float64), stride, channelsLast);
        return Differs(y64, y) ? "convolution output"
            : Differs(dx64, dx) ? "convolution input gradient"
            : Differs(dw64, dw) ? "convolution weight gradient"
            : null;
    }

    /// <summary>
    /// A 3 x 3 convolution (padding 1) of x by w, and the gradients of sum(y * upstream) with respect to x and w; with x
    /// laid out channels-last as ConvNetwork lays out its layers (oneDNN then runs other kernels) or NCHW (conv1d's layout).
    /// </summary>
    internal static (Tensor Y, Tensor Dx, Tensor Dw) Gradients(Tensor x, Tensor w, Tensor upstream, int stride, bool channelsLast)
    {
        var input = (channelsLast ? Networks.ChannelsLast.Of(x.detach()) : x.detach()).requires_grad_(true);
        var weight = w.detach().requires_grad_(true);
        var y = nn.functional.conv2d(input, weight, strides: [stride, stride], padding: [1, 1]);
        (y * upstream).sum().backward();
        return (y.detach(), input.grad!, weight.grad!);
    }

    private static string? LstmFault(int hidden)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var generator = new Generator((ulong)(2000 + hidden));
        using var lstm = nn.LSTM(20, hidden, numLayers: 2, batchFirst: true);
        foreach (var parameter in lstm.parameters()) parameter.copy_(torch.randn(parameter.shape, generator: generator) * 0.3);
        var x = torch.randn([5, 30, 20], generator: generator);
        var (output, _, _) = lstm.call(x);
        lstm.to(float64);
        var (output64, _, _) = lstm.call(x.to(float64));
        return Differs(output64, output) ? "LSTM inference" : null;
    }

    private static bool Differs(Tensor reference, Tensor actual) => !(RelativeError(reference, actual) < Tolerance); // NaN counts as a fault

    /// <summary>The largest difference from the float64 reference, relative to the reference's largest magnitude.</summary>
    internal static double RelativeError(Tensor reference, Tensor actual) =>
        (actual.to(float64) - reference).abs().max().item<double>() / reference.abs().max().item<double>();
}

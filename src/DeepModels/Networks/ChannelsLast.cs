using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Networks;

/// <summary>
/// The channels-last memory layout: a logical [N, C, H, W] tensor stored as [N, H, W, C] (strides H·W·C, 1, W·C, C).
/// libtorch keeps that layout through every layer of <see cref="ConvNetwork"/> once its input has it (convolution,
/// batch norm, ReLU/SELU, padding, max pooling, their gradients), and its kernels are faster on it: oneDNN convolves
/// NHWC without reordering to and from its blocked layout, and libtorch's max pool vectorises over channels where its
/// NCHW kernel walks one window at a time (that kernel was 30% of a seed-000 CNN training step here, per <c>perf</c>).
/// Measured with ModelBench (seed 000's CNN, batch 32, Intel Xeon VM, session 13): training 1.7x faster with oneDNN at
/// one and two threads, 1.2x with ATen's kernels; inference 1.4x faster with oneDNN. Values are the same tensors'; only
/// the kernels' summation order, hence the last bits, differs (TorchNumericsTests hold both layouts to float64).
/// TorchSharp 0.107 has no <c>memory_format</c> argument, so the layout is set through the strides.
/// </summary>
internal static class ChannelsLast
{
    /// <summary>A copy of [N, C, H, W] <paramref name="x"/> laid out channels-last (differentiable, like any copy).</summary>
    public static Tensor Of(Tensor x)
    {
        if (x.dim() != 4) throw new ArgumentException($"channels-last needs a [N, C, H, W] tensor, not {x.dim()}-D");
        long channels = x.shape[1], height = x.shape[2], width = x.shape[3];
        var y = torch.empty_strided(x.shape, [height * width * channels, 1, width * channels, channels], dtype: x.dtype, device: x.device);
        return y.copy_(x); // TorchSharp 0.107's in-place methods return the tensor itself, not a second handle
    }

    /// <summary>Whether <paramref name="x"/> is a [N, C, H, W] tensor stored channels-last.</summary>
    public static bool Is(Tensor x)
    {
        if (x.dim() != 4) return false;
        var s = x.stride();
        return s[1] == 1 && s[3] == x.shape[1] && s[2] == x.shape[3] * x.shape[1];
    }
}

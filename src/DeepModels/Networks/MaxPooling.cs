using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Networks;

/// <summary>
/// 1-D max pooling with kernel = stride (sizes floored, as <c>max_pool1d(x, k, k)</c>), for SongNet. Where no gradient
/// is needed (inference and validation, under <c>no_grad</c>) the pool is an element-wise <c>maximum</c> of the window's
/// strided views: the same values (a maximum is exact, and NaN propagates in both), 8-15x faster than libtorch 2.10's
/// CPU max-pool kernel for contiguous tensors, which walks one window at a time (measured in 2-D, where it made 30% of a
/// CNN's inference while ConvNetwork's tensors were NCHW; they are channels-last now, where libtorch's 2-D kernel is vectorised, see
/// <see cref="ChannelsLast"/>). Training keeps libtorch's max-pool: its gradient goes to the first maximum of each
/// window, where a chain of <c>maximum</c>s would split it between equal values (common after ReLU and on silent,
/// constant spectrogram regions); measured, it was also slower with its backward pass.
/// </summary>
internal static class MaxPooling
{
    /// <summary>Pools the last axis of [N, C, L].</summary>
    public static Tensor Pool1d(Tensor x, long kernel) =>
        x.requires_grad ? nn.functional.max_pool1d(x, kernel, kernel) : MaxOverWindows(x, 2, kernel);

    /// <summary>The maximum over consecutive windows of <paramref name="kernel"/> along <paramref name="axis"/> (a trailing partial window is dropped).</summary>
    private static Tensor MaxOverWindows(Tensor x, int axis, long kernel)
    {
        using var scope = NewDisposeScope();
        long windows = x.shape[axis] / kernel;
        var shape = x.shape[..axis].Append(windows).Append(kernel).Concat(x.shape[(axis + 1)..]).ToArray();
        var split = x.narrow(axis, 0, windows * kernel).reshape(shape); // [..., windows, kernel, ...]
        var max = split.select(axis + 1, 0);
        for (long k = 1; k < kernel; k++) max = maximum(max, split.select(axis + 1, k));
        return max.contiguous().MoveToOuterDisposeScope();
    }
}

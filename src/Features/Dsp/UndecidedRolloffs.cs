using System.Buffers;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// The frames of one signal whose roll-off the double sums could not settle (see
/// <see cref="SpectralDescriptors.FrameOrUndecided"/>): their magnitudes are kept, then replayed together with
/// <see cref="SpectralDescriptors.RolloffOfFrames"/>. Not thread-safe; one instance per signal. Dispose returns the
/// pooled buffer.
/// </summary>
internal sealed class UndecidedRolloffs(int bins) : IDisposable
{
    private float[] _magnitudes = [];
    private readonly List<int> _frames = [];

    /// <summary>Keeps frame <paramref name="frame"/>'s magnitudes.</summary>
    public void Add(int frame, ReadOnlySpan<float> magnitude)
    {
        int offset = _frames.Count * bins;
        if (offset + bins > _magnitudes.Length)
        {
            float[] larger = ArrayPool<float>.Shared.Rent(Math.Max(2 * _magnitudes.Length, 64 * bins));
            _magnitudes.AsSpan(0, offset).CopyTo(larger);
            if (_magnitudes.Length > 0) ArrayPool<float>.Shared.Return(_magnitudes);
            _magnitudes = larger;
        }
        magnitude[..bins].CopyTo(_magnitudes.AsSpan(offset, bins));
        _frames.Add(frame);
    }

    /// <summary>Writes each kept frame's roll-off frequency into <paramref name="rolloff"/> at its frame index.</summary>
    public void Settle(ReadOnlySpan<double> freq, float rollPercent, Span<float> rolloff)
    {
        if (_frames.Count == 0) return;
        var settled = new double[_frames.Count];
        SpectralDescriptors.RolloffOfFrames(_magnitudes.AsSpan(0, _frames.Count * bins), bins, freq, rollPercent, settled);
        for (int i = 0; i < _frames.Count; i++) rolloff[_frames[i]] = (float)settled[i];
    }

    public void Dispose()
    {
        if (_magnitudes.Length > 0) ArrayPool<float>.Shared.Return(_magnitudes);
        _magnitudes = [];
    }
}

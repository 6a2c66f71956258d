using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetGenre.Features.Audio;

/// <summary>
/// Mono 16-bit PCM to float32 samples scaled by 1/32768 (libsndfile's scale), vectorised: the format of GTZAN
/// (big-endian AU in the original distribution, little-endian WAV in most copies). TensorPrimitives'
/// ConvertChecked&lt;short, float&gt; is scalar, and a per-sample path costs most of a 30 s track's decoding time.
/// </summary>
internal static class Pcm16
{
    private const float Scale = 1f / 32768f;

    /// <summary>The samples of <paramref name="data"/> (whole 16-bit values; a trailing odd byte is ignored).</summary>
    public static float[] ToFloat(ReadOnlySpan<byte> data, bool bigEndian)
    {
        ReadOnlySpan<short> raw = MemoryMarshal.Cast<byte, short>(data[..(data.Length / 2 * 2)]);
        if (bigEndian == BitConverter.IsLittleEndian)
        {
            short[] swapped = ArrayPool<short>.Shared.Rent(raw.Length);
            try
            {
                BinaryPrimitives.ReverseEndianness(raw, swapped.AsSpan(0, raw.Length));
                return Convert(swapped.AsSpan(0, raw.Length));
            }
            finally
            {
                ArrayPool<short>.Shared.Return(swapped);
            }
        }
        return Convert(raw);
    }

    private static float[] Convert(ReadOnlySpan<short> pcm)
    {
        var samples = new float[pcm.Length];
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Sixteen samples at a time: widen to int32, convert, scale.
            ref short source = ref MemoryMarshal.GetReference(pcm);
            ref float target = ref MemoryMarshal.GetArrayDataReference(samples);
            var scale = Vector256.Create(Scale);
            for (; i + 16 <= pcm.Length; i += 16)
            {
                (Vector256<int> low, Vector256<int> high) = Vector256.Widen(Vector256.LoadUnsafe(ref source, (nuint)i));
                (Vector256.ConvertToSingle(low) * scale).StoreUnsafe(ref target, (nuint)i);
                (Vector256.ConvertToSingle(high) * scale).StoreUnsafe(ref target, (nuint)(i + 8));
            }
        }
        for (; i < pcm.Length; i++) samples[i] = pcm[i] * Scale;
        return samples;
    }
}

using System.Buffers.Binary;
using MlNetGenre.Core.IO;

namespace MlNetGenre.Features.Audio;

/// <summary>Writes mono 16-bit PCM WAV files (the GTZAN format), rounding and clipping samples.</summary>
public static class WavWriter
{
    public static void WriteMono16(string path, AudioSignal signal)
    {
        int dataBytes = signal.Samples.Length * 2;
        var bytes = new byte[44 + dataBytes];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), (uint)signal.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), (uint)signal.SampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(34), 16);
        "data"u8.CopyTo(bytes.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), (uint)dataBytes);
        for (int i = 0; i < signal.Samples.Length; i++)
        {
            double scaled = Math.Round(signal.Samples[i] * 32768.0);
            short value = (short)Math.Clamp(scaled, short.MinValue, short.MaxValue);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(44 + 2 * i), value);
        }
        AtomicFile.WriteAllBytes(path, bytes);
    }
}

using System.Buffers.Binary;

namespace MlNetGenre.Features.Audio;

/// <summary>
/// Reads Sun/NeXT AU (.au, .snd) files, the format of the original GTZAN distribution: big-endian
/// linear PCM 8/16/24/32-bit, IEEE float/double, and 8-bit mu-law and A-law (decoded to 16-bit values
/// as libsndfile does, then scaled by 1/32768 like librosa). Channels are averaged to mono.
/// </summary>
public static class AuReader
{
    private const uint Magic = 0x2e736e64; // ".snd"
    private const uint UnknownSize = 0xffffffff;
    private const string Fix = "Re-encode it (for example `ffmpeg -i in.au out.wav`) or remove it from the dataset";

    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(bytes) == Magic;

    public static AudioSignal Read(string path) => AudioFile.Decode(path, Decode);

    public static AudioSignal Decode(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length == 0) throw new AudioDecodeException(name, "is empty (0 bytes)", "Remove it or replace it with a complete copy");
        if (bytes.Length < 24 || !HasMagic(bytes)) throw new AudioDecodeException(name, "is not an AU file (no .snd header)", Fix);
        uint offset = BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]);
        uint size = BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]);
        uint encoding = BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]);
        uint rate = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
        uint channels = BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]);
        if (offset < 24 || offset > bytes.Length) throw new AudioDecodeException(name, $"has a data offset ({offset}) outside the file", Fix);
        if (channels == 0 || channels > 1024) throw new AudioDecodeException(name, $"declares {channels} channels", Fix);
        AudioChecks.SampleRate(name, rate);
        int bytesPerSample = encoding switch
        {
            1 or 2 or 27 => 1,
            3 => 2,
            4 => 3,
            5 or 6 => 4,
            7 => 8,
            _ => throw new AudioDecodeException(name, $"uses an unsupported AU encoding ({encoding})",
                "Supported: mu-law, A-law, PCM 8/16/24/32-bit, float, double; " + Fix),
        };
        long available = bytes.Length - offset;
        if (size != UnknownSize && size > available)
            throw new AudioDecodeException(name, $"is truncated: the header declares {size} data bytes but only {available} follow",
                "Replace it with a complete copy (re-download or re-export it)");
        var data = bytes.Slice((int)offset, (int)(size == UnknownSize ? available : size));
        if (encoding == 3 && channels == 1)
            return new AudioSignal(Pcm16.ToFloat(data, bigEndian: true), (int)rate); // the original GTZAN's format
        int frameBytes = bytesPerSample * (int)channels;
        int frames = data.Length / frameBytes;
        var mono = new float[frames];
        for (int f = 0; f < frames; f++)
        {
            double sum = 0;
            for (int c = 0; c < channels; c++)
                sum += Sample(data.Slice(f * frameBytes + c * bytesPerSample, bytesPerSample), encoding);
            float value = (float)(sum / channels);
            if (!float.IsFinite(value))
                throw new AudioDecodeException(name, $"contains a non-finite sample at frame {f}", "Fix or re-export the file");
            mono[f] = value;
        }
        return new AudioSignal(mono, (int)rate);
    }

    private static double Sample(ReadOnlySpan<byte> s, uint encoding) => encoding switch
    {
        1 => MuLawToLinear(s[0]) / 32768.0,
        27 => ALawToLinear(s[0]) / 32768.0,
        2 => (sbyte)s[0] / 128.0,
        3 => BinaryPrimitives.ReadInt16BigEndian(s) / 32768.0,
        4 => ((sbyte)s[0] << 16 | s[1] << 8 | s[2]) / 8388608.0,
        5 => BinaryPrimitives.ReadInt32BigEndian(s) / 2147483648.0,
        6 => BinaryPrimitives.ReadSingleBigEndian(s),
        _ => BinaryPrimitives.ReadDoubleBigEndian(s),
    };

    /// <summary>G.711 mu-law to a 16-bit value (libsndfile's ulaw table: 0x00 -> -32124, 0xFF -> 0).</summary>
    public static short MuLawToLinear(byte encoded)
    {
        int u = ~encoded & 0xFF;
        int magnitude = (((u & 0x0F) << 3) + 0x84) << ((u >> 4) & 0x07);
        return (short)((u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84);
    }

    /// <summary>G.711 A-law to a 16-bit value.</summary>
    public static short ALawToLinear(byte encoded)
    {
        int a = encoded ^ 0x55;
        int exponent = (a >> 4) & 0x07;
        int magnitude = ((a & 0x0F) << 4) + 8;
        if (exponent != 0) magnitude = (magnitude + 0x100) << (exponent - 1);
        return (short)((a & 0x80) != 0 ? magnitude : -magnitude);
    }
}

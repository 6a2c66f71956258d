using System.Buffers.Binary;
using System.Text;

namespace MlNetGenre.Features.Audio;

/// <summary>
/// Reads RIFF/WAVE files in managed code: PCM 8/16/24/32-bit, IEEE float 32/64 and
/// WAVE_FORMAT_EXTENSIBLE, any channel count. Channels are averaged to mono and integers are
/// scaled exactly as libsndfile (and so librosa) scales them: x / 2^(bits-1), 8-bit as (x-128)/128.
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatIeeeFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;
    private const string ReEncodeFix = "Re-encode it as a standard WAV (for example `ffmpeg -i in.wav -c:a pcm_s16le out.wav`) or remove it from the dataset";

    public static AudioSignal Read(string path) => AudioFile.Decode(path, Decode);

    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.Length >= 12 && HasTag(bytes, 0, "RIFF") && HasTag(bytes, 8, "WAVE");

    /// <summary>Decodes WAV bytes; <paramref name="name"/> is used in error messages.</summary>
    public static AudioSignal Decode(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length == 0)
            throw new AudioDecodeException(name, "is empty (0 bytes)", "Remove it or replace it with a complete copy");
        if (bytes.Length < 12 || !HasTag(bytes, 0, "RIFF") || !HasTag(bytes, 8, "WAVE"))
            throw new AudioDecodeException(name, "is not a WAV file (no RIFF/WAVE header)", "Convert it to WAV, or use a format the dataset reader decodes");

        WaveFormat? format = null;
        int offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            string id = Encoding.ASCII.GetString(bytes.Slice(offset, 4));
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(offset + 4, 4));
            int body = offset + 8;
            long available = bytes.Length - body;
            if (id == "fmt ")
            {
                if (size > available || size < 16)
                    throw new AudioDecodeException(name, "has a truncated or malformed fmt chunk", ReEncodeFix);
                format = WaveFormat.Parse(bytes.Slice(body, (int)size), name);
            }
            else if (id == "data")
            {
                if (format is null)
                    throw new AudioDecodeException(name, "has its data chunk before any fmt chunk", ReEncodeFix);
                if (size > available)
                    throw new AudioDecodeException(name,
                        $"is truncated: the data chunk declares {size} bytes but only {available} follow",
                        "Replace it with a complete copy (re-download or re-export it)");
                return new AudioSignal(ToMonoFloat(bytes.Slice(body, (int)size), format, name), format.SampleRate);
            }
            offset = body + (int)Math.Min(size + (size & 1), available); // chunks are word aligned
        }
        throw new AudioDecodeException(name, format is null ? "has no fmt chunk" : "has no data chunk (truncated?)",
            "Replace it with a complete copy");
    }

    private static bool HasTag(ReadOnlySpan<byte> bytes, int offset, string tag) =>
        Encoding.ASCII.GetString(bytes.Slice(offset, 4)) == tag;

    private static float[] ToMonoFloat(ReadOnlySpan<byte> data, WaveFormat format, string name)
    {
        if (!format.IsFloat && format.BitsPerSample == 16 && format.Channels == 1 && BitConverter.IsLittleEndian)
            return Pcm16.ToFloat(data, bigEndian: false); // GTZAN's format: vectorised (nothing can be non-finite)
        int bytesPerSample = format.BitsPerSample / 8;
        int frameBytes = bytesPerSample * format.Channels;
        int frames = data.Length / frameBytes;
        var mono = new float[frames];
        for (int f = 0; f < frames; f++)
        {
            double sum = 0;
            for (int c = 0; c < format.Channels; c++)
                sum += ReadSample(data.Slice(f * frameBytes + c * bytesPerSample, bytesPerSample), format);
            float value = (float)(sum / format.Channels);
            if (!float.IsFinite(value))
                throw new AudioDecodeException(name, $"contains a non-finite sample (NaN or infinity) at frame {f}",
                    "Fix or re-export the file; non-finite samples would poison every feature");
            mono[f] = value;
        }
        return mono;
    }

    private static double ReadSample(ReadOnlySpan<byte> s, WaveFormat format)
    {
        if (format.IsFloat)
            return format.BitsPerSample == 32 ? BinaryPrimitives.ReadSingleLittleEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s);
        return format.BitsPerSample switch
        {
            8 => (s[0] - 128) / 128.0,
            16 => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768.0,
            24 => ((s[0] | (s[1] << 8) | ((sbyte)s[2] << 16))) / 8388608.0,
            _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0,
        };
    }

    private sealed record WaveFormat(int Channels, int SampleRate, int BitsPerSample, bool IsFloat)
    {
        public static WaveFormat Parse(ReadOnlySpan<byte> fmt, string name)
        {
            ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
            int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
            uint declaredRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
            AudioChecks.SampleRate(name, declaredRate);
            int sampleRate = (int)declaredRate;
            int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
            if (tag == FormatExtensible && fmt.Length >= 26)
                tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]); // first two bytes of the sub-format GUID
            if (channels == 0)
                throw new AudioDecodeException(name, "declares zero channels", ReEncodeFix);
            bool ok = tag switch
            {
                FormatPcm => bits is 8 or 16 or 24 or 32,
                FormatIeeeFloat => bits is 32 or 64,
                _ => false,
            };
            if (!ok)
                throw new AudioDecodeException(name,
                    $"uses an unsupported WAV encoding (format tag 0x{tag:X4}, {bits} bits)",
                    "Supported: PCM 8/16/24/32-bit and IEEE float 32/64; " + ReEncodeFix);
            return new WaveFormat(channels, sampleRate, bits, tag == FormatIeeeFloat);
        }
    }
}

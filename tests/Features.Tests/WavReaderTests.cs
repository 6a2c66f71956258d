using System.Buffers.Binary;
using MlNetGenre.Features.Audio;
using MlNetGenre.Testing;

namespace MlNetGenre.Features.Tests;

public class WavReaderTests
{
    [Theory]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(1000)]
    public void Pcm16_mono_is_scaled_by_32768_at_any_length(int count)
    {
        short[] pcm = Enumerable.Range(0, count).Select(i => (short)(i % 3 == 0 ? short.MinValue + i : short.MaxValue - 7 * i)).ToArray();
        AudioSignal signal = WavReader.Decode(Wav(1, 1, 22050, 16, Int16Bytes(pcm)), "n.wav");
        Assert.Equal(count, signal.Samples.Length);
        for (int i = 0; i < count; i++) Assert.Equal(pcm[i] / 32768f, signal.Samples[i]);
    }

    [Fact]
    public void Pcm16_is_scaled_by_32768_like_libsndfile()
    {
        var wav = Wav(format: 1, channels: 1, rate: 8000, bits: 16, data: Int16Bytes(0, 16384, -32768, 32767));
        var signal = WavReader.Decode(wav, "a.wav");
        Assert.Equal(8000, signal.SampleRate);
        Assert.Equal([0f, 0.5f, -1f, 32767f / 32768f], signal.Samples);
    }

    [Fact]
    public void Stereo_is_averaged_to_mono()
    {
        var wav = Wav(1, 2, 22050, 16, Int16Bytes(16384, 0, -16384, -16384));
        Assert.Equal([0.25f, -0.5f], WavReader.Decode(wav, "s.wav").Samples);
    }

    [Fact]
    public void Pcm8_24_32_and_float_formats_decode()
    {
        Assert.Equal([-1f, 0f, 0.5f], WavReader.Decode(Wav(1, 1, 8000, 8, [0, 128, 192]), "8.wav").Samples);
        byte[] pcm24 = [0x00, 0x00, 0x40, 0x00, 0x00, 0x80];
        Assert.Equal([0.5f, -1f], WavReader.Decode(Wav(1, 1, 8000, 24, pcm24), "24.wav").Samples);
        var pcm32 = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(pcm32, int.MinValue / 4);
        Assert.Equal([-0.25f], WavReader.Decode(Wav(1, 1, 8000, 32, pcm32), "32.wav").Samples);
        var f32 = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(f32, 0.125f);
        Assert.Equal([0.125f], WavReader.Decode(Wav(3, 1, 8000, 32, f32), "f.wav").Samples);
        var f64 = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(f64, -0.75);
        Assert.Equal([-0.75f], WavReader.Decode(Wav(3, 1, 8000, 64, f64), "d.wav").Samples);
    }

    [Fact]
    public void Extra_chunks_with_padding_bytes_are_skipped()
    {
        byte[] plain = Wav(1, 1, 8000, 16, Int16Bytes(100, -100));
        // Insert an odd-sized LIST chunk (plus its pad byte) between fmt and data.
        byte[] list = [.. "LIST"u8.ToArray(), 3, 0, 0, 0, 1, 2, 3, 0];
        byte[] wav = [.. plain.AsSpan(0, 36), .. list, .. plain.AsSpan(36)];
        Assert.Equal(2, WavReader.Decode(wav, "list.wav").Samples.Length);
    }

    [Fact]
    public void A_truncated_file_gives_a_clear_error_naming_the_file()
    {
        byte[] wav = Wav(1, 1, 8000, 16, Int16Bytes(1, 2, 3, 4, 5, 6));
        var e = Assert.Throws<AudioDecodeException>(() => WavReader.Decode(wav.AsSpan(0, wav.Length - 5), "blues/blues.00001.wav"));
        Assert.Equal("blues/blues.00001.wav", e.FilePath);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("blues/blues.00001.wav", e.Message);
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { (byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "not a WAV")]
    public void Empty_and_non_wav_files_give_clear_errors(byte[] bytes, string expected)
    {
        var e = Assert.Throws<AudioDecodeException>(() => WavReader.Decode(bytes, "x.mp3"));
        Assert.Contains(expected, e.Message);
        Assert.Contains("x.mp3", e.Message);
    }

    [Fact]
    public void Zero_channels_unsupported_encodings_and_nan_samples_are_rejected()
    {
        Assert.Contains("zero channels", Assert.Throws<AudioDecodeException>(() => WavReader.Decode(Wav(1, 0, 8000, 16, [0, 0]), "z.wav")).Message);
        Assert.Contains("unsupported", Assert.Throws<AudioDecodeException>(() => WavReader.Decode(Wav(2, 1, 8000, 4, [0, 0]), "adpcm.wav")).Message);
        var nan = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(nan, float.NaN);
        Assert.Contains("non-finite", Assert.Throws<AudioDecodeException>(() => WavReader.Decode(Wav(3, 1, 8000, 32, nan), "n.wav")).Message);
    }

    [Fact]
    public void Reading_a_missing_file_names_it()
    {
        var e = Assert.Throws<AudioDecodeException>(() => WavReader.Read("/no/such/file.wav"));
        Assert.Contains("/no/such/file.wav", e.Message);
    }

    [Fact]
    public void Random_byte_mutations_only_ever_raise_the_typed_error()
    {
        byte[] valid = Wav(1, 2, 8000, 16, Int16Bytes(Enumerable.Range(0, 64).Select(i => (short)(i * 300)).ToArray()));
        var random = new Random(1234);
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] mutated = valid[..random.Next(0, valid.Length + 1)];
            for (int m = random.Next(1, 6); m > 0 && mutated.Length > 0; m--)
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            try
            {
                var signal = WavReader.Decode(mutated, "fuzz.wav");
                Assert.All(signal.Samples, s => Assert.True(float.IsFinite(s)));
            }
            catch (AudioDecodeException)
            {
            }
        }
    }

    [Fact]
    public void Writer_and_reader_round_trip_within_16_bit_quantisation()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rt-{Guid.NewGuid():N}.wav");
        float[] samples = Enumerable.Range(0, 1000).Select(i => (float)Math.Sin(i * 0.05) * 0.8f).ToArray();
        WavWriter.WriteMono16(path, new AudioSignal(samples, 16000));
        try
        {
            var back = WavReader.Read(path);
            Assert.Equal(16000, back.SampleRate);
            Assert.All(samples.Zip(back.Samples), p => Assert.True(Math.Abs(p.First - p.Second) <= 0.5 / 32768 + 1e-9));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SharedDataFact]
    public void Every_shared_gtzan_track_decodes_with_its_manifest_length()
    {
        string root = SharedData.PathOf("gtzan16k");
        foreach (string line in File.ReadLines(Path.Combine(root, "manifest.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            var signal = WavReader.Read(Path.Combine(root, f[0]));
            Assert.Equal(int.Parse(f[4]), signal.SampleRate);
            Assert.Equal(double.Parse(f[7], System.Globalization.CultureInfo.InvariantCulture), signal.DurationSeconds, 2);
        }
    }

    private static byte[] Int16Bytes(params short[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
        return bytes;
    }

    private static byte[] Int16Bytes(params int[] values) => Int16Bytes(values.Select(v => (short)v).ToArray());

    /// <summary>A mono 32-bit float WAV file.</summary>
    internal static void WriteFloatWav(string path, float[] samples, int rate)
    {
        var data = new byte[samples.Length * 4];
        for (int i = 0; i < samples.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), samples[i]);
        File.WriteAllBytes(path, Wav(3, 1, rate, 32, data));
    }

    internal static byte[] Wav(ushort format, ushort channels, int rate, ushort bits, byte[] data)
    {
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(36 + data.Length));
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), format);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), (uint)(rate * channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(34), bits);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), (uint)data.Length);
        return [.. header, .. data];
    }
}

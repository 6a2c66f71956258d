using System.Buffers.Binary;
using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.Tests;

public class AuReaderTests
{
    internal static byte[] Au(uint encoding, uint channels, uint rate, byte[] data, uint? declaredSize = null)
    {
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x2e736e64);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 24);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), declaredSize ?? (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), encoding);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(16), rate);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(20), channels);
        return [.. header, .. data];
    }

    [Fact]
    public void Big_endian_pcm16_decodes_and_stereo_is_averaged()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteInt16BigEndian(data, 16384);
        BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(2), 0);
        BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(4), -32768);
        BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(6), -32768);
        var signal = AuReader.Decode(Au(3, 2, 22050, data), "a.au");
        Assert.Equal(22050, signal.SampleRate);
        Assert.Equal([0.25f, -1f], signal.Samples);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(1001)]
    public void Big_endian_pcm16_mono_is_scaled_by_32768_at_any_length(int count)
    {
        short[] pcm = Enumerable.Range(0, count).Select(i => (short)(i % 3 == 0 ? short.MinValue + i : short.MaxValue - 7 * i)).ToArray();
        var data = new byte[2 * count];
        for (int i = 0; i < count; i++) BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(2 * i), pcm[i]);
        var signal = AuReader.Decode(Au(3, 1, 22050, data), "m.au");
        Assert.Equal(count, signal.Samples.Length);
        for (int i = 0; i < count; i++) Assert.Equal(pcm[i] / 32768f, signal.Samples[i]);
    }

    [Fact]
    public void Mu_law_matches_libsndfiles_table()
    {
        Assert.Equal(-32124, AuReader.MuLawToLinear(0x00));
        Assert.Equal(32124, AuReader.MuLawToLinear(0x80));
        Assert.Equal(0, AuReader.MuLawToLinear(0xFF));
        Assert.Equal(-8, AuReader.MuLawToLinear(0x7E));
        var signal = AuReader.Decode(Au(1, 1, 8000, [0x00, 0xFF]), "mu.au");
        Assert.Equal([-32124f / 32768f, 0f], signal.Samples);
        Assert.Equal(8, AuReader.ALawToLinear(0xD5));
        Assert.Equal(-8, AuReader.ALawToLinear(0x55));
        Assert.Equal(32256, AuReader.ALawToLinear(0xAA));
    }

    [Fact]
    public void Float_and_24_bit_decode()
    {
        var f = new byte[4];
        BinaryPrimitives.WriteSingleBigEndian(f, -0.5f);
        Assert.Equal([-0.5f], AuReader.Decode(Au(6, 1, 8000, f), "f.au").Samples);
        Assert.Equal([0.5f], AuReader.Decode(Au(4, 1, 8000, [0x40, 0x00, 0x00]), "24.au").Samples);
    }

    [Fact]
    public void Truncated_unknown_encoding_and_non_au_files_give_typed_errors()
    {
        Assert.Contains("truncated", Assert.Throws<AudioDecodeException>(() => AuReader.Decode(Au(3, 1, 8000, new byte[10], declaredSize: 100), "t.au")).Message);
        Assert.Contains("unsupported AU encoding", Assert.Throws<AudioDecodeException>(() => AuReader.Decode(Au(23, 1, 8000, new byte[4]), "g721.au")).Message);
        Assert.Contains("not an AU file", Assert.Throws<AudioDecodeException>(() => AuReader.Decode(new byte[30], "x.au")).Message);
    }

    [Fact]
    public void An_unknown_data_size_reads_to_the_end_of_the_file()
    {
        Assert.Equal(3, AuReader.Decode(Au(2, 1, 8000, [1, 2, 3], declaredSize: 0xffffffff), "u.au").Samples.Length);
    }

    [Fact]
    public void Random_byte_mutations_only_ever_raise_the_typed_error()
    {
        var data = new byte[128];
        new Random(5).NextBytes(data);
        byte[] valid = Au(3, 2, 16000, data);
        var random = new Random(99);
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] mutated = valid[..random.Next(0, valid.Length + 1)];
            for (int m = random.Next(1, 6); m > 0 && mutated.Length > 0; m--)
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            try
            {
                var signal = AuReader.Decode(mutated, "fuzz.au");
                Assert.All(signal.Samples, s => Assert.True(float.IsFinite(s)));
            }
            catch (AudioDecodeException)
            {
            }
        }
    }
}

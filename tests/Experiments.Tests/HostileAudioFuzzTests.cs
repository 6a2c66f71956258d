using System.Buffers.Binary;
using System.Diagnostics;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Experiments.Prediction;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// Seeded mutations of real WAV and AU files (truncation, random bytes, header fields set to extreme values) through
/// the paths users run: decode + checks + resample + features (what <c>features</c> and <c>run</c> do per file), and
/// an exported model's prediction (<c>predict</c>). Every file must end as a typed per-file error or as finite
/// features and probabilities, quickly, with memory bounded by the file's real size.
/// </summary>
public class HostileAudioFuzzTests : IDisposable
{
    private const int Cases = 2400;
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-fuzz-").FullName;

    [Fact]
    public void Mutated_wav_and_au_files_are_errors_or_finite_results_never_crashes_hangs_or_nan()
    {
        var seeds = SeedFiles();
        string model = TrainModel();
        using var predictor = GenrePredictor.Open(model);
        var features = FeatureSetKinds.Create("mfcc", 22050);
        var random = new Random(20261202);
        int accepted = 0, refused = 0;
        var slowest = TimeSpan.Zero;
        for (int n = 0; n < Cases; n++)
        {
            int seed = n % seeds.Length;
            byte[] bytes = Mutate(seeds[seed], random);
            string path = Path.Combine(_folder, $"case{n % 8}{(seed < 3 ? ".wav" : ".au")}");
            File.WriteAllBytes(path, bytes);
            var clock = Stopwatch.StartNew();
            try
            {
                var signal = AudioLoader.Load(path, 22050);
                // The rate bounds keep resampled audio within the file's real size times 22050 / 1000.
                Assert.True(signal.Samples.Length <= (long)bytes.Length * 23, $"case {n}: {signal.Samples.Length} samples from {bytes.Length} bytes");
                float[] values = features.Extract(signal);
                Assert.All(values, v => Assert.True(float.IsFinite(v), $"case {n}: non-finite feature"));
                var prediction = predictor.Predict(path, signal);
                Assert.All(prediction.Probabilities, p => Assert.True(float.IsFinite(p), $"case {n}: non-finite probability"));
                Assert.InRange(prediction.Probabilities.Sum(), 0.999f, 1.001f);
                accepted++;
            }
            catch (AudioDecodeException e)
            {
                Assert.Contains(path, e.Message);
                refused++;
            }
            if (clock.Elapsed > slowest) slowest = clock.Elapsed;
            Assert.True(clock.Elapsed.TotalSeconds < 5, $"case {n} took {clock.Elapsed.TotalSeconds:F1} s");
        }
        Assert.Equal(Cases, accepted + refused);
        Assert.True(accepted > Cases / 10 && refused > Cases / 10, $"{accepted} accepted, {refused} refused: the mutations should give both");
    }

    /// <summary>One second of a chord in the formats the readers handle: 16-bit, 24-bit, float WAV; 16-bit and mu-law AU.</summary>
    private static byte[][] SeedFiles()
    {
        float[] tone = Enumerable.Range(0, 16000).Select(i => 0.3f * MathF.Sin(i * 0.09f) + 0.2f * MathF.Sin(i * 0.031f)).ToArray();
        byte[] Pcm16(bool bigEndian) => tone.SelectMany(v =>
        {
            var b = new byte[2];
            if (bigEndian) BinaryPrimitives.WriteInt16BigEndian(b, (short)(v * 32767));
            else BinaryPrimitives.WriteInt16LittleEndian(b, (short)(v * 32767));
            return b;
        }).ToArray();
        byte[] pcm24 = tone.SelectMany(v => { int x = (int)(v * 8_388_607); return new[] { (byte)x, (byte)(x >> 8), (byte)(x >> 16) }; }).ToArray();
        byte[] float32 = tone.SelectMany(v => { var b = new byte[4]; BinaryPrimitives.WriteSingleLittleEndian(b, v); return b; }).ToArray();
        byte[] mulaw = tone.Select(v => (byte)(0xFF - (int)Math.Clamp((Math.Abs(v) * 127), 0, 127) - (v < 0 ? 0 : 0x80))).ToArray();
        return
        [
            Wav(1, 16000, 16, Pcm16(bigEndian: false)),
            Wav(1, 16000, 24, pcm24),
            Wav(3, 16000, 32, float32),
            Au(3, 16000, Pcm16(bigEndian: true)),
            Au(1, 8000, mulaw),
        ];
    }

    private static byte[] Wav(ushort format, int rate, ushort bits, byte[] data)
    {
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(36 + data.Length));
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), format);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), (uint)(rate * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), (ushort)(bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(34), bits);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), (uint)data.Length);
        return [.. header, .. data];
    }

    private static byte[] Au(uint encoding, uint rate, byte[] data)
    {
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x2e736e64);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 24);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), encoding);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(16), rate);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(20), 1);
        return [.. header, .. data];
    }

    /// <summary>Truncation, random bytes, and extreme values written over header fields (sizes, rates, channels, formats).</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] bytes = random.Next(3) == 0 ? original[..random.Next(original.Length / 4, original.Length + 1)] : (byte[])original.Clone();
        int edits = random.Next(0, 4);
        uint[] extremes = [0, 1, 2, 3, 255, 65535, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 1_073_741_824, 8_400_000, 44100];
        for (int e = 0; e < edits && bytes.Length > 4; e++)
        {
            if (random.Next(3) == 0)
            {
                int at = random.Next(Math.Min(bytes.Length - 4, 44)) & ~1; // a header field
                uint value = extremes[random.Next(extremes.Length)];
                if (random.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
                else BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), value);
            }
            else bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }
        return bytes;
    }

    /// <summary>A small exported model on MFCC statistics of whole files, for the prediction path.</summary>
    private string TrainModel()
    {
        var set = FeatureSetKinds.Create("mfcc", 22050);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 40).Select(i => set.Extract(new AudioSignal(Enumerable.Range(0, 22050)
            .Select(t => (float)((0.1 + 0.2 * (i % 2)) * Math.Sin(t * (0.02 + 0.03 * (i % 2))) + 0.01 * random.NextDouble())).ToArray(), 22050))).ToArray();
        var ids = Enumerable.Range(0, rows.Length).Select(i => $"t{i}").ToArray();
        var table = new FeatureTable(rows, ids.Select((_, i) => i % 2).ToArray(), ids, ids, ["low", "high"], set.FeatureNames);
        var family = new Baselines.LogisticRegressionFamily();
        var model = (IExportableModel)family.Fit(table, family.DefaultOptions, new FitContext(1));
        var kind = FeatureSetKinds.Registry["mfcc"];
        var frontEnd = new FrontEnd("mfcc", Core.Options.OptionBinder.ToText(kind.DefaultOptions), 22050, ClipWindowing.WholeTrack, [set.Shape[0]]);
        string path = Path.Combine(_folder, "model.onnx");
        OnnxModelFile.Save(model.ToOnnx(new OnnxModelMetadata(table.ClassNames, table.FeatureNames, family.Name, frontEnd.ToMetadata(set.Parameters))), path);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

using System.Diagnostics;
using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.Tests;

public class AudioLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-audio-").FullName;

    private string WriteWav(string name, float[] samples, int rate = 22050)
    {
        string path = Path.Combine(_folder, name);
        WavWriter.WriteMono16(path, new AudioSignal(samples, rate));
        return path;
    }

    private static float[] Tone(int n) => Enumerable.Range(0, n).Select(i => (float)(0.3 * Math.Sin(i * 0.07))).ToArray();

    [Fact]
    public void Wav_and_au_are_recognised_by_content_and_resampled_on_request()
    {
        string wav = WriteWav("tone.wav", Tone(16000), 16000);
        var native = AudioLoader.Load(wav);
        Assert.Equal(16000, native.SampleRate);
        var resampled = AudioLoader.Load(wav, 22050);
        Assert.Equal(22050, resampled.SampleRate);
        Assert.Equal(22050, resampled.Samples.Length);
        string au = Path.Combine(_folder, "renamed.snd");
        File.WriteAllBytes(au, AuReaderTests.Au(2, 1, 8000, [10, 20, 30]));
        Assert.Equal(3, AudioLoader.Load(au).Samples.Length);
    }

    [Fact]
    public void Silent_empty_and_misnamed_files_are_typed_errors_naming_the_file()
    {
        string silent = WriteWav("silent.wav", new float[5000]);
        Assert.Contains("silent", Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(silent)).Message);
        string empty = Path.Combine(_folder, "empty.mp3");
        File.WriteAllBytes(empty, []);
        Assert.Contains("empty.mp3: is empty", Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(empty)).Message);
        string fake = Path.Combine(_folder, "fake.wav");
        File.WriteAllText(fake, "this is text, not audio");
        Assert.Contains("fake.wav: has a .wav name but is not a WAV file", Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(fake)).Message);
    }

    [Fact]
    public void Pipes_devices_and_broken_links_are_errors_not_hangs()
    {
        string fifo = Path.Combine(_folder, "pipe.wav");
        using (var mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        var clock = Stopwatch.StartNew();
        Assert.Contains("not a regular file", Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(fifo)).Message);
        string zero = Path.Combine(_folder, "zero.wav");
        File.CreateSymbolicLink(zero, "/dev/zero");
        Assert.Contains("not a regular file", Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(zero)).Message);
        Assert.True(clock.Elapsed.TotalSeconds < 5);
        string dangling = Path.Combine(_folder, "dangling.wav");
        File.CreateSymbolicLink(dangling, Path.Combine(_folder, "nothing-here.wav"));
        Assert.Contains("does not exist", Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(dangling)).Message);
        string loopA = Path.Combine(_folder, "a.wav"), loopB = Path.Combine(_folder, "b.wav");
        File.CreateSymbolicLink(loopA, loopB);
        File.CreateSymbolicLink(loopB, loopA);
        Assert.Contains("a.wav", Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(loopA)).Message);
        Assert.Contains("folder", Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(_folder)).Message);
    }

    [Theory]
    [InlineData(1_073_741_824u)]
    [InlineData(8_400_000u)]
    [InlineData(3u)]
    [InlineData(0u)]
    public void A_declared_rate_outside_real_audio_is_an_error_before_any_resampling(uint rate)
    {
        string path = WriteWav("rate.wav", Tone(4000), 16000);
        byte[] bytes = File.ReadAllBytes(path);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), rate); // the fmt chunk's sample rate
        File.WriteAllBytes(path, bytes);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(path, 22050));
        Assert.Contains($"sample rate of {rate} Hz", e.Message);
        Assert.True(clock.Elapsed.TotalSeconds < 2);
    }

    [Fact]
    public void Finite_but_absurd_float_samples_are_an_error()
    {
        string path = Path.Combine(_folder, "huge.wav");
        WavReaderTests.WriteFloatWav(path, Tone(8000).Select(v => v * 1e20f).ToArray(), 16000);
        Assert.Contains("damaged or non-audio", Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(path)).Message);
    }

    [FfmpegFact]
    public void Flac_equals_the_pcm_and_mp3_is_close_through_ffmpeg()
    {
        float[] samples = Tone(22050);
        string wav = WriteWav("source.wav", samples);
        string flac = Encode(wav, "source.flac");
        var fromWav = AudioLoader.Load(wav);
        var fromFlac = AudioLoader.Load(flac);
        Assert.Equal(22050, fromFlac.SampleRate);
        Assert.Equal(fromWav.Samples, fromFlac.Samples);

        string mp3 = Encode(wav, "source.mp3", "-b:a", "192k");
        var fromMp3 = AudioLoader.Load(mp3);
        Assert.Equal(22050, fromMp3.SampleRate);
        Assert.InRange(fromMp3.Samples.Length, 22050, 22050 + 2 * 1152 + 1105); // encoder padding
        double rms = Math.Sqrt(fromMp3.Samples.Average(v => (double)v * v));
        Assert.InRange(rms, 0.3 / Math.Sqrt(2) * 0.9, 0.3 / Math.Sqrt(2) * 1.05); // a little lower: encoder delay adds silence
    }

    [FfmpegFact]
    public void A_file_ffmpeg_cannot_read_is_a_typed_error()
    {
        string junk = Path.Combine(_folder, "junk.mp3");
        File.WriteAllBytes(junk, Enumerable.Range(0, 4000).Select(i => (byte)(i * 7)).ToArray());
        var e = Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(junk));
        Assert.Contains("junk.mp3", e.Message);
    }

    private string Encode(string source, string name, params string[] options)
    {
        string target = Path.Combine(_folder, name);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { "-v", "error", "-y", "-i", source }.Concat(options).Append(target)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return target;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

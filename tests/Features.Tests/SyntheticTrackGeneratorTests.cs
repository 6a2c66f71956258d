using MlNetGenre.Features.Synthetic;

namespace MlNetGenre.Features.Tests;

public class SyntheticTrackGeneratorTests
{
    private const int Rate = 22050;

    public static TheoryData<string> Genres() => [.. SyntheticGenres.Names];

    [Fact]
    public void Genres_have_fixed_order_real_names_and_sane_tempo_ranges()
    {
        Assert.Equal(["blues", "classical", "disco", "hiphop", "jazz", "metal", "reggae", "rock"], SyntheticGenres.Names);
        Assert.Equal(SyntheticGenres.Count, SyntheticGenres.All.Count);
        foreach (var genre in SyntheticGenres.All)
        {
            Assert.InRange(genre.MinBpm, 50, genre.MaxBpm - 10);
            Assert.InRange(genre.MaxBpm, genre.MinBpm + 10, 2 * genre.MinBpm - 1); // narrower than an octave
            Assert.False(string.IsNullOrWhiteSpace(genre.Rhythm + genre.Bass + genre.Harmony + genre.Timbre));
            Assert.Same(genre, SyntheticGenres.Get(genre.Name.ToUpperInvariant()));
        }
        Assert.True(SyntheticGenres.TryGet("metal", out var metal));
        Assert.Equal("metal", metal.Name);
        Assert.False(SyntheticGenres.TryGet("polka", out _));
    }

    [Fact]
    public void Unknown_genre_error_lists_the_known_genres()
    {
        var e = Assert.Throws<ArgumentException>(() => SyntheticTrackGenerator.Render("polka", 0, 1, Rate, 42));
        Assert.Contains("polka", e.Message);
        Assert.Contains("blues, classical, disco", e.Message);
    }

    [Theory]
    [InlineData(0.0, Rate)]
    [InlineData(-1.0, Rate)]
    [InlineData(double.NaN, Rate)]
    [InlineData(1.0, 100)]
    public void Invalid_duration_or_rate_is_rejected(double seconds, int rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticTrackGenerator.Render("rock", 0, seconds, rate, 42));

    [Fact]
    public void Negative_track_index_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticTrackGenerator.Render("rock", -1, 1, Rate, 42));

    [Theory]
    [MemberData(nameof(Genres))]
    public void Render_is_deterministic_in_range_and_of_the_requested_length(string genre)
    {
        var a = SyntheticTrackGenerator.Render(genre, 3, 4.5, Rate, 7);
        var b = SyntheticTrackGenerator.Render(genre, 3, 4.5, Rate, 7);
        Assert.Equal(Rate, a.SampleRate);
        Assert.Equal((int)Math.Round(4.5 * Rate), a.Samples.Length);
        Assert.Equal(a.Samples, b.Samples);

        var plan = SyntheticTrackGenerator.Plan(genre, 3, 7);
        double peak = 0, sumSquares = 0;
        foreach (float x in a.Samples)
        {
            Assert.True(float.IsFinite(x));
            Assert.InRange(x, -1f, 0.99999f);
            peak = Math.Max(peak, Math.Abs(x));
            sumSquares += (double)x * x;
        }
        Assert.Equal(plan.PeakLevel, peak, 1e-3);
        Assert.InRange(plan.PeakLevel, 0.3, 0.9);
        double rms = Math.Sqrt(sumSquares / a.Samples.Length);
        Assert.InRange(rms / peak, 0.05, 0.8); // music, not silence, not a square wave

        // The first and last second both carry sound: the excerpt starts mid-song and is not faded.
        Assert.True(Rms(a.Samples.AsSpan(0, Rate)) > 0.02 * peak);
        Assert.True(Rms(a.Samples.AsSpan(a.Samples.Length - Rate)) > 0.02 * peak);
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    [InlineData(44100)]
    public void Renders_at_other_sample_rates(int rate)
    {
        foreach (string genre in SyntheticGenres.Names)
        {
            var audio = SyntheticTrackGenerator.Render(genre, 1, 1.0, rate, 3);
            Assert.Equal(rate, audio.SampleRate);
            Assert.Equal(rate, audio.Samples.Length);
            Assert.All(audio.Samples, x => Assert.True(float.IsFinite(x) && x >= -1f && x < 1f));
            Assert.Equal(SyntheticTrackGenerator.Plan(genre, 1, 3).PeakLevel, audio.Samples.Max(Math.Abs), 1e-3);
        }
    }

    [Fact]
    public void Very_short_excerpts_work()
    {
        var audio = SyntheticTrackGenerator.Render("metal", 0, 0.02, Rate, 1);
        Assert.Equal(441, audio.Samples.Length);
        Assert.All(audio.Samples, x => Assert.True(float.IsFinite(x) && x >= -1f && x < 1f));
    }

    [Fact]
    public void Concurrent_renders_equal_sequential_ones()
    {
        var names = SyntheticGenres.Names;
        var sequential = names.Select(g => SyntheticTrackGenerator.Render(g, 4, 1.0, Rate, 2).Samples).ToArray();
        var parallel = new float[names.Count][];
        Parallel.For(0, names.Count, i => parallel[i] = SyntheticTrackGenerator.Render(names[i], 4, 1.0, Rate, 2).Samples);
        for (int i = 0; i < names.Count; i++) Assert.Equal(sequential[i], parallel[i]);
    }

    [Fact]
    public void A_render_after_a_longer_one_on_the_same_thread_equals_one_on_a_fresh_thread()
    {
        // The synthesiser reuses its buses per thread; what a longer track (with the amplifier bus: metal, rock)
        // left in them must not reach the next track.
        float[] OnFreshThread(Func<float[]> render)
        {
            float[] result = [];
            var thread = new Thread(() => result = render());
            thread.Start();
            thread.Join();
            return result;
        }
        var alone = OnFreshThread(() => SyntheticTrackGenerator.Render("rock", 1, 1.5, Rate, 3).Samples);
        var afterLonger = OnFreshThread(() =>
        {
            SyntheticTrackGenerator.Render("metal", 0, 4, Rate, 3);
            return SyntheticTrackGenerator.Render("rock", 1, 1.5, Rate, 3).Samples;
        });
        Assert.Equal(alone, afterLonger);
    }

    [Fact]
    public void Different_seed_index_or_genre_gives_different_audio()
    {
        var reference = SyntheticTrackGenerator.Render("disco", 0, 2, Rate, 42).Samples;
        Assert.NotEqual(reference, SyntheticTrackGenerator.Render("disco", 0, 2, Rate, 43).Samples);
        Assert.NotEqual(reference, SyntheticTrackGenerator.Render("disco", 1, 2, Rate, 42).Samples);
        Assert.NotEqual(reference, SyntheticTrackGenerator.Render("rock", 0, 2, Rate, 42).Samples);
        Assert.NotEqual(SyntheticTrackGenerator.TrackSeed(42, "disco", 0), SyntheticTrackGenerator.TrackSeed(42, "disco", 1));
        Assert.NotEqual(SyntheticTrackGenerator.TrackSeed(42, "disco", 0), SyntheticTrackGenerator.TrackSeed(42, "rock", 0));
    }

    [Fact]
    public void A_shorter_render_is_not_a_different_song()
    {
        // Duration only decides where the excerpt ends, not what is played.
        var longer = SyntheticTrackGenerator.Render("jazz", 2, 6, Rate, 1).Samples;
        var shorter = SyntheticTrackGenerator.Render("jazz", 2, 3, Rate, 1).Samples;
        double dot = 0, a = 0, b = 0;
        for (int i = 0; i < shorter.Length; i++)
        {
            dot += (double)longer[i] * shorter[i];
            a += (double)longer[i] * longer[i];
            b += (double)shorter[i] * shorter[i];
        }
        Assert.True(dot / Math.Sqrt(a * b) > 0.9);
    }

    [Fact]
    public void Plans_vary_tempo_key_and_level_within_the_genre()
    {
        foreach (var genre in SyntheticGenres.All)
        {
            var plans = Enumerable.Range(0, 20).Select(i => SyntheticTrackGenerator.Plan(genre.Name, i, 42)).ToList();
            Assert.All(plans, p => Assert.InRange(p.Bpm, genre.MinBpm, genre.MaxBpm));
            Assert.True(plans.Max(p => p.Bpm) - plans.Min(p => p.Bpm) > 0.4 * (genre.MaxBpm - genre.MinBpm));
            Assert.True(plans.Select(p => p.KeyRoot).Distinct().Count() >= 6);
            Assert.True(plans.Max(p => p.PeakLevel) - plans.Min(p => p.PeakLevel) > 0.2);
        }
    }

    [Fact]
    public void Plan_matches_what_is_rendered()
    {
        var plan = SyntheticTrackGenerator.Plan("reggae", 5, 9);
        Assert.Equal(("reggae", 5, 9), (plan.Genre, plan.TrackIndex, plan.Seed));
        Assert.Equal(SyntheticTrackGenerator.TrackSeed(9, "reggae", 5), plan.TrackSeed);
        Assert.Equal(plan, SyntheticTrackGenerator.Plan("Reggae", 5, 9));
    }

    private static double Rms(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (float v in x) s += (double)v * v;
        return Math.Sqrt(s / x.Length);
    }
}

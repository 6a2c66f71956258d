using MlNetGenre.Features.Synthetic;

namespace MlNetGenre.Features.Tests;

/// <summary>The genres differ the way their definitions say: tempo, brightness, weight of the low end.</summary>
public class SyntheticGenreTraitsTests
{
    private const int Rate = 22050;

    public static TheoryData<string> RhythmicGenres() => [.. SyntheticGenres.Names.Where(n => n != "classical")];

    [Theory]
    [MemberData(nameof(RhythmicGenres))]
    public void Tempo_heard_in_the_audio_is_the_drawn_tempo_within_the_genre_range(string genre)
    {
        var g = SyntheticGenres.Get(genre);
        for (int track = 0; track < 3; track++)
        {
            var plan = SyntheticTrackGenerator.Plan(genre, track, 42);
            Assert.InRange(plan.Bpm, g.MinBpm, g.MaxBpm);
            var audio = SyntheticTrackGenerator.Render(genre, track, 12, Rate, 42);
            double heard = SyntheticAudioProbe.Tempo(audio.Samples, Rate, g.MinBpm * 0.95, g.MaxBpm * 1.05);
            Assert.True(Math.Abs(heard / plan.Bpm - 1) < 0.03,
                $"{genre} track {track}: drawn {plan.Bpm:F1} BPM, heard {heard:F1} BPM");
        }
    }

    [Fact]
    public void Metal_is_much_brighter_than_classical()
    {
        double metal = MeanOver("metal", a => SyntheticAudioProbe.SpectralCentroid(a, Rate));
        double classical = MeanOver("classical", a => SyntheticAudioProbe.SpectralCentroid(a, Rate));
        Assert.True(metal > 1.5 * classical, $"centroid metal {metal:F0} Hz, classical {classical:F0} Hz");
    }

    [Fact]
    public void Hiphop_and_reggae_carry_more_sub_bass_than_metal_and_rock()
    {
        double Low(float[] a) => SyntheticAudioProbe.PowerShareBelow(a, Rate, 150);
        double hiphop = MeanOver("hiphop", Low), reggae = MeanOver("reggae", Low);
        double metal = MeanOver("metal", Low), rock = MeanOver("rock", Low);
        Assert.True(Math.Min(hiphop, reggae) > 2 * Math.Max(metal, rock),
            $"power below 150 Hz: hiphop {hiphop:P0}, reggae {reggae:P0}, metal {metal:P0}, rock {rock:P0}");
    }

    private static double MeanOver(string genre, Func<float[], double> measure) =>
        Enumerable.Range(0, 3).Average(i => measure(SyntheticTrackGenerator.Render(genre, i, 6, Rate, 42).Samples));
}

using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.Synthetic;

/// <summary>
/// Renders synthetic music of a genre: drums, bass, harmony and lead synthesised from a genre style,
/// with tempo, key, instrument mix, levels, noise, swing and voicings drawn per track. Equal arguments
/// give bit-identical samples (own xoshiro256** generator; the track seed hashes seed, genre and index).
/// </summary>
public static class SyntheticTrackGenerator
{
    private const ulong ArrangementSalt = 0x6A09E667F3BCC909UL;
    private const ulong PlanSalt = 0xBB67AE8584CAA73BUL;

    /// <summary>The seed of one track: a hash of the dataset seed, the genre name and the track index.</summary>
    public static ulong TrackSeed(int seed, string genre, int trackIndex)
    {
        string name = SyntheticGenres.Get(genre).Name;
        ulong h = SynthRandom.Finalise(SynthRandom.Hash(name) ^ (ulong)(uint)seed);
        h = SynthRandom.Finalise(h + 0x9E3779B97F4A7C15UL * ((ulong)(uint)trackIndex + 1));
        return h;
    }

    /// <summary>The tempo, key, levels and other per-track choices <see cref="Render"/> uses.</summary>
    public static SyntheticTrackPlan Plan(string genre, int trackIndex, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trackIndex);
        var style = SyntheticGenres.Style(genre);
        var g = style.Genre;
        ulong trackSeed = TrackSeed(seed, g.Name, trackIndex);
        var rng = new SynthRandom(trackSeed ^ PlanSalt);
        return new SyntheticTrackPlan(
            Genre: g.Name,
            TrackIndex: trackIndex,
            Seed: seed,
            TrackSeed: trackSeed,
            Bpm: Math.Round(rng.Uniform(g.MinBpm, g.MaxBpm), 2),
            KeyRoot: rng.Next(12),
            Swing: rng.Uniform(style.Swing.Min, style.Swing.Max),
            PeakLevel: rng.Uniform(0.3, 0.9),
            NoiseDb: rng.Uniform(-60, -28),
            TuningCents: rng.Uniform(-20, 20),
            Reverb: rng.Uniform(style.ReverbWet.Min, style.ReverbWet.Max));
    }

    /// <summary>
    /// Renders <paramref name="seconds"/> of track <paramref name="trackIndex"/> of <paramref name="genre"/> as
    /// mono samples in [-1, 1) at <paramref name="sampleRate"/> Hz, peak-normalised to the plan's level (0.3-0.9).
    /// </summary>
    public static AudioSignal Render(string genre, int trackIndex, double seconds, int sampleRate, int seed)
    {
        if (!double.IsFinite(seconds) || seconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The duration must be a positive number of seconds.");
        if (sampleRate is < 4000 or > 384000)
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be between 4000 and 384000 Hz.");
        long length = (long)Math.Round(seconds * sampleRate);
        if (length < 1 || length > int.MaxValue / 2)
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The duration gives no samples or too many at this sample rate.");

        var style = SyntheticGenres.Style(genre);
        var plan = Plan(genre, trackIndex, seed);
        var rng = new SynthRandom(plan.TrackSeed ^ ArrangementSalt);
        double bar = 240.0 / plan.Bpm;
        double firstBar = -bar * rng.Uniform(0.25, 1.0);
        int preRoll = (int)Math.Ceiling((-firstBar + 0.05) * sampleRate);
        var synth = new Synth(sampleRate, preRoll, (int)length, plan.TuningCents, rng.NextUInt64());
        var groove = new Groove(rng.Fork(), plan.Bpm, firstBar, seconds, plan.Swing, style.SwingUnit, style.Humanise, style.Rubato);
        var ctx = new TrackContext(synth, groove, rng.Fork(), plan);
        style.Compose(ctx);
        if (ctx.DriveLevel > 0) Mastering.Amplify(synth, ctx.DriveGain, ctx.CabinetHz, ctx.DriveLevel, ctx.TightenHz);
        Mastering.Reverb(synth.Main.AsSpan(0, synth.Length), sampleRate, plan.Reverb, style.ReverbSeconds);
        var samples = Mastering.Finish(synth, plan.NoiseDb, rng.NextDouble(), plan.PeakLevel);
        return new AudioSignal(samples, sampleRate);
    }
}

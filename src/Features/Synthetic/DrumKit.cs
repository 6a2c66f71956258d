namespace MlNetGenre.Features.Synthetic;

/// <summary>
/// A synthesised drum kit, rendered once per track as a few one-shot variants per drum (kick: sine
/// with a pitch sweep and a click; snare: noise burst plus tone; hats: high-passed noise with metallic
/// partials; cymbals: inharmonic square partials and noise) and then mixed at each hit.
/// </summary>
internal sealed class DrumKit
{
    private static readonly double[] MetalRatios = [1.0, 1.4823, 1.8002, 2.5462, 2.6303, 3.8968];
    private readonly Synth _synth;
    private readonly SynthRandom _rng;

    private readonly KitSpec _spec;
    private float[][]? _kick, _snare, _clap, _rim, _closedHat, _openHat, _ride, _crash, _tomHigh, _tomLow;

    public DrumKit(Synth synth, SynthRandom rng, KitSpec spec)
    {
        _synth = synth;
        _rng = rng;
        _spec = spec;
    }

    // Each drum is rendered on first use, so a style pays only for the drums it plays.
    public float[][] Kick => _kick ??= Variants(2, () => RenderKick(_spec.KickStartHz, _spec.KickEndHz, _spec.KickSweep, _spec.KickDecay, _spec.KickClick, _spec.KickDrive));
    public float[][] Snare => _snare ??= Variants(3, () => RenderSnare(_spec));
    public float[][] Clap => _clap ??= Variants(2, RenderClap);
    public float[][] Rim => _rim ??= Variants(2, RenderRim);
    public float[][] ClosedHat => _closedHat ??= Variants(3, () => RenderMetal(_spec.HatHighPass, _spec.ClosedHatDecay, 0.35, 420));
    public float[][] OpenHat => _openHat ??= Variants(1, () => RenderMetal(_spec.HatHighPass, _spec.OpenHatDecay, 0.35, 420));
    public float[][] Ride => _ride ??= Variants(1, () => RenderMetal(_spec.CymbalHighPass, _spec.RideDecay, 0.7, 330, bell: 0.25));
    public float[][] Crash => _crash ??= Variants(1, () => RenderMetal(_spec.CymbalHighPass * 0.8, _spec.CrashDecay, 0.25, 290));
    public float[][] TomHigh => _tomHigh ??= Variants(1, () => RenderKick(_spec.TomHz * 2.0, _spec.TomHz * 1.5, 0.05, 0.22, 0.15, 1.0));
    public float[][] TomLow => _tomLow ??= Variants(1, () => RenderKick(_spec.TomHz * 1.3, _spec.TomHz, 0.05, 0.28, 0.15, 1.0));

    /// <summary>Adds one hit of <paramref name="drum"/> (a random variant) to the main bus.</summary>
    public void Hit(float[][] drum, double time, double velocity)
    {
        if (velocity <= 0) return;
        var sound = drum.Length == 1 ? drum[0] : drum[_rng.Next(drum.Length)];
        _synth.Sample(_synth.Main, sound, time, velocity);
    }

    private static float[][] Variants(int count, Func<float[]> render)
    {
        var result = new float[count][];
        for (int i = 0; i < count; i++) result[i] = render();
        return result;
    }

    private float[] RenderKick(double startHz, double endHz, double sweep, double decay, double click, double drive)
    {
        int sr = _synth.SampleRate;
        int n = (int)(decay * 6.0 * sr) + 1;
        var output = new float[n];
        double sk = Math.Exp(-1.0 / (sweep * sr)), ak = Math.Exp(-1.0 / (decay * sr));
        double sweepEnv = 1.0, amp = 1.0, phase = 0;
        int clickLen = (int)(0.004 * sr) + 1;
        var clickFilter = Biquad.HighPass(sr, 1500);
        double norm = drive > 1 ? 1.0 / Mastering.SoftClip((float)drive) : 1.0;
        for (int i = 0; i < n; i++)
        {
            double f = endHz + (startHz - endHz) * sweepEnv;
            sweepEnv *= sk;
            phase += f / sr;
            double v = Synth.Sin(phase);
            if (drive > 1) v = Mastering.SoftClip((float)(drive * v)) * norm;
            v *= amp;
            amp *= ak;
            if (i < clickLen) v += click * clickFilter.Process(_synth.Noise()) * (1.0 - (double)i / clickLen);
            output[i] = (float)(0.9 * v);
        }
        return output;
    }

    private float[] RenderSnare(KitSpec spec)
    {
        int sr = _synth.SampleRate;
        int n = (int)(Math.Max(spec.SnareNoiseDecay, spec.SnareToneDecay) * 6.0 * sr) + 1;
        var output = new float[n];
        var hp = Biquad.HighPass(sr, spec.SnareHighPass);
        var lp = Biquad.LowPass(sr, spec.SnareLowPass);
        double tk = Math.Exp(-1.0 / (spec.SnareToneDecay * sr)), nk = Math.Exp(-1.0 / (spec.SnareNoiseDecay * sr));
        double te = spec.SnareToneMix, ne = 1.0 - 0.5 * spec.SnareToneMix;
        double f1 = spec.SnareToneHz / sr, f2 = spec.SnareToneHz * 1.74 / sr;
        for (int i = 0; i < n; i++)
        {
            double tone = Synth.Sin(i * f1) + 0.5 * Synth.Sin(i * f2);
            double noise = lp.Process(hp.Process(_synth.Noise()));
            output[i] = (float)(0.8 * (te * tone + 1.6 * ne * noise));
            te *= tk;
            ne *= nk;
        }
        return output;
    }

    private float[] RenderClap()
    {
        int sr = _synth.SampleRate;
        int n = (int)(0.25 * sr);
        var output = new float[n];
        var bp = Biquad.BandPass(sr, 1200 + 300 * _rng.NextDouble(), 1.2);
        int burst = (int)(0.01 * sr);
        double tail = Math.Exp(-1.0 / (0.06 * sr)), env = 0;
        for (int i = 0; i < n; i++)
        {
            if (i < 3 * burst) env = 1.0 - (double)(i % burst) / burst * 0.8;
            else env *= tail;
            output[i] = (float)(2.5 * env * bp.Process(_synth.Noise()));
        }
        return output;
    }

    private float[] RenderRim()
    {
        int sr = _synth.SampleRate;
        int n = (int)(0.08 * sr);
        var output = new float[n];
        var bp = Biquad.BandPass(sr, 2200, 2.0);
        double k = Math.Exp(-1.0 / (0.012 * sr)), env = 1.0;
        for (int i = 0; i < n; i++)
        {
            double v = 0.6 * Synth.Sin(i * 820.0 / sr) + 0.4 * Synth.Sin(i * 1640.0 / sr) + 1.5 * bp.Process(_synth.Noise());
            output[i] = (float)(0.9 * env * v);
            env *= k;
        }
        return output;
    }

    /// <summary>Hats and cymbals: inharmonic square partials (as in analogue drum machines) plus noise, high-passed.</summary>
    private float[] RenderMetal(double highPass, double decay, double metallic, double baseHz, double bell = 0)
    {
        int sr = _synth.SampleRate;
        int n = (int)(decay * 4.0 * sr) + 1;
        var output = new float[n];
        var hp1 = Biquad.HighPass(sr, highPass);
        var hp2 = Biquad.HighPass(sr, highPass);
        double k = Math.Exp(-1.0 / (decay * sr)), bk = Math.Exp(-1.0 / (decay * 0.6 * sr)), env = 1.0, be = bell;
        double detune = 1.0 + 0.03 * (_rng.NextDouble() - 0.5);
        Span<double> phases = stackalloc double[MetalRatios.Length];
        Span<double> incs = stackalloc double[MetalRatios.Length];
        for (int j = 0; j < incs.Length; j++)
        {
            incs[j] = baseHz * detune * MetalRatios[j] / sr;
            phases[j] = _rng.NextDouble();
        }
        double bellInc = baseHz * detune * 7.1 / sr;
        for (int i = 0; i < n; i++)
        {
            double sq = 0;
            for (int j = 0; j < incs.Length; j++)
            {
                phases[j] += incs[j];
                if (phases[j] >= 1.0) phases[j] -= 1.0;
                sq += phases[j] < 0.5 ? 1.0 : -1.0;
            }
            double v = metallic * sq / 3.0 + (1.0 - metallic) * 1.7 * _synth.Noise();
            v = hp2.Process(hp1.Process((float)v));
            v += be * Synth.Sin(i * bellInc);
            output[i] = (float)(0.7 * env * v);
            env *= k;
            be *= bk;
        }
        return output;
    }
}

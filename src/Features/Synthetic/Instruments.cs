namespace MlNetGenre.Features.Synthetic;

/// <summary>Instrument presets (additive and subtractive models), each varied a little per track.</summary>
internal static class Instruments
{
    private static double Vary(SynthRandom rng, double value, double spread) => value * (1.0 + spread * (2.0 * rng.NextDouble() - 1.0));

    /// <summary>Hammered strings: bright partials with a strike-position notch decaying to a mellow tone.</summary>
    public static Instrument Piano(SynthRandom rng, double brightness = 1.0)
    {
        double strike = Vary(rng, 1.0 / 7.5, 0.15);
        double tilt = Vary(rng, 1.0, 0.15) / brightness;
        return new Instrument
        {
            Bright = k => Math.Abs(Math.Sin(Math.PI * k * strike)) / Math.Pow(k, tilt),
            Mellow = k => 1.0 / Math.Pow(k, 2.6),
            MellowTime = Vary(rng, 0.25, 0.3),
            Attack = 0.002, Decay = Vary(rng, 1.3, 0.3), Sustain = 0, Release = 0.12,
            Unison = 2, DetuneCents = Vary(rng, 1.5, 0.5),
            Noise = 0.05, NoiseDecay = 0.008, NoiseHighPass = 400,
        };
    }

    /// <summary>Tine electric piano: nearly sinusoidal with a short bright bark.</summary>
    public static Instrument ElectricPiano(SynthRandom rng, double lowPass = 0)
    {
        double bark = Vary(rng, 0.35, 0.4);
        return new Instrument
        {
            Bright = k => k switch { 1 => 1.0, 2 => bark, 3 => 0.4 * bark, 4 => 0.25 * bark, 7 => 0.15 * bark, _ => 0.0 },
            Mellow = k => k switch { 1 => 1.0, 2 => 0.12, _ => 0.0 },
            MellowTime = Vary(rng, 0.08, 0.3),
            Attack = 0.003, Decay = Vary(rng, 1.6, 0.3), Sustain = 0, Release = 0.1,
            VibratoRate = Vary(rng, 4.5, 0.2), VibratoSemitones = 0.04, VibratoDelay = 0.05,
            LowPass = lowPass,
        };
    }

    /// <summary>Drawbar organ: sustained sum of a few harmonics with a key click and Leslie-like vibrato.</summary>
    public static Instrument Organ(SynthRandom rng, double percussive = 0)
    {
        var bars = new double[9];
        int[] harmonics = [1, 2, 3, 4, 6, 8];
        foreach (int h in harmonics) bars[Math.Min(h, 8)] = rng.Chance(0.7) ? rng.Uniform(0.2, 1.0) : 0.0;
        bars[1] = 1.0;
        return new Instrument
        {
            Bright = k => k < bars.Length ? bars[k] : 0.0,
            Attack = 0.004, Decay = percussive > 0 ? percussive : 1.0, Sustain = percussive > 0 ? 0 : 1.0, Release = 0.04,
            VibratoRate = Vary(rng, 6.5, 0.15), VibratoSemitones = Vary(rng, 0.07, 0.5), VibratoDelay = 0.01,
            Noise = 0.08, NoiseDecay = 0.004, NoiseHighPass = 2000,
        };
    }

    /// <summary>Bowed string section: detuned sawtooths, slow attack, delayed vibrato, low-passed.</summary>
    public static Instrument Strings(SynthRandom rng, double attack = 0.25, double lowPass = 3000, int unison = 2)
    {
        double tilt = Vary(rng, 1.1, 0.1);
        return new Instrument
        {
            Bright = k => 1.0 / Math.Pow(k, tilt),
            Attack = Vary(rng, attack, 0.35), Decay = 1.0, Sustain = 1.0, Release = Vary(rng, 0.35, 0.3),
            Unison = unison, DetuneCents = Vary(rng, 9, 0.4),
            VibratoRate = Vary(rng, 5.5, 0.15), VibratoSemitones = Vary(rng, 0.1, 0.4), VibratoDelay = 0.3,
            LowPass = Vary(rng, lowPass, 0.25),
        };
    }

    /// <summary>Solo bowed string (violin, cello): sawtooth with a formant bump, vibrato.</summary>
    public static Instrument SoloString(SynthRandom rng, double lowPass = 4000)
    {
        double formant = Vary(rng, 4.0, 0.3);
        return new Instrument
        {
            Bright = k => (1.0 + 1.5 * Math.Exp(-Math.Pow((k - formant) / 2.0, 2))) / k,
            Attack = Vary(rng, 0.07, 0.3), Decay = 0.6, Sustain = 0.85, Release = 0.15,
            VibratoRate = Vary(rng, 6.0, 0.1), VibratoSemitones = Vary(rng, 0.22, 0.3), VibratoDelay = 0.15,
            Noise = 0.015, NoiseDecay = 0.2, NoiseHighPass = 2500,
            LowPass = Vary(rng, lowPass, 0.2),
        };
    }

    /// <summary>Flute: mostly fundamental with breath noise and gentle vibrato.</summary>
    public static Instrument Flute(SynthRandom rng) => new()
    {
        Bright = k => k switch { 1 => 1.0, 2 => 0.25, 3 => 0.12, 4 => 0.04, _ => 0.0 },
        Attack = Vary(rng, 0.05, 0.3), Decay = 0.5, Sustain = 0.85, Release = 0.1,
        VibratoRate = Vary(rng, 5.0, 0.15), VibratoSemitones = 0.12, VibratoDelay = 0.2,
        Noise = 0.05, NoiseDecay = 0.5, NoiseHighPass = 2000,
    };

    /// <summary>Plucked upright bass: fast decay of upper partials, warm.</summary>
    public static Instrument UprightBass(SynthRandom rng) => new()
    {
        Bright = k => 1.0 / Math.Pow(k, 1.3),
        Mellow = k => 1.0 / Math.Pow(k, 3.0),
        MellowTime = Vary(rng, 0.07, 0.3), MaxHarmonics = 24,
        Attack = 0.004, Decay = Vary(rng, 0.8, 0.3), Sustain = 0, Release = 0.08,
        Noise = 0.04, NoiseDecay = 0.01, NoiseHighPass = 600,
        LowPass = Vary(rng, 1400, 0.3),
    };

    /// <summary>Electric bass (finger or pick): sustained low partials.</summary>
    public static Instrument ElectricBass(SynthRandom rng, double brightness = 1.0) => new()
    {
        Bright = k => 1.0 / Math.Pow(k, 1.1 / brightness),
        Mellow = k => 1.0 / Math.Pow(k, 2.4),
        MellowTime = Vary(rng, 0.15, 0.3), MaxHarmonics = 30,
        Attack = 0.003, Decay = Vary(rng, 1.2, 0.3), Sustain = 0.45, Release = 0.06,
        LowPass = Vary(rng, 1800 * brightness, 0.3),
    };

    /// <summary>Round dub bass: fundamental, a little second harmonic, heavily low-passed.</summary>
    public static Instrument DubBass(SynthRandom rng) => new()
    {
        Bright = k => k switch { 1 => 1.0, 2 => Vary(rng, 0.35, 0.3), 3 => 0.12, _ => 0.0 },
        Attack = 0.008, Decay = 0.6, Sustain = 0.8, Release = 0.08,
        LowPass = Vary(rng, 500, 0.25),
    };

    /// <summary>808-style sub bass: a sine with long decay, gliding between notes.</summary>
    public static Instrument SubBass(SynthRandom rng) => new()
    {
        Bright = k => k switch { 1 => 1.0, 2 => 0.15, 3 => 0.05, _ => 0.0 },
        Attack = 0.003, Decay = Vary(rng, 0.7, 0.35), Sustain = 0.25, Release = 0.1,
    };

    /// <summary>Plucked steel-string guitar (clean): pick-position notch, decaying brightness.</summary>
    public static Instrument CleanGuitar(SynthRandom rng, double decay = 1.0)
    {
        double pick = Vary(rng, 0.2, 0.3);
        return new Instrument
        {
            Bright = k => Math.Abs(Math.Sin(Math.PI * k * pick)) / Math.Pow(k, 0.9),
            Mellow = k => Math.Abs(Math.Sin(Math.PI * k * pick)) / Math.Pow(k, 2.0),
            MellowTime = Vary(rng, 0.12, 0.3), MaxHarmonics = 40,
            Attack = 0.002, Decay = Vary(rng, decay, 0.3), Sustain = 0, Release = 0.05,
            Noise = 0.03, NoiseDecay = 0.005, NoiseHighPass = 2000,
        };
    }

    /// <summary>Short bright pluck (funk guitar, clavinet, reggae skank).</summary>
    public static Instrument Chop(SynthRandom rng, double decay = 0.12) => new()
    {
        Bright = k => 1.0 / Math.Pow(k, 0.7),
        Mellow = k => 1.0 / Math.Pow(k, 1.8),
        MellowTime = 0.04, MaxHarmonics = 40,
        Attack = 0.002, Decay = Vary(rng, decay, 0.3), Sustain = 0, Release = 0.03,
        Noise = 0.05, NoiseDecay = 0.006, NoiseHighPass = 3000,
    };

    /// <summary>Guitar string fed to the amplifier bus: the distortion makes the upper harmonics.</summary>
    public static Instrument AmpGuitar(SynthRandom rng, double palmMuteLowPass = 0) => new()
    {
        Bright = k => 1.0 / Math.Pow(k, 1.2),
        MaxHarmonics = 16,
        Attack = 0.002, Decay = palmMuteLowPass > 0 ? 0.1 : Vary(rng, 2.0, 0.3), Sustain = palmMuteLowPass > 0 ? 0 : 0.6, Release = 0.04,
        LowPass = palmMuteLowPass,
    };

    /// <summary>Brass section or sawtooth synth stab.</summary>
    public static Instrument Brass(SynthRandom rng) => new()
    {
        Bright = k => 1.0 / k,
        Attack = Vary(rng, 0.03, 0.3), Decay = 0.3, Sustain = 0.7, Release = 0.08,
        Unison = 2, DetuneCents = 6,
        LowPass = Vary(rng, 2800, 0.3), LowPassKeyTrack = 2,
    };

    /// <summary>Saxophone-like reed lead: sawtooth-ish, formant low-pass, breath, vibrato.</summary>
    public static Instrument Reed(SynthRandom rng) => new()
    {
        Bright = k => (k % 2 == 1 ? 1.0 : 0.6) / Math.Pow(k, 0.9),
        Attack = Vary(rng, 0.04, 0.3), Decay = 0.4, Sustain = 0.8, Release = 0.08,
        VibratoRate = Vary(rng, 5.0, 0.15), VibratoSemitones = Vary(rng, 0.15, 0.3), VibratoDelay = 0.2,
        Noise = 0.04, NoiseDecay = 0.3, NoiseHighPass = 1500,
        LowPass = Vary(rng, 2200, 0.3), LowPassKeyTrack = 1.5,
    };

    /// <summary>Synth lead (square-ish), for rock keyboard lines.</summary>
    public static Instrument SquareLead(SynthRandom rng) => new()
    {
        Bright = k => k % 2 == 1 ? 1.0 / k : 0.15 / k,
        Attack = 0.01, Decay = 0.3, Sustain = 0.8, Release = 0.08,
        VibratoRate = 5.5, VibratoSemitones = 0.1, VibratoDelay = 0.25,
        LowPass = Vary(rng, 3500, 0.3),
    };

    /// <summary>Sustained lead guitar for the amplifier bus, with finger vibrato.</summary>
    public static Instrument LeadGuitar(SynthRandom rng) => new()
    {
        Bright = k => 1.0 / Math.Pow(k, 1.1),
        MaxHarmonics = 16,
        Attack = 0.004, Decay = Vary(rng, 1.2, 0.3), Sustain = 0.5, Release = 0.06,
        VibratoRate = Vary(rng, 5.5, 0.2), VibratoSemitones = Vary(rng, 0.3, 0.3), VibratoDelay = 0.15,
    };
}

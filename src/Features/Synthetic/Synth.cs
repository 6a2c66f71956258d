namespace MlNetGenre.Features.Synthetic;

/// <summary>
/// Renders notes and drum hits into buses of one track. Time 0 is the first output sample; a
/// pre-roll before it lets notes that started earlier ring into the excerpt.
/// </summary>
internal sealed class Synth
{
    public const int TableSize = 2048;
    private const int TableMask = TableSize - 1;
    private const int Block = 32;
    private const int EnvelopeBlock = 64;
    private const int PhaseShift = 21;
    private const uint PhaseFracMask = (1u << PhaseShift) - 1;
    private const float PhaseFracScale = 1f / (1u << PhaseShift);
    private static readonly float[] SineTable = BuildSine();

    // The buses and the note buffer are kept per thread and reused by the next track rendered on it: a 30 s
    // track's buses are 5.3 MB, and allocating them per track set off a gen-2 collection every other track
    // during extraction (large objects, nothing else surviving). They are longer than Length after a longer
    // track; everything reads and writes only their first Length samples.
    [ThreadStatic] private static float[]? t_main, t_drive, t_note;

    private readonly double _tuning;
    private readonly Dictionary<(Instrument, int), float[]> _tables = [];
    private float[] _buf;
    private uint _noise;

    public Synth(int sampleRate, int preRoll, int outputLength, double tuningCents, ulong noiseSeed)
    {
        SampleRate = sampleRate;
        PreRoll = preRoll;
        OutputLength = outputLength;
        Length = preRoll + outputLength;
        Main = t_main = Cleared(t_main, Length);
        Drive = t_drive = Cleared(t_drive, Length);
        _buf = t_note ??= new float[1 << 15];
        _tuning = Math.Pow(2.0, tuningCents / 1200.0);
        _noise = (uint)(noiseSeed | 1) ^ (uint)(noiseSeed >> 32);
        if (_noise == 0) _noise = 0x9E3779B9u;
    }

    public int SampleRate { get; }
    public int PreRoll { get; }
    public int OutputLength { get; }
    public int Length { get; }

    /// <summary>The clean mix bus: its first <see cref="Length"/> samples (the array may be longer, see above).</summary>
    public float[] Main { get; }

    /// <summary>
    /// The bus sent through the guitar amplifier (soft clipping and cabinet) before mixing: its first
    /// <see cref="Length"/> samples.
    /// </summary>
    public float[] Drive { get; }

    /// <summary>
    /// This thread's bus with its first <paramref name="length"/> samples zeroed; when too short, a new one with
    /// room for a longer pre-roll next time (tracks of one dataset differ in length by their pre-roll only).
    /// </summary>
    private static float[] Cleared(float[]? bus, int length)
    {
        if (bus is null || bus.Length < length) return new float[length + length / 8];
        Array.Clear(bus, 0, length);
        return bus;
    }

    public double Frequency(double midi) => 440.0 * Math.Pow(2.0, (midi - 69.0) / 12.0) * _tuning;

    public int SampleAt(double seconds) => PreRoll + (int)Math.Round(seconds * SampleRate);

    /// <summary>White noise in [-1, 1) from an xorshift32 stream.</summary>
    public float Noise() => (int)NoiseBits() * (1.0f / 2147483648.0f);

    private uint NoiseBits()
    {
        uint x = _noise;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        _noise = x;
        return x;
    }

    /// <summary>Sine of a phase given in cycles (any non-negative value), from a table.</summary>
    public static float Sin(double phase)
    {
        double idx = (phase - Math.Floor(phase)) * TableSize;
        int i = (int)idx;
        float frac = (float)(idx - i);
        i &= TableMask;
        float a = SineTable[i];
        return a + frac * (SineTable[i + 1] - a);
    }

    /// <summary>Adds one note. <paramref name="bendFrom"/> (MIDI) glides into the pitch over <paramref name="bendTime"/> seconds.</summary>
    public void Note(float[] bus, double time, double duration, double midi, double velocity, Instrument inst,
        double bendFrom = double.NaN, double bendTime = 0.06)
    {
        int start = SampleAt(time);
        if (start >= Length || velocity <= 0 || duration <= 0) return;
        int sr = SampleRate;
        int hold = Math.Max(1, (int)(duration * sr));
        int attack = Math.Max(1, (int)(inst.Attack * sr));
        long total = hold + (long)(inst.Release * 4.5 * sr) + 1;
        if (inst.Sustain <= 0) total = Math.Min(total, attack + (long)(inst.Decay * 5.5 * sr) + 1);
        total = Math.Min(total, Length - (long)start);
        int skip = start < 0 ? -start : 0;
        if (total <= skip) return;
        int n = (int)total;
        if (_buf.Length < n) _buf = t_note = new float[Math.Max(n, 2 * _buf.Length)];
        float[] buf = _buf;

        int key = Math.Clamp((int)Math.Round(midi), 0, 127);
        double f = Frequency(midi);
        int unison = Math.Max(1, inst.Unison);
        Oscillators(buf, n, f, key, inst, unison, bendFrom, midi, bendTime);

        if (inst.Noise > 0)
        {
            var hp = Biquad.HighPass(sr, inst.NoiseHighPass);
            double decay = Math.Max(inst.NoiseDecay, 1e-4);
            int length = (int)Math.Min(n, decay * 7.0 * sr);
            float nk = (float)Math.Exp(-1.0 / (decay * sr));
            float ne = (float)(inst.Noise * Math.Sqrt(unison));
            for (int i = 0; i < length; i++)
            {
                buf[i] += hp.Process(Noise()) * ne;
                ne *= nk;
            }
        }

        // ADSR: linear attack, exponential decay to the sustain level, exponential release after the hold.
        // The envelope is exact at segment and block edges and linear in between, and is applied while mixing.
        float gain = (float)(velocity * inst.Gain / Math.Sqrt(unison));
        double sustain = inst.Sustain;
        double dk = Math.Exp(-1.0 / (Math.Max(inst.Decay, 1e-4) * sr));
        double rk = Math.Exp(-1.0 / (Math.Max(inst.Release, 1e-4) * sr));
        double held = hold <= attack ? (double)hold / attack : sustain + (1.0 - sustain) * Math.Pow(dk, hold - attack);
        double Envelope(int i) =>
            i < attack && i < hold ? (i + 1.0) / attack
            : i < hold ? sustain + (1.0 - sustain) * Math.Pow(dk, i - attack + 1)
            : held * Math.Pow(rk, i - hold + 1);
        int[] edges = [0, Math.Min(attack, hold), hold, n];
        for (int seg = 0; seg < 3; seg++)
        {
            int segEnd = Math.Min(edges[seg + 1], n);
            for (int i0 = Math.Max(edges[seg], skip); i0 < segEnd; i0 += EnvelopeBlock)
            {
                int i1 = Math.Min(segEnd, i0 + EnvelopeBlock);
                float g0 = (float)(gain * Envelope(i0));
                float gd = i1 - i0 > 1 ? (float)(gain * (Envelope(i1 - 1) - Envelope(i0)) / (i1 - 1 - i0)) : 0f;
                var s0 = buf.AsSpan(i0, i1 - i0);
                var d0 = bus.AsSpan(start + i0, i1 - i0);
                for (int k = 0; k < s0.Length; k++)
                    d0[k] += (g0 + k * gd) * s0[k];
            }
        }
    }

    /// <summary>
    /// Writes the (unison) wavetable oscillators of a note into <paramref name="buf"/>. Pitch (bend, vibrato) is
    /// updated once per block; the phase is a 32-bit fixed-point accumulator that wraps by itself.
    /// </summary>
    private void Oscillators(float[] buf, int n, double f, int key, Instrument inst, int unison, double bendFrom, double midi, double bendTime)
    {
        int sr = SampleRate;
        float[] bright = Table(inst, key, mellow: false);
        float[]? mellow = inst.Mellow is null ? null : Table(inst, key, mellow: true);
        float wk = (float)Math.Exp(-1.0 / (Math.Max(inst.MellowTime, 1e-4) * sr));
        double vibDepth = Math.Pow(2.0, inst.VibratoSemitones / 12.0) - 1.0;
        double vibInc = inst.VibratoRate / sr;
        int vibRamp = Math.Max(1, (int)(inst.VibratoDelay * sr));
        bool bend = !double.IsNaN(bendFrom) && bendFrom != midi;
        int bendSamples = bend ? Math.Max(1, (int)(bendTime * sr)) : 0;
        double bendRatio = bend ? Math.Pow(2.0, (bendFrom - midi) / 12.0) : 1.0;
        double bendStep = bend ? Math.Pow(1.0 / bendRatio, 1.0 / bendSamples) : 1.0;

        for (int u = 0; u < unison; u++)
        {
            double cents = unison == 1 ? 0 : inst.DetuneCents * (2.0 * u / (unison - 1) - 1.0);
            double inc = f * Math.Pow(2.0, cents / 1200.0) / sr * bendRatio;
            uint phase = unison == 1 ? 0u : NoiseBits();
            double vibPhase = 0.25 * u;
            float w = 1f;
            bool first = u == 0;
            for (int i0 = 0; i0 < n; i0 += Block)
            {
                int i1 = Math.Min(n, i0 + Block);
                double step = inc;
                if (vibDepth != 0)
                {
                    double ramp = i0 < vibRamp ? (double)i0 / vibRamp : 1.0;
                    step *= 1.0 + vibDepth * ramp * Sin(vibPhase);
                    vibPhase += vibInc * Block;
                }
                if (i0 < bendSamples) inc *= Math.Pow(bendStep, i1 - i0);
                uint stepU = (uint)(step * 4294967296.0);
                for (int i = i0; i < i1; i++)
                {
                    // phase >> PhaseShift is below TableSize and tables hold TableSize + 1 values (a guard copy of the first).
                    int j = (int)(phase >> PhaseShift);
                    float frac = (phase & PhaseFracMask) * PhaseFracScale;
                    float a0 = bright[j];
                    float v = a0 + frac * (bright[j + 1] - a0);
                    if (mellow is not null)
                    {
                        float c0 = mellow[j];
                        float m = c0 + frac * (mellow[j + 1] - c0);
                        v = m + w * (v - m);
                        w *= wk;
                    }
                    buf[i] = first ? v : buf[i] + v;
                    phase += stepU;
                }
            }
        }
    }

    /// <summary>Adds a pre-rendered one-shot (a drum hit) scaled by <paramref name="gain"/>.</summary>
    public void Sample(float[] bus, float[] sound, double time, double gain)
    {
        int start = SampleAt(time);
        if (start >= Length || gain <= 0) return;
        int from = start < 0 ? -start : 0;
        int to = Math.Min(sound.Length, Length - start);
        float g = (float)gain;
        for (int i = from; i < to; i++) bus[start + i] += g * sound[i];
    }

    private float[] Table(Instrument inst, int key, bool mellow)
    {
        var cacheKey = (inst, mellow ? key + 1000 : key);
        if (_tables.TryGetValue(cacheKey, out var table)) return table;
        Func<int, double> spectrum = mellow ? inst.Mellow! : inst.Bright;
        double f0 = Frequency(key);
        int harmonics = Math.Clamp((int)(0.42 * SampleRate / (f0 * 1.06)), 1, inst.MaxHarmonics);
        var acc = new double[TableSize];
        double power = 0;
        double cutoff = inst.LowPass > 0 ? inst.LowPass + inst.LowPassKeyTrack * f0 : 0;
        for (int k = 1; k <= harmonics; k++)
        {
            double amp = spectrum(k);
            if (amp == 0) continue;
            power += amp * amp / 2;
            // The low-pass filter acts on a periodic tone as a gain per harmonic (second-order Butterworth magnitude).
            if (cutoff > 0) amp /= Math.Sqrt(1.0 + Math.Pow(k * f0 / cutoff, 4));
            for (int j = 0; j < TableSize; j++) acc[j] += amp * SineTable[(k * j) & TableMask];
        }
        double scale = power > 0 ? 0.5 / Math.Sqrt(power) : 0;
        table = new float[TableSize + 1];
        for (int j = 0; j < TableSize; j++) table[j] = (float)(acc[j] * scale);
        table[TableSize] = table[0];
        _tables[cacheKey] = table;
        return table;
    }

    private static float[] BuildSine()
    {
        var t = new float[TableSize + 1];
        for (int i = 0; i <= TableSize; i++) t[i] = (float)Math.Sin(2.0 * Math.PI * i / TableSize);
        return t;
    }
}

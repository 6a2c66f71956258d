namespace MlNetGenre.Features.Synthetic;

/// <summary>Amplifier (soft clipping and cabinet), room reverb, noise floor and peak normalisation.</summary>
internal static class Mastering
{
    /// <summary>Rational tanh approximation: odd, monotonic, saturating at +-1.</summary>
    public static float SoftClip(float x)
    {
        if (x > 3f) return 1f;
        if (x < -3f) return -1f;
        float x2 = x * x;
        return x * (27f + x2) / (27f + 9f * x2);
    }

    /// <summary>
    /// Distorts the drive bus (a high-pass that tightens the low end, gain into soft clipping, then a cabinet
    /// low-pass) and adds it to the main bus.
    /// </summary>
    public static void Amplify(Synth synth, double gain, double cabinetHz, double level, double tightenHz = 90)
    {
        var input = synth.Drive;
        var tighten = Biquad.HighPass(synth.SampleRate, tightenHz);
        var cab1 = Biquad.LowPass(synth.SampleRate, cabinetHz, 0.9);
        var cab2 = Biquad.LowPass(synth.SampleRate, cabinetHz * 1.3, 0.6);
        var body = Biquad.HighPass(synth.SampleRate, 70);
        float g = (float)gain, l = (float)level;
        float norm = 1f / SoftClip(MathF.Min(g, 3f));
        var main = synth.Main;
        for (int i = 0; i < synth.Length; i++)
        {
            float x = SoftClip(g * tighten.Process(input[i])) * norm;
            main[i] += l * body.Process(cab2.Process(cab1.Process(x)));
        }
    }

    /// <summary>A Schroeder reverb (four parallel damped combs, two series all-passes) mixed in at <paramref name="wet"/>.</summary>
    public static void Reverb(Span<float> data, int sampleRate, double wet, double seconds)
    {
        if (wet <= 0) return;
        int d1 = Delay(29.7), d2 = Delay(37.1), d3 = Delay(41.1), d4 = Delay(43.7), a1 = Delay(5.0), a2 = Delay(1.7);
        float f1 = Feedback(d1), f2 = Feedback(d2), f3 = Feedback(d3), f4 = Feedback(d4);
        float[] l1 = new float[d1], l2 = new float[d2], l3 = new float[d3], l4 = new float[d4], l5 = new float[a1], l6 = new float[a2];
        int p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0;
        float s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        const float g = 0.7f;
        float w = (float)wet, dry = (float)(1.0 - 0.5 * wet);
        for (int i = 0; i < data.Length; i++)
        {
            float x = data[i];
            float y1 = l1[p1], y2 = l2[p2], y3 = l3[p3], y4 = l4[p4];
            s1 = 0.7f * y1 + 0.3f * s1;
            s2 = 0.7f * y2 + 0.3f * s2;
            s3 = 0.7f * y3 + 0.3f * s3;
            s4 = 0.7f * y4 + 0.3f * s4;
            l1[p1] = x + f1 * s1;
            l2[p2] = x + f2 * s2;
            l3[p3] = x + f3 * s3;
            l4[p4] = x + f4 * s4;
            if (++p1 == d1) p1 = 0;
            if (++p2 == d2) p2 = 0;
            if (++p3 == d3) p3 = 0;
            if (++p4 == d4) p4 = 0;
            float c = 0.25f * (y1 + y2 + y3 + y4);
            float b5 = l5[p5], o5 = -g * c + b5;
            l5[p5] = c + g * o5;
            if (++p5 == a1) p5 = 0;
            float b6 = l6[p6], o6 = -g * o5 + b6;
            l6[p6] = o5 + g * o6;
            if (++p6 == a2) p6 = 0;
            data[i] = dry * x + w * o6;
        }

        int Delay(double ms) => Math.Max(1, (int)(ms * 0.001 * sampleRate));
        float Feedback(int delay) => (float)Math.Pow(10.0, -3.0 * delay / (seconds * sampleRate));
    }

    /// <summary>
    /// Cuts the excerpt after the pre-roll, removes DC, adds a noise floor <paramref name="noiseDb"/> below
    /// the music's RMS and scales the peak to <paramref name="peak"/> (below 1, so nothing clips).
    /// </summary>
    public static float[] Finish(Synth synth, double noiseDb, double noiseColour, double peak)
    {
        var output = new float[synth.OutputLength];
        Array.Copy(synth.Main, synth.PreRoll, output, 0, output.Length);
        var dc = Biquad.HighPass(synth.SampleRate, 25);
        double sum = 0;
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = dc.Process(output[i]);
            sum += (double)output[i] * output[i];
        }
        double rms = output.Length > 0 ? Math.Sqrt(sum / output.Length) : 0;
        if (rms == 0) rms = 0.1;
        float noiseLevel = (float)(rms * Math.Pow(10.0, noiseDb / 20.0));
        var colour = Biquad.LowPass(synth.SampleRate, 200 + 10000 * noiseColour);
        double max = 0;
        for (int i = 0; i < output.Length; i++)
        {
            output[i] += noiseLevel * 1.7f * colour.Process(synth.Noise());
            max = Math.Max(max, Math.Abs(output[i]));
        }
        if (max > 0)
        {
            float scale = (float)(peak / max);
            for (int i = 0; i < output.Length; i++) output[i] = Math.Clamp(output[i] * scale, -1f, 0.99996f);
        }
        return output;
    }
}

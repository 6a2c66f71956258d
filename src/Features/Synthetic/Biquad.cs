namespace MlNetGenre.Features.Synthetic;

/// <summary>An RBJ-cookbook biquad in transposed direct form II, used for drums, cabinets and filters.</summary>
internal struct Biquad
{
    private float _b0, _b1, _b2, _a1, _a2, _z1, _z2;

    public static Biquad LowPass(int sampleRate, double hz, double q = 0.7071) => Design(sampleRate, hz, q, 0);
    public static Biquad HighPass(int sampleRate, double hz, double q = 0.7071) => Design(sampleRate, hz, q, 1);
    public static Biquad BandPass(int sampleRate, double hz, double q = 1.0) => Design(sampleRate, hz, q, 2);

    private static Biquad Design(int sampleRate, double hz, double q, int kind)
    {
        hz = Math.Clamp(hz, 10.0, 0.45 * sampleRate);
        double w = 2.0 * Math.PI * hz / sampleRate;
        double cos = Math.Cos(w), alpha = Math.Sin(w) / (2.0 * q);
        double a0 = 1.0 + alpha;
        double b0, b1, b2;
        switch (kind)
        {
            case 0: b0 = (1 - cos) / 2; b1 = 1 - cos; b2 = (1 - cos) / 2; break;
            case 1: b0 = (1 + cos) / 2; b1 = -(1 + cos); b2 = (1 + cos) / 2; break;
            default: b0 = alpha; b1 = 0; b2 = -alpha; break;
        }
        return new Biquad
        {
            _b0 = (float)(b0 / a0), _b1 = (float)(b1 / a0), _b2 = (float)(b2 / a0),
            _a1 = (float)(-2 * cos / a0), _a2 = (float)((1 - alpha) / a0),
        };
    }

    public float Process(float x)
    {
        float y = _b0 * x + _z1;
        _z1 = _b1 * x - _a1 * y + _z2;
        _z2 = _b2 * x - _a2 * y;
        return y;
    }

    public void Process(Span<float> data)
    {
        for (int i = 0; i < data.Length; i++) data[i] = Process(data[i]);
    }
}

namespace MlNetGenre.Experiments.Prediction;

/// <summary>
/// Real-time genre tracking: receives audio chunks of any size (a microphone, a network stream) at the
/// model's sample rate, scores every complete window (the model's clip length, moved by a hop) as soon
/// as it is available, and keeps the running track probabilities (mean over the windows so far).
/// Memory is bounded by one window; latency by one hop plus one window's scoring.
/// </summary>
public sealed class StreamingGenreTracker
{
    private readonly GenrePredictor _predictor;
    private readonly float[] _buffer;
    private readonly int _hop;
    private readonly double[] _sum;
    private int _filled;
    private long _consumed;
    private int _windows;

    public StreamingGenreTracker(GenrePredictor predictor, double? hopSeconds = null)
    {
        if (predictor.FrontEnd.ClipSeconds <= 0)
            throw new ArgumentException("This model scores whole tracks; streaming needs a model trained on clips (audio.clip_seconds > 0).", nameof(predictor));
        _predictor = predictor;
        _buffer = new float[predictor.FrontEnd.Windowing.ClipSamples];
        _hop = hopSeconds is { } seconds ? Math.Max(1, (int)Math.Round(seconds * predictor.FrontEnd.SampleRate)) : predictor.FrontEnd.Windowing.HopSamples;
        if (_hop > _buffer.Length) throw new ArgumentException("The hop must not exceed the window.", nameof(hopSeconds));
        _sum = new double[predictor.Labels.Count];
    }

    /// <summary>Windows scored so far.</summary>
    public int Windows => _windows;

    /// <summary>Running track probabilities: the mean over all windows scored so far (all zero before the first).</summary>
    public float[] Current => _sum.Select(s => _windows == 0 ? 0f : (float)(s / _windows)).ToArray();

    /// <summary>Adds samples; returns the predictions of the windows this chunk completed (often none).</summary>
    public IReadOnlyList<ClipPrediction> Push(ReadOnlySpan<float> samples)
    {
        var completed = new List<ClipPrediction>();
        int rate = _predictor.FrontEnd.SampleRate;
        while (!samples.IsEmpty)
        {
            int take = Math.Min(samples.Length, _buffer.Length - _filled);
            samples[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            samples = samples[take..];
            if (_filled < _buffer.Length) break;

            float[] probabilities = _predictor.ScoreWindow(_buffer);
            for (int c = 0; c < _sum.Length; c++) _sum[c] += probabilities[c];
            _windows++;
            completed.Add(new ClipPrediction((double)_consumed / rate, (double)(_consumed + _buffer.Length) / rate, probabilities));
            // Slide by one hop: keep the last window - hop samples.
            Array.Copy(_buffer, _hop, _buffer, 0, _buffer.Length - _hop);
            _filled = _buffer.Length - _hop;
            _consumed += _hop;
        }
        return completed;
    }
}

using System.Diagnostics;
using System.Globalization;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Dsp;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Features.Synthetic;

namespace MlNetGenre.Bench.FeatureBench;

/// <summary>
/// Extracts the seed001 vector (or kaggle-gtzan with --set kaggle-gtzan) from every track of shared/data/gtzan16k and
/// prints the mean time per track for each stage and the ratio to librosa's 0.15 s per track, first on one core
/// (sequential, process pinned to one CPU), then with all cores (tracks in parallel).
/// Options: --data DIR (shared/data), --passes N (timed passes after warming up on 60 tracks, default 3), --set NAME,
/// --threads N (parallel degree, default all cores), --synthetic N [--rate HZ] [--seconds S] (N generated tracks
/// instead of gtzan16k, default 22050 Hz and 30 s: librosa's rate, since the resampler is not in yet).
/// </summary>
public static class Program
{
    private const double LibrosaSecondsPerTrack = 0.15;

    /// <summary>--resample HZ: resample every track to this rate before extraction (the "resample" stage).</summary>
    private static int? ResampleTo;

    public static int Main(string[] args)
    {
        ResampleTo = Option(args, "--resample") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : null;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        string? data = Option(args, "--data") ?? Locate();
        int passes = int.Parse(Option(args, "--passes") ?? "3", CultureInfo.InvariantCulture);
        int threads = int.Parse(Option(args, "--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        string setName = Option(args, "--set") ?? "seed001";
        string[] tracks;
        string source;
        if (Option(args, "--synthetic") is { } syntheticCount)
        {
            // Tracks of the built-in synthetic generator written as 16-bit WAV files, so that the whole path
            // (decode included) runs as for real tracks, at any rate and without shared/data.
            int count = int.Parse(syntheticCount, CultureInfo.InvariantCulture);
            int rate = int.Parse(Option(args, "--rate") ?? "22050", CultureInfo.InvariantCulture);
            double seconds = double.Parse(Option(args, "--seconds") ?? "30", CultureInfo.InvariantCulture);
            string folder = Path.Combine(Path.GetTempPath(), $"featurebench-{Environment.ProcessId}");
            Directory.CreateDirectory(folder);
            tracks = new string[count];
            for (int i = 0; i < count; i++)
            {
                string genre = SyntheticGenres.Names[i % SyntheticGenres.Count];
                tracks[i] = Path.Combine(folder, $"{genre}.{i:D5}.wav");
                WavWriter.WriteMono16(tracks[i], SyntheticTrackGenerator.Render(genre, i, seconds, rate, seed: 1));
            }
            source = $"{count} synthetic {seconds:F0} s tracks written to {folder}";
        }
        else
        {
            if (data is null || !Directory.Exists(Path.Combine(data, "gtzan16k")))
            {
                Console.Error.WriteLine("shared/data/gtzan16k not found: pass --data <path to shared/data>, or --synthetic N.");
                return 2;
            }
            tracks = Directory.GetFiles(Path.Combine(data, "gtzan16k"), "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            source = $"{tracks.Length} tracks of {data}/gtzan16k";
        }
        int sampleRate = WavReader.Read(tracks[0]).SampleRate;
        Func<AudioSignal, StageTimings?, float[]> extract = setName switch
        {
            "seed001" => new Seed001FeatureSet(ResampleTo ?? sampleRate, new TrackSummaryOptions()).Extract,
            "kaggle-gtzan" => new KaggleGtzanFeatureSet(ResampleTo ?? sampleRate, new TrackSummaryOptions()).Extract,
            _ => throw new ArgumentException("--set must be seed001 or kaggle-gtzan"),
        };

        Console.WriteLine($"FeatureBench: set {setName}, {source} at their native {sampleRate} Hz, " +
            $"{passes} timed pass(es) after a warm-up of at least 60 tracks; {Environment.ProcessorCount} logical CPUs; .NET {Environment.Version}; " +
            $"Vector<float> {System.Numerics.Vector<float>.Count} lanes");
        Console.WriteLine("Reference: librosa 0.11 takes about 0.15 s per 30 s track for seed001 (one process, warm).");

        // One core: sequential, and the process pinned to CPU 0 so that nothing else (GC included) runs in parallel.
        IntPtr? allCpus = SetAffinity(1);
        // Warm-up: filterbank and FFT plan caches, and the JIT's tiers. A method reaches its optimised tier after 30
        // calls and a quiet 100 ms, and the per-track methods are called once per track: warm up with at least 60
        // tracks (cycling through the set), then pause, so the timed passes measure steady-state code.
        int warmUpPasses = Math.Max(1, (int)Math.Ceiling(60.0 / tracks.Length));
        Run(tracks, extract, warmUpPasses, 1, timed: true);
        Thread.Sleep(500);
        // Timed passes give the per-stage breakdown; untimed passes (no clock reads inside the analysis, as in real use)
        // give the headline figures.
        Result singleStages = Run(tracks, extract, passes, 1, timed: true);
        Result single = Run(tracks, extract, passes, 1, timed: false);
        if (allCpus is { } mask) SetAffinity(mask);
        Report(allCpus is null ? "one core (sequential)" : "one core (sequential, pinned to CPU 0)", singleStages, single, tracks.Length * passes);

        Run(tracks, extract, 1, threads, timed: false);
        Result parallelStages = Run(tracks, extract, passes, threads, timed: true);
        Result parallel = Run(tracks, extract, passes, threads, timed: false);
        Report($"all cores ({threads} tracks in parallel)", parallelStages, parallel, tracks.Length * passes);
        Console.WriteLine($"speed-up with {threads} threads: {single.WallSeconds / parallel.WallSeconds:F2}x");
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB");
        return 0;
    }

    /// <summary>
    /// Seconds summed over tracks; <see cref="Features"/> is everything after decoding and resampling, and
    /// <see cref="FeaturesPerPass"/> the same for each pass (the spread shows how noisy the machine was).
    /// </summary>
    private sealed record Result(double WallSeconds, double CpuSeconds, double Decode, double Resample, StageTimings Stages, double Features,
        double[] FeaturesPerPass);

    private static Result Run(string[] tracks, Func<AudioSignal, StageTimings?, float[]> extract, int passes, int threads, bool timed)
    {
        var total = new StageTimings();
        double decode = 0, resample = 0, assembly = 0;
        var gate = new object();
        long start = Stopwatch.GetTimestamp();
        TimeSpan cpuStart = CpuTime();
        var perPass = new double[passes];
        for (int pass = 0; pass < passes; pass++)
        {
            double before = assembly;
            Parallel.ForEach(tracks, new ParallelOptions { MaxDegreeOfParallelism = threads },
                () => (Stages: new StageTimings(), Decode: 0.0, Resample: 0.0, Total: 0.0),
                (path, _, local) =>
                {
                    long t0 = Stopwatch.GetTimestamp();
                    AudioSignal signal = WavReader.Read(path);
                    long t1 = Stopwatch.GetTimestamp();
                    // --resample HZ: librosa.load's step (soxr HQ in librosa, our band-limited resampler here).
                    if (ResampleTo is int target) signal = Resampler.Resample(signal, target);
                    long t2 = Stopwatch.GetTimestamp();
                    float[] vector = extract(signal, timed ? local.Stages : null);
                    long t3 = Stopwatch.GetTimestamp();
                    if (vector.Any(float.IsNaN)) throw new InvalidOperationException($"NaN in the features of {path}");
                    double f = Stopwatch.Frequency;
                    return (local.Stages, local.Decode + (t1 - t0) / f, local.Resample + (t2 - t1) / f, local.Total + (t3 - t2) / f);
                },
                local =>
                {
                    lock (gate)
                    {
                        total.Add(local.Stages);
                        decode += local.Decode;
                        resample += local.Resample;
                        assembly += local.Total;
                    }
                });
            perPass[pass] = assembly - before;
        }
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double cpu = (CpuTime() - cpuStart).TotalSeconds;
        return new Result(wall, cpu, decode, resample, total, assembly, perPass);
    }

    private static void Report(string title, Result timed, Result r, int items)
    {
        double ms(double seconds) => 1000.0 * seconds / items;
        StageTimings s = timed.Stages;
        Console.WriteLine();
        Console.WriteLine($"== {title}: mean per track (CPU time summed over threads / tracks) ==");
        Console.WriteLine("  stages (timed passes):");
        Console.WriteLine($"  decode      {ms(timed.Decode),8:F3} ms");
        Console.WriteLine($"  resample    {ms(timed.Resample),8:F3} ms  (band-limited, --resample HZ; 0 without it)");
        Console.WriteLine($"  stft        {ms(s.Stft),8:F3} ms  (frames, window, FFT, |X|, |X|^2; shared)");
        Console.WriteLine($"  spectral    {ms(s.Spectral),8:F3} ms  (centroid, bandwidth, roll-off)");
        Console.WriteLine($"  mel         {ms(s.Mel),8:F3} ms  (filterbank, power_to_db)");
        Console.WriteLine($"  mfcc        {ms(s.Mfcc),8:F3} ms  (DCT)");
        Console.WriteLine($"  chroma      {ms(s.Chroma),8:F3} ms  (tuning peaks, estimate, filterbank, norm)");
        Console.WriteLine($"  tempo       {ms(s.Tempo),8:F3} ms  (onset strength, tempogram, prior)");
        Console.WriteLine($"  zcr+rms     {ms(s.TimeDomain),8:F3} ms");
        if (s.Hpss > 1e-3 * items) Console.WriteLine($"  hpss        {ms(s.Hpss),8:F3} ms  (median filters, 2 ISTFTs)");
        Console.WriteLine($"  statistics  {ms(timed.Features - s.Total),8:F3} ms  (means, variances)");
        Console.WriteLine($"  features    {ms(timed.Features),8:F3} ms  (the stages after decode and resample, clock reads included)");
        Console.WriteLine("  totals (untimed passes: no clock reads inside the analysis):");
        double featuresPerTrack = r.Features / items;
        double perTrack = r.WallSeconds / items;
        int tracksPerPass = items / r.FeaturesPerPass.Length;
        double[] passes = r.FeaturesPerPass.Select(seconds => seconds / tracksPerPass).Order().ToArray();
        double median = BenchStatistics.Median(passes);
        Console.WriteLine($"  decode + resample {ms(r.Decode + r.Resample),8:F3} ms per track");
        Console.WriteLine($"  features alone    {1000 * featuresPerTrack,8:F3} ms per track = {LibrosaSecondsPerTrack / featuresPerTrack:F1}x librosa (mean of {passes.Length} passes)");
        Console.WriteLine($"  features alone    {1000 * median,8:F3} ms per track = {LibrosaSecondsPerTrack / median:F1}x librosa (median pass; " +
            $"passes {1000 * passes[0]:F3} to {1000 * passes[^1]:F3} ms = {LibrosaSecondsPerTrack / passes[^1]:F1}x to {LibrosaSecondsPerTrack / passes[0]:F1}x)");
        Console.WriteLine($"  process CPU       {1000 * r.CpuSeconds / items,8:F3} ms per track (all threads, JIT and GC included)");
        Console.WriteLine($"  wall              {1000 * perTrack,8:F3} ms per track = {1 / perTrack,7:F1} tracks/s; " +
            $"ratio to librosa's 0.15 s/track: {LibrosaSecondsPerTrack / perTrack:F1}x");
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Sets the process affinity mask where the platform supports it; returns the previous mask.</summary>
    private static IntPtr? SetAffinity(IntPtr mask)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows()) return null;
        using var process = Process.GetCurrentProcess();
        IntPtr previous = process.ProcessorAffinity;
        process.ProcessorAffinity = mask;
        return previous;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string? Locate()
    {
        for (DirectoryInfo? dir = new(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(Path.Combine(candidate, "gtzan16k"))) return candidate;
        }
        return null;
    }
}

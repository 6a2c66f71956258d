using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetGenre.Experiments.Export;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Experiments.Web;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Synthetic;
using MlNetGenre.Onnx;
using PuppeteerSharp;

// Real-time factor of audio-in models (issue 18): seconds of audio classified per second of compute, on one thread,
// in ONNX Runtime (.NET) and in onnxruntime-web (wasm) inside Debian's Chromium, for seed 000's CNN (513 x 128 STFT of
// 3 s clips) and logistic regression on MFCC statistics of 3 s clips. The input is a 30 s track (10 clips) and the
// whole audio-in graph runs (front end + model); the browser figure is the page's own timing of model.classify,
// WebAudio decoding excluded. Models are trained for one epoch on synthetic tracks: speed does not depend on weights.
// Run: dotnet run -c Release --project bench/AudioInBench
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
Console.WriteLine($"AudioInBench; {Environment.ProcessorCount} logical CPUs; .NET {Environment.Version}; ONNX Runtime {OrtEnv.Instance().GetVersionString()}");
string folder = Directory.CreateTempSubdirectory("audioinbench-").FullName;
try
{
    string spec = Path.Combine(folder, "bench.yaml");
    File.WriteAllText(spec, """
        name: audio-in-bench
        seed: 1
        dataset: {kind: synthetic, genres: 4, tracks_per_genre: 3, seconds: 30}
        audio: {sample_rate: 22050, clip_seconds: 3}
        features:
          - {name: stft, set: stft, params: {n_fft: 1024, hop_length: 512}}
          - {name: mfcc, set: mfcc, params: {n_mfcc: 20}}
        split: {test_fraction: 0.34}
        models:
          - {name: cnn, family: cnn, features: stft, train: {epochs: 1, batch_size: 32}, export: {audio_in: true}}
          - {name: logreg, family: logistic-regression, features: mfcc, export: {audio_in: true}}
        """);
    Console.WriteLine("training the two models (one epoch) ...");
    var run = new ExperimentRunner(new SilentLog()).Run(PlanReader.ReadFile(spec, outputRoot: Path.Combine(folder, "out")),
        new ExperimentRunner.Options(), CancellationToken.None);
    var track = SyntheticTrackGenerator.Render("rock", 1, 30, 22050, 3);
    string wav = Path.Combine(folder, "track.wav");
    WavWriter.WriteMono16(wav, track);
    track = WavReader.Read(wav); // the browser gets these exact samples
    double audioSeconds = track.DurationSeconds;

    var rows = new List<string>();
    foreach (string name in new[] { "cnn", "logreg" })
    {
        string model = Path.Combine(run.RunDirectory, "models", name + ".audio.onnx");
        var (dotnetSeconds, clips) = DotNetSeconds(model, track.Samples);
        double webSeconds = await BrowserSeconds(model, wav, chromium);
        rows.Add($"| {name} | {clips} | {1000 * dotnetSeconds:F0} ms | {audioSeconds / dotnetSeconds:F0}x | {1000 * webSeconds:F0} ms | {audioSeconds / webSeconds:F0}x | {webSeconds / dotnetSeconds:F2} |");
    }
    Console.WriteLine($"\n30 s track, one thread, median of the timed runs; 'x' = seconds of audio per second of compute (higher is faster)");
    Console.WriteLine("| model | clips | ORT .NET | real time | onnxruntime-web (Chromium) | real time | web / .NET |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    rows.ForEach(Console.WriteLine);
    Console.WriteLine($"peak RSS of the .NET process: {PeakRssMb():F0} MB (Chromium runs in its own processes)");
}
finally
{
    Directory.Delete(folder, recursive: true);
}
return 0;

// The whole track as one batch of clips through the audio-in graph, one intra-op thread.
static (double Seconds, int Clips) DotNetSeconds(string model, float[] samples)
{
    using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
    using var session = new InferenceSession(model, options);
    int clip = (int)session.InputMetadata[AudioInExport.AudioInput].Dimensions[1];
    int clips = samples.Length / clip;
    var input = new DenseTensor<float>(samples.AsMemory(0, clips * clip), [clips, clip]);
    double Once()
    {
        var clock = Stopwatch.StartNew();
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(AudioInExport.AudioInput, input)], [AudioInExport.TrackProbabilitiesOutput]);
        return clock.Elapsed.TotalSeconds;
    }
    Once();
    return (BenchStatistics.Median(Enumerable.Range(0, 15).Select(_ => Once())), clips);
}

// The page served with the model, ?threads=1; the WAV classified 15 times after a warm-up, by the page's own code.
static async Task<double> BrowserSeconds(string model, string wav, string chromium)
{
    await using var server = await WebPageServer.StartAsync(WebPageServer.DefaultRoot, IPAddress.Loopback, 0, File.ReadAllBytes(model));
    await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
    var page = await browser.NewPageAsync();
    await page.GoToAsync(new Uri(server.Address, "?threads=1").ToString());
    await page.WaitForFunctionAsync("() => ['ready', 'error'].includes(document.body.dataset.state)", new WaitForFunctionOptions { Timeout = 120_000 });
    string state = await page.EvaluateExpressionAsync<string>("document.body.dataset.state + ' ' + document.getElementById('error').textContent");
    if (!state.StartsWith("ready", StringComparison.Ordinal)) throw new InvalidOperationException($"the page could not load {model}: {state}");
    var seconds = await page.EvaluateFunctionAsync<double[]>("""
        async b64 => {
          const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
          const times = [];
          for (let i = 0; i < 16; i++) times.push((await mlnetgenre.classifyBytes(bytes.slice().buffer, 'track.wav')).inferenceSeconds);
          return times.slice(1);
        }
        """, Convert.ToBase64String(File.ReadAllBytes(wav)));
    return BenchStatistics.Median(seconds);
}

static double PeakRssMb() =>
    File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).FirstOrDefault();

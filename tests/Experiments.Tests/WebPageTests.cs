using System.Globalization;
using System.Text.Json;
using MlNetGenre.Features.Audio;
using MlNetGenre.Testing;
using PuppeteerSharp;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// A logistic regression on MFCC statistics of 3 s clips, trained on the 60 shared GTZAN tracks, exported with audio
/// in; one of those tracks resampled to 22.05 kHz by our resampler as a 16-bit WAV file; and the page served with that
/// model, in a Chromium whose fake microphone plays the WAV file.
/// </summary>
public sealed class WebPageFixture : IAsyncLifetime
{
    private readonly TinyExperiment _tiny = new();

    public string FeatureModel { get; private set; } = "";
    public string AudioModel { get; private set; } = "";
    public string Wav { get; private set; } = "";

    /// <summary>The same family on MFCC statistics of whole tracks (the quickstart's kind of model): input of any length.</summary>
    public string WholeTrackFeatureModel { get; private set; } = "";
    public string WholeTrackAudioModel { get; private set; } = "";
    internal BrowserSession? Browser { get; private set; }

    public async Task InitializeAsync()
    {
        if (WebPageFactAttribute.Reason is not null) return;
        (FeatureModel, AudioModel) = Train("web", "clip_seconds: 3, ");
        (WholeTrackFeatureModel, WholeTrackAudioModel) = Train("web-whole", "");
        Wav = Path.Combine(_tiny.Folder, "blues.00016.22050.wav");
        WavWriter.WriteMono16(Wav, Resampler.Resample(WavReader.Read(SharedData.PathOf("gtzan16k", "blues", "blues.00016.wav")), 22050));
        Browser = await BrowserSession.StartAsync(File.ReadAllBytes(AudioModel), Wav);
    }

    /// <summary>The logistic regression on MFCC statistics of the 60 tracks, with <paramref name="clipping"/>; its feature and audio-in models.</summary>
    private (string FeatureModel, string AudioModel) Train(string name, string clipping)
    {
        var run = _tiny.Run($"""
            name: {name}
            seed: 3
            dataset: {"{"}kind: folder, path: {SharedData.PathOf("gtzan16k")}{"}"}
            audio: {"{"}{clipping}sample_rate: 22050{"}"}
            features:
              - {"{"}name: mfcc20, set: mfcc, params: {"{"}n_mfcc: 20{"}"}{"}"}
            split: {"{"}test_fraction: 0.25{"}"}
            models:
              - {"{"}name: logreg, family: logistic-regression, features: mfcc20, params: {"{"}c: 1{"}"}, export: {"{"}audio_in: true{"}"}{"}"}
            """);
        return (Path.Combine(run.RunDirectory, "models", "logreg.onnx"), Path.Combine(run.RunDirectory, "models", "logreg.audio.onnx"));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _tiny.Dispose();
    }
}

/// <summary>A browser test: skipped, with the reason, without Chromium, the page's npm packages or ../shared/data.</summary>
public sealed class WebPageFactAttribute : FactAttribute
{
    public static string? Reason => BrowserSession.Unavailable ?? (SharedData.IsAvailable ? null : SharedData.SkipReason);

    public WebPageFactAttribute()
    {
        if (Reason is { } reason) Skip = reason;
    }
}

/// <summary>A test of the README's Python example: also skipped without python3 (numpy, python3-onnx) or Node.js.</summary>
public sealed class ReadmePythonFactAttribute : FactAttribute
{
    public static readonly string Python = "/usr/bin/python3";

    public ReadmePythonFactAttribute()
    {
        if (WebPageFactAttribute.Reason is { } reason) Skip = reason;
        else if (!Works(Python, "-c", "import numpy, onnx")) Skip = $"{Python} with numpy and onnx is not installed (apt-get install python3-onnx; .ci/run does this)";
        else if (!Works("node", "--version")) Skip = "Node.js is not installed (apt-get install nodejs npm)";
    }

    /// <summary>Whether <paramref name="program"/> runs and exits with 0 within 30 s.</summary>
    internal static bool Works(string program, params string[] arguments)
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(program, arguments)
                { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.WaitForExit(30_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>
/// The browser page (web/) classifies audio with the audio-in model entirely in Chromium (WebAudio decoding,
/// onnxruntime-web) and shows what <c>mlnetgenre predict</c> says of the same file.
/// </summary>
[Collection("Console")]
public sealed class WebPageTests(WebPageFixture fixture) : IClassFixture<WebPageFixture>
{
    private const int Timeout = 90_000;
    private readonly List<string> _console = [];

    private BrowserSession Browser => fixture.Browser!;

    /// <summary>`mlnetgenre predict --format json` on one file: its genre and probability per label.</summary>
    private static (string Genre, Dictionary<string, double> Probabilities, int Clips) Predict(string model, string file)
    {
        var (code, output, errors) = CliCapture.Run(["predict", model, file, "--format", "json"]);
        Assert.True(code == 0, errors);
        var result = JsonDocument.Parse(output).RootElement[0];
        return (result.GetProperty("genre").GetString()!,
            result.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()),
            result.GetProperty("clips").GetInt32());
    }

    /// <summary>The genre and probabilities the page displays (its table keeps each probability's full value in data-probability).</summary>
    private static async Task<(string Genre, Dictionary<string, double> Probabilities)> DisplayedAsync(IPage page)
    {
        string genre = await page.EvaluateExpressionAsync<string>("document.getElementById('top-genre').textContent");
        var rows = await page.EvaluateExpressionAsync<string[][]>(
            "[...document.querySelectorAll('#probabilities tbody tr')].map(r => [r.dataset.label, r.querySelector('[data-probability]').dataset.probability])");
        return (genre, rows.ToDictionary(r => r[0], r => double.Parse(r[1], CultureInfo.InvariantCulture)));
    }

    [WebPageFact]
    public async Task A_dropped_wav_file_is_classified_in_the_browser_as_mlnetgenre_predict_classifies_it()
    {
        var page = await Browser.OpenAsync(_console);
        Assert.Equal("ready", await BrowserSession.WaitForStateAsync(page, _console, Timeout, "ready"));
        Assert.Contains("logistic", await page.EvaluateExpressionAsync<string>("document.getElementById('model-info').textContent"));

        await (await page.QuerySelectorAsync("#audio-file"))!.UploadFileAsync(fixture.Wav);
        Assert.Equal("done", await BrowserSession.WaitForStateAsync(page, _console, Timeout, "done"));

        var (genre, probabilities) = await DisplayedAsync(page);
        var expected = Predict(fixture.FeatureModel, fixture.Wav);
        Assert.Equal(expected.Genre, genre);
        Assert.Equal(expected.Probabilities.Keys.Order(), probabilities.Keys.Order());
        // The issue asks for 1e-3; the browser's WebAudio decoding, in-graph front end and wasm kernels stay within 1e-4.
        foreach (var (label, p) in expected.Probabilities)
            Assert.True(Math.Abs(p - probabilities[label]) <= 1e-4, $"{label}: predict {p:F7}, browser {probabilities[label]:F7}");
        Assert.True(Math.Abs(probabilities.Values.Sum() - 1) < 1e-5, $"probabilities sum to {probabilities.Values.Sum()}");
        Assert.Equal(expected.Clips, await page.EvaluateExpressionAsync<int>("mlnetgenre.lastResult.clips.length"));
        Assert.Equal(expected.Clips, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#timeline .scatterlayer .trace').length > 0 ? mlnetgenre.lastResult.clips.length : -1"));
    }

    [WebPageFact]
    public async Task A_whole_track_model_opened_from_a_file_classifies_a_wav_file_as_predict_does()
    {
        var page = await Browser.OpenAsync(_console);
        await BrowserSession.WaitForStateAsync(page, _console, Timeout, "ready");
        await (await page.QuerySelectorAsync("#model-file"))!.UploadFileAsync(fixture.WholeTrackAudioModel);
        await page.WaitForFunctionAsync("() => document.getElementById('model-info').textContent.includes('whole track') || document.body.dataset.state === 'error'",
            new WaitForFunctionOptions { Timeout = Timeout });
        Assert.Equal("ready", await page.EvaluateExpressionAsync<string>("document.body.dataset.state"));

        await (await page.QuerySelectorAsync("#audio-file"))!.UploadFileAsync(fixture.Wav);
        Assert.Equal("done", await BrowserSession.WaitForStateAsync(page, _console, Timeout, "done"));
        var (genre, probabilities) = await DisplayedAsync(page);
        var expected = Predict(fixture.WholeTrackFeatureModel, fixture.Wav);
        Assert.Equal(1, expected.Clips);
        Assert.Equal(expected.Genre, genre);
        foreach (var (label, p) in expected.Probabilities)
            Assert.True(Math.Abs(p - probabilities[label]) <= 1e-4, $"{label}: predict {p:F7}, browser {probabilities[label]:F7}");
        Assert.Equal(1, await page.EvaluateExpressionAsync<int>("mlnetgenre.lastResult.clips.length"));
    }

    [WebPageFact]
    public async Task The_microphone_is_classified_live_clip_by_clip()
    {
        var page = await Browser.OpenAsync(_console);
        await BrowserSession.WaitForStateAsync(page, _console, Timeout, "ready");
        await page.ClickAsync("#listen");
        // The fake device plays the WAV in real time: the first 3 s clip is scored after 3 s, the next 3 s later.
        await page.WaitForFunctionAsync("() => (mlnetgenre.lastResult?.clips.length ?? 0) >= 2 || document.body.dataset.state === 'error'",
            new WaitForFunctionOptions { Timeout = Timeout });
        await page.ClickAsync("#listen");
        Assert.Equal("done", await BrowserSession.WaitForStateAsync(page, _console, Timeout, "done"));

        var (genre, probabilities) = await DisplayedAsync(page);
        Assert.True(Math.Abs(probabilities.Values.Sum() - 1) < 1e-4, $"probabilities sum to {probabilities.Values.Sum()}");
        Assert.Equal(probabilities.MaxBy(p => p.Value).Key, genre);
        var clipStarts = await page.EvaluateExpressionAsync<double[]>("mlnetgenre.lastResult.clips.map(c => c.from)");
        Assert.True(clipStarts.Length >= 2);
        Assert.Equal(clipStarts.Select((_, i) => 3.0 * i), clipStarts, (a, b) => Math.Abs(a - b) < 1e-9);
        // The microphone hears the same recording (through the browser's audio path): the same genre as predict.
        Assert.Equal(Predict(fixture.FeatureModel, fixture.Wav).Genre, genre);
    }

    /// <summary>The first fenced block of <paramref name="language"/> after the README heading <paramref name="heading"/>.</summary>
    private static string ReadmeCode(string heading, string language)
    {
        string readme = File.ReadAllText(Path.Combine(ShippedExperimentsTests.RepositoryRoot(), "README.md"));
        int at = readme.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"README has no heading '{heading}'");
        int start = readme.IndexOf("```" + language + "\n", at, StringComparison.Ordinal) + language.Length + 4;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static void AssertSameAsPredict((string Genre, Dictionary<string, double> Probabilities, int Clips) expected, string genre,
        IReadOnlyList<double> probabilities, double tolerance)
    {
        Assert.Equal(expected.Genre, genre);
        Assert.Equal(expected.Probabilities.Count, probabilities.Count);
        foreach (var ((label, p), actual) in expected.Probabilities.Zip(probabilities))
            Assert.True(Math.Abs(p - actual) <= tolerance, $"{label}: predict {p:F7}, example {actual:F7}");
    }

    [WebPageFact]
    public async Task The_readme_javascript_example_gives_predicts_genre_and_probabilities_in_chromium()
    {
        string code = ReadmeCode("### JavaScript (onnxruntime-web, in a browser)", "js")
            .Replace("'onnxruntime-web'", "'/node_modules/onnxruntime-web/dist/ort.wasm.min.mjs'")
            .Replace("'logreg.audio.onnx'", "'/model.onnx'")
            .Replace("fetch('song.wav')", "fetch(window.songUrl)");
        var page = await Browser.OpenAsync(_console);
        await BrowserSession.WaitForStateAsync(page, _console, Timeout, "ready");
        await page.EvaluateFunctionAsync(
            "b64 => { window.songUrl = URL.createObjectURL(new Blob([Uint8Array.from(atob(b64), c => c.charCodeAt(0))], { type: 'audio/wav' })); }",
            Convert.ToBase64String(File.ReadAllBytes(fixture.Wav)));
        // The example as written, with its console.log captured (a module-scoped console shadows the global one).
        await page.AddScriptTagAsync(new AddTagOptions
        {
            Type = "module",
            Content = "const console = { log: (...args) => { window.exampleOutput = JSON.stringify(args.map(a => ArrayBuffer.isView(a) ? Array.from(a) : a)); } };\n" + code,
        });
        try
        {
            await page.WaitForFunctionAsync("() => window.exampleOutput !== undefined", new WaitForFunctionOptions { Timeout = Timeout });
        }
        catch (WaitTaskTimeoutException)
        {
            Assert.Fail("the example printed nothing; console:\n" + string.Join("\n", _console));
        }
        var output = JsonDocument.Parse(await page.EvaluateExpressionAsync<string>("window.exampleOutput")).RootElement;
        AssertSameAsPredict(Predict(fixture.FeatureModel, fixture.Wav), output[0].GetString()!,
            output[1].EnumerateArray().Select(p => p.GetDouble()).ToList(), 1e-4);
    }

    [ReadmePythonFact]
    public void The_readme_python_example_gives_predicts_genre_and_probabilities()
    {
        string script = Path.Combine(Path.GetDirectoryName(fixture.Wav)!, "example.py");
        File.WriteAllText(script, ReadmeCode("### Python (onnxruntime)", "python")
            .Replace("\"logreg.audio.onnx\"", JsonSerializer.Serialize(fixture.AudioModel))
            .Replace("\"song.wav\"", JsonSerializer.Serialize(fixture.Wav)));
        var start = new System.Diagnostics.ProcessStartInfo(ReadmePythonFactAttribute.Python, [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PYTHONPATH"] = Path.Combine(AppContext.BaseDirectory, "OrtShim");
        start.Environment["ORT_WEB_NODE"] = OnnxRuntimeWebTests.OrtWebNode;
        using var python = System.Diagnostics.Process.Start(start)!;
        var stderr = python.StandardError.ReadToEndAsync();
        string stdout = python.StandardOutput.ReadToEnd();
        Assert.True(python.WaitForExit(120_000) && python.ExitCode == 0, $"the example failed: {stdout}\n{stderr.Result}");
        // It prints: "<genre> {'blues': 0.876, ...}" with probabilities rounded to 3 decimals.
        var match = System.Text.RegularExpressions.Regex.Match(stdout.Trim(), @"^(\S+) \{(.*)\}$");
        Assert.True(match.Success, $"unexpected output: {stdout}");
        var probabilities = System.Text.RegularExpressions.Regex.Matches(match.Groups[2].Value, @"'[^']+': (?:np\.float32\()?([-0-9.e]+)")
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        AssertSameAsPredict(Predict(fixture.FeatureModel, fixture.Wav), match.Groups[1].Value, probabilities, 5e-4 + 1e-4);
    }

    [WebPageFact]
    public async Task Serve_offers_the_page_and_the_audio_in_version_of_a_features_model_and_stops_on_sigterm()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "mlnetgenre.dll"), "serve", "--port", "0", "--model", fixture.FeatureModel })
            start.ArgumentList.Add(a);
        using var serve = System.Diagnostics.Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(60_000);
            string? url = null;
            while (url is null && await serve.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                url = System.Text.RegularExpressions.Regex.Match(line, @"http://127\.0\.0\.1:\d+/") is { Success: true } m ? m.Value : null;
            if (url is null) Assert.Fail("serve printed no loopback address: " + await serve.StandardError.ReadToEndAsync()); // it has exited then

            using var http = new HttpClient();
            var page = await http.GetAsync(url);
            Assert.Contains("<title>MlNetGenre", await page.Content.ReadAsStringAsync());
            Assert.Equal("same-origin", page.Headers.GetValues("Cross-Origin-Opener-Policy").Single()); // lets onnxruntime-web use threads
            var wasm = await http.GetAsync(url + "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm");
            Assert.Equal("application/wasm", wasm.Content.Headers.ContentType?.MediaType);
            var model = Onnx.Proto.ModelProto.Parser.ParseFrom(await http.GetByteArrayAsync(url + "model.onnx"));
            Assert.Contains(model.MetadataProps, p => p.Key == Export.AudioInExport.AudioInputKey); // built in memory from the features model
            Assert.Equal(Export.AudioInExport.AudioInput, model.Graph.Input.Single().Name);

            System.Diagnostics.Process.Start("kill", ["-TERM", serve.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.True(serve.WaitForExit(20_000), "serve did not stop on SIGTERM");
            Assert.Equal(0, serve.ExitCode);
        }
        finally
        {
            if (!serve.HasExited) serve.Kill(entireProcessTree: true);
        }
    }

    [WebPageFact]
    public void Serve_on_a_port_in_use_says_so_and_how_to_choose_another()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var (code, output, _) = CliCapture.Run(["serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--model", fixture.AudioModel]);
        Assert.Equal(1, code);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", output);
        Assert.Contains("--port 0", output);
    }

    [WebPageFact]
    public async Task A_features_in_model_opened_on_the_page_is_refused_with_the_export_command()
    {
        var page = await Browser.OpenAsync(_console);
        await BrowserSession.WaitForStateAsync(page, _console, Timeout, "ready");
        await (await page.QuerySelectorAsync("#model-file"))!.UploadFileAsync(fixture.FeatureModel);
        Assert.Equal("error", await BrowserSession.WaitForStateAsync(page, _console, Timeout, "ready"));
        string error = await page.EvaluateExpressionAsync<string>("document.getElementById('error').textContent");
        Assert.Contains("takes features, not audio", error);
        Assert.Contains("--audio-in", error);
    }
}

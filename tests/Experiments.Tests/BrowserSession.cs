using System.Net;
using MlNetGenre.Experiments.Web;
using PuppeteerSharp;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// The web page served by <see cref="WebPageServer"/> and driven in Debian's headless Chromium by PuppeteerSharp (no
/// browser download). The microphone is Chromium's fake capture device playing <c>microphoneWav</c> in a loop.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly WebPageServer _server;
    private readonly IBrowser _browser;

    private BrowserSession(WebPageServer server, IBrowser browser)
    {
        _server = server;
        _browser = browser;
    }

    public Uri Address => _server.Address;

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        Chromium.Executable is null ? Chromium.SkipReason : WebPageServer.Problem(WebPageServer.DefaultRoot);

    public static async Task<BrowserSession> StartAsync(byte[]? model, string microphoneWav)
    {
        var server = await WebPageServer.StartAsync(WebPageServer.DefaultRoot, IPAddress.Loopback, 0, model);
        try
        {
            var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = Chromium.Executable,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--autoplay-policy=no-user-gesture-required",
                    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-audio-capture={microphoneWav}",
                ],
            });
            return new BrowserSession(server, browser);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new tab on the page (with an optional query), its console collected into <paramref name="console"/>.</summary>
    public async Task<IPage> OpenAsync(List<string> console, string query = "")
    {
        var page = await _browser.NewPageAsync();
        page.Console += (_, e) => { lock (console) console.Add($"{e.Message.Type}: {e.Message.Text}"); };
        page.PageError += (_, e) => { lock (console) console.Add($"page error: {e.Message}"); };
        await page.GoToAsync(new Uri(Address, query).ToString());
        return page;
    }

    /// <summary>Waits until the page's <c>body[data-state]</c> is one of <paramref name="states"/> (or error), and returns it.</summary>
    public static async Task<string> WaitForStateAsync(IPage page, List<string> console, int timeoutMs, params string[] states)
    {
        string wanted = string.Join(",", states.Append("error").Select(s => $"'{s}'"));
        try
        {
            await page.WaitForFunctionAsync($"() => [{wanted}].includes(document.body.dataset.state)", new WaitForFunctionOptions { Timeout = timeoutMs });
        }
        catch (WaitTaskTimeoutException)
        {
            string now = await page.EvaluateExpressionAsync<string>("document.body.dataset.state + ': ' + document.getElementById('status').textContent");
            throw new TimeoutException($"the page did not reach {string.Join(" or ", states)} in {timeoutMs} ms (it is {now}); console:\n{string.Join("\n", console)}");
        }
        return await page.EvaluateExpressionAsync<string>("document.body.dataset.state");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _server.DisposeAsync();
    }
}

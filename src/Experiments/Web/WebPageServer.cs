using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace MlNetGenre.Experiments.Web;

/// <summary>
/// Serves the static page of <c>web/</c> (the browser classifier) with Kestrel, and optionally one model as
/// <c>/model.onnx</c>, which the page loads as its default. The page does all the work in the browser; the server
/// only hands out files. It sends the cross-origin isolation headers so ONNX Runtime Web may use threads.
/// </summary>
public sealed class WebPageServer : IAsyncDisposable
{
    public const string ModelPath = "/model.onnx";

    /// <summary>The files the page cannot work without, relative to its folder (the vendor files come from npm ci in web/).</summary>
    public static readonly IReadOnlyList<string> RequiredFiles =
    [
        "index.html", "app.js", "genre-model.js", "onnx-metadata.js", "audio-input.js", "capture-worklet.js", "style.css",
        "node_modules/onnxruntime-web/dist/ort.wasm.min.mjs",
        "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs",
        "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm",
        "node_modules/plotly.js-dist-min/plotly.min.js",
    ];

    private readonly WebApplication _app;

    private WebPageServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where the page is served, e.g. http://127.0.0.1:8080/.</summary>
    public Uri Address { get; }

    /// <summary>The page's folder beside the program (the build copies web/ there).</summary>
    public static string DefaultRoot => Path.Combine(AppContext.BaseDirectory, "web");

    /// <summary>Why the page in <paramref name="root"/> cannot be served, or null when it can.</summary>
    public static string? Problem(string root)
    {
        var missing = RequiredFiles.Where(f => !File.Exists(Path.Combine(root, f))).ToList();
        if (missing.Count == 0) return null;
        return missing.Any(f => f.StartsWith("node_modules/", StringComparison.Ordinal))
            ? $"the web page's packages are missing from {root} ({string.Join(", ", missing)}): install Node.js and npm, then rebuild (the build runs `npm ci` in web/), or run `npm ci` in web/ yourself"
            : $"the web page is incomplete in {root} (missing {string.Join(", ", missing)}); rebuild MlNetGenre";
    }

    /// <summary>Starts serving <paramref name="root"/> on <paramref name="address"/>:<paramref name="port"/> (0 = any free port).</summary>
    public static async Task<WebPageServer> StartAsync(string root, IPAddress address, int port, byte[]? model, CancellationToken cancellation = default)
    {
        if (Problem(root) is { } problem) throw new FileNotFoundException(problem);
        root = Path.GetFullPath(root);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root, WebRootPath = root });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(address, port));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            // Cross-origin isolation lets ONNX Runtime Web run threads (SharedArrayBuffer); every file is same-origin.
            context.Response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";
            context.Response.Headers["Cross-Origin-Embedder-Policy"] = "require-corp";
            context.Response.Headers.CacheControl = "no-cache";
            await next(context);
        });
        if (model is not null)
            app.MapGet(ModelPath, () => Results.Bytes(model, "application/octet-stream", "model.onnx"));
        var files = new PhysicalFileProvider(root);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";
        types.Mappings[".wasm"] = "application/wasm";
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types });
        try
        {
            await app.StartAsync(cancellation);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync();
            throw new ArgumentException($"cannot listen on {address}:{port} ({e.Message}); choose another port with --port, or --port 0 for any free one", e);
        }
        string bound = app.Services.GetService(typeof(IServer)) is IServer server && server.Features.Get<IServerAddressesFeature>() is { } addresses
            ? addresses.Addresses.First()
            : $"http://{address}:{port}";
        return new WebPageServer(app, new Uri(bound.Replace("[::1]", "localhost", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

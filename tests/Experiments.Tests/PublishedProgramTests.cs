using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// The installed program (README: `dotnet publish`): self-contained, precompiled as one composite image with the
/// framework, and complete enough to run the quickstart with every model family, TorchSharp's included (publishing
/// copies libLibTorchSharp.so from the package again, so it needs the same GLIBCXX fix as the build output).
/// </summary>
public sealed class PublishedProgramTests
{
    [Fact]
    public void The_published_program_is_precompiled_and_runs_the_quickstart_with_every_model()
    {
        string root = ShippedExperimentsTests.RepositoryRoot();
        string work = Directory.CreateTempSubdirectory("mlnetgenre-publish-").FullName;
        try
        {
            string published = Path.Combine(work, "published");
            Run("dotnet", root, null, "publish", "-c", "Release", Path.Combine(root, "src", "Experiments"), "-o", published, "--disable-build-servers");

            using (var pe = new PEReader(File.OpenRead(Path.Combine(published, "MlNetGenre.Features.dll"))))
                Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "MlNetGenre.Features.dll is not ReadyToRun code");
            // Self-contained, with one composite image holding the framework's code and ours (generic instantiations
            // over framework types precompiled too).
            Assert.True(File.Exists(Path.Combine(published, "libcoreclr.so")), "the published program does not carry its runtime");
            Assert.True(new FileInfo(Path.Combine(published, "mlnetgenre.r2r.dll")) is { Exists: true, Length: > 10_000_000 }, "no composite ReadyToRun image");
            using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(published, "mlnetgenre.runtimeconfig.json"))))
            {
                var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
                Assert.False(properties.GetProperty("System.Runtime.TieredCompilation.QuickJitForLoops").GetBoolean());
                Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
            }

            // Exit code 0 only when every trial (logistic regression, kNN, forest, TorchSharp MLP) succeeded.
            string cache = Path.Combine(work, "cache");
            string output = Run(Path.Combine(published, "mlnetgenre"), root, cache, "run", Path.Combine("experiments", "quickstart.yaml"), "--output", Path.Combine(work, "runs"));
            Assert.Contains("mlp", output);
            Assert.Single(Directory.GetFiles(Path.Combine(work, "runs"), "report.html", SearchOption.AllDirectories));
            // The run recorded its multi-core JIT profile in the cache folder, for the next run of the command.
            var profile = Assert.Single(Directory.GetFiles(Path.Combine(cache, "mlnetgenre", "jit"), "*.jitprofile", SearchOption.AllDirectories));
            Assert.Equal("run.jitprofile", Path.GetFileName(profile));
            Assert.True(new FileInfo(profile).Length > 0);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <param name="cache">The program's XDG cache folder (null: the caller's).</param>
    private static string Run(string program, string directory, string? cache, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory };
        if (cache is not null) start.Environment["XDG_CACHE_HOME"] = cache;
        foreach (string a in arguments) start.ArgumentList.Add(a);
        return CliProcess.RunToEnd(start);
    }
}

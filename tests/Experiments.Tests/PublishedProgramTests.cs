using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// The installed program (README: `dotnet publish`): precompiled, and complete enough to run the quickstart with
/// every model family, TorchSharp's included (publishing copies libLibTorchSharp.so from the package again, so it
/// needs the same GLIBCXX fix as the build output).
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
            Run("dotnet", root, "publish", "-c", "Release", Path.Combine(root, "src", "Experiments"), "-o", published, "--disable-build-servers");

            using (var pe = new PEReader(File.OpenRead(Path.Combine(published, "MlNetGenre.Features.dll"))))
                Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "MlNetGenre.Features.dll is not ReadyToRun code");
            using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(published, "mlnetgenre.runtimeconfig.json"))))
                Assert.False(config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties")
                    .GetProperty("System.Runtime.TieredCompilation.QuickJitForLoops").GetBoolean());

            // Exit code 0 only when every trial (logistic regression, kNN, forest, TorchSharp MLP) succeeded.
            string output = Run(Path.Combine(published, "mlnetgenre"), root, "run", Path.Combine("experiments", "quickstart.yaml"), "--output", Path.Combine(work, "runs"));
            Assert.Contains("mlp", output);
            Assert.Single(Directory.GetFiles(Path.Combine(work, "runs"), "report.html", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Run(string program, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        return CliProcess.RunToEnd(start);
    }
}

using System.Text.Json;

namespace MlNetGenre.Experiments.Tests;

/// <summary>What <c>predict</c> finds in folders: every audio file once, whatever links point where.</summary>
[Collection("Console")]
public class PredictInputsTests(TrainedClipModel trained) : IClassFixture<TrainedClipModel>
{
    [Fact]
    public void Link_loops_and_repeated_links_are_searched_once()
    {
        string root = Path.Combine(trained.Folder, "inputs-" + Guid.NewGuid().ToString("N"));
        string inner = Path.Combine(root, "inner");
        Directory.CreateDirectory(inner);
        var sources = Directory.GetFiles(Path.Combine(trained.Data, "blues")).Order().Take(2).ToArray();
        File.Copy(sources[0], Path.Combine(root, "a.wav"));
        File.Copy(sources[1], Path.Combine(inner, "b.wav"));
        Directory.CreateSymbolicLink(Path.Combine(inner, "up"), root);            // a loop back to the top
        Directory.CreateSymbolicLink(Path.Combine(root, "again"), inner);         // a second way into inner
        Directory.CreateSymbolicLink(Path.Combine(root, "self"), ".");            // a loop onto itself
        Directory.CreateSymbolicLink(Path.Combine(root, "gone"), Path.Combine(root, "missing")); // dangling
        File.CreateSymbolicLink(Path.Combine(root, "c.wav"), sources[1]);         // a linked file is still a file

        var (code, output, errors) = CliCapture.Run(["predict", trained.Model, root, "--format", "json"]);
        Assert.True(code == 0, output + errors);
        var files = JsonDocument.Parse(output).RootElement.EnumerateArray().Select(e => Path.GetRelativePath(root, e.GetProperty("file").GetString()!)).ToArray();
        Assert.Equal(3, files.Length);
        Assert.Contains("a.wav", files);
        Assert.Contains("c.wav", files);
        Assert.Single(files, f => Path.GetFileName(f) == "b.wav");
    }
}

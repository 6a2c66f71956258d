using TorchSharp;

namespace MlNetGenre.DeepModels.Tests;

public class TorchSharpLoadsTests
{
    [Fact]
    public void A_tensor_op_runs_on_this_machine()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = torch.matmul(a, a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());
    }
}

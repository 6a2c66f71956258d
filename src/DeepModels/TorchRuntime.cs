using System.Runtime.InteropServices;
using TorchSharp;

namespace MlNetGenre.DeepModels;

/// <summary>
/// Puts libtorch on its safe and fast paths once per process, before any tensor exists. Every entry point
/// of this project that touches TorchSharp calls <see cref="Initialize"/> first.
/// <list type="bullet">
/// <item><b>oneDNN only where it is right.</b> The oneDNN 3.7.1 inside libtorch 2.10 computes wrong results on this
/// project's AMD EPYC Zen 4 and Zen 5 VMs (AVX2 and AVX-512 kernels alike): the gradient of a convolution with respect to
/// its input is wrong (relative error ~1) whenever the channel count is not a multiple of the kernel's channel block (8
/// or 16), deterministically with one thread and with intermittent NaN with two; the forward output is NaN or 20-60% off
/// at 24 input channels; and LSTM inference (no_grad) is wrong for hidden sizes 8 and 16. On an Intel Xeon VM the same
/// oneDNN is right, and mostly faster than ATen's own kernels (ModelBench: training 1.3x-1.9x for six of the ten deep
/// families, seed 000's CNN within noise at one thread and 1.2-1.3x at two; inference 1.5x-6.5x per clip).
/// So oneDNN starts off (<c>at::globalContext().setUserEnabledMkldnn</c>, which TorchSharp does not wrap) and is
/// switched on only when <see cref="OneDnnProbe"/> (~0.06 s) finds it float64-accurate on those shapes on this CPU, unless
/// <c>MLNETGENRE_ONEDNN=off</c> asks for ATen's kernels everywhere (the same kernels, and rounding, on every CPU).
/// Where that probe fails, <see cref="KernelsFor"/> still gives oneDNN to each network whose own convolutions it gets right
/// (on the AMD VMs every layer of seed 000's and seed 001's CNNs: 2-3x faster training than ATen's kernels there).
/// TorchNumericsTests pin each fault against a float64 reference on whichever path is active.</item>
/// <item><b>Large blocks stay mapped.</b> glibc returns every block above 32 MB to the kernel on free, so each
/// training step page-faulted its large activations afresh (the seed-000 CNN's first conv output is 268 MB at
/// batch 32): in this VM that made batch 32 eight times slower per clip than batch 1. glibc's
/// <c>M_MMAP_MAX = 0</c> / <c>M_TRIM_THRESHOLD</c> keep freed blocks of the main arena for reuse.
/// The trim threshold is unlimited (-1, i.e. SIZE_MAX): with the largest int, 2 GB, seed 001's CNN at batch 32 (several GB
/// of activations) still had the heap's top trimmed and page-faulted back on every call (158 vs 111 ms per clip);
/// <see cref="ReturnFreedMemory"/> gives the kept memory back once a fit is done.
/// <c>M_ARENA_MAX = 1</c> (unless <c>MALLOC_ARENA_MAX</c> is set) makes libtorch's worker threads use that one arena
/// too: with an arena per thread each kept its own freed blocks, and a SongNet epoch (batch 64) peaked at 3.1-3.4 GB
/// where one arena holds it at 2.1 GB, no slower. Transparent huge pages for libtorch's blocks (c10's
/// <c>THP_MEM_ALLOC_ENABLE</c>) are left to the user: on an Intel Xeon VM they cost 7-9 s of kernel time in the first
/// epoch of seed 000's CNN (zeroing fresh 2 MB pages) and made later epochs no faster (design notes, item 2).</item>
/// <item><b>NNPACK off</b> (<c>torch.backends.nnpack</c>): see <see cref="NnpackEnabled"/>.</item>
/// </list>
/// </summary>
public static class TorchRuntime
{
    private const int MallocTrimThreshold = -1, MallocMmapMax = -4, MallocArenaMax = -8; // mallopt parameters from glibc's malloc.h
    private static readonly Lock Gate = new();
    private static bool _initialized;
    private static IntPtr _torchCpu;
    private static bool _checkEachNetwork; // the fixed-shape probe failed: oneDNN only for networks it is right for
    private static readonly object NetworkGate = new(); // the oneDNN switch is process-wide: one network's kernels at a time
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Networks.Network, Dictionary<string, (bool OneDnn, string Description)>> NetworkDecisions = new();

    /// <summary>Configures the process once; later calls return at once.</summary>
    public static void Initialize()
    {
        if (Volatile.Read(ref _initialized)) return;
        lock (Gate)
        {
            if (_initialized) return;
            if (OperatingSystem.IsLinux())
            {
                Libc.mallopt(MallocMmapMax, 0);
                Libc.mallopt(MallocTrimThreshold, -1); // glibc reads the int as a size_t: never trim
                if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null) Libc.mallopt(MallocArenaMax, 1);
            }
            using (torch.zeros(1)) { } // loads libtorch through TorchSharp
            _torchCpu = NativeLibrary.Load(OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so",
                typeof(torch).Assembly, DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories);
            SetOneDnn(false);
            if (OneDnnEnabled)
                throw new InvalidOperationException("could not switch off oneDNN in libtorch; its convolution gradients are wrong on some CPUs, so TorchSharp training is refused");
            SetContextFlag("_ZN2at7Context20setUserEnabledNNPACKEb", false);
            OneDnnChoice = ChooseOneDnn(Environment.GetEnvironmentVariable(OneDnnVariable));
            _checkEachNetwork = !OneDnnEnabled && Environment.GetEnvironmentVariable(OneDnnVariable) is null or "";
            Volatile.Write(ref _initialized, true);
        }
    }

    /// <summary>
    /// Returns the freed memory glibc kept for libtorch (see the class notes) to the system: call it when a fit or a long
    /// stretch of inference is over, not between its steps.
    /// </summary>
    public static void ReturnFreedMemory()
    {
        if (OperatingSystem.IsLinux() && Volatile.Read(ref _initialized)) Libc.malloc_trim(0);
    }

    /// <summary>Whether ATen dispatches to oneDNN (mkldnn) kernels: after <see cref="Initialize"/>, only where <see cref="OneDnnProbe"/> passed.</summary>
    public static bool OneDnnEnabled => ContextFlag("_ZNK2at7Context17userEnabledMkldnnEv");

    /// <summary>Set to <c>off</c> to keep oneDNN off even where its probe passes.</summary>
    public const string OneDnnVariable = "MLNETGENRE_ONEDNN";

    /// <summary>Which convolution kernels this process uses and why ("oneDNN (probe passed)", "ATen: oneDNN wrong on this CPU (...)"); null before <see cref="Initialize"/>.</summary>
    public static string? OneDnnChoice { get; private set; }

    /// <summary>Switches oneDNN on where it is wanted and its probe passes; returns the choice in words.</summary>
    internal static string ChooseOneDnn(string? setting)
    {
        if (setting is "off") return $"ATen ({OneDnnVariable}=off)";
        if (!string.IsNullOrEmpty(setting))
            throw new ArgumentException($"{OneDnnVariable}={setting}: the only value is 'off' (ATen's kernels on every CPU); unset it to use oneDNN where its probe passes");
        SetOneDnn(true);
        if (OneDnnProbe.FirstFault() is not { } fault) return "oneDNN (probe passed)";
        SetOneDnn(false);
        return $"ATen: oneDNN wrong on this CPU ({fault})";
    }

    /// <summary>
    /// Switches to the kernels <paramref name="network"/> may use for items of <paramref name="itemShape"/> at
    /// <paramref name="threads"/> threads (for training: forward and gradients; otherwise forward only) until the returned
    /// scope is disposed; other threads' networks wait for it. Where oneDNN is on for the whole process (its probe passed)
    /// or off by <c>MLNETGENRE_ONEDNN=off</c>, nothing changes. Where the fixed-shape probe failed, oneDNN is switched on
    /// for this network if <see cref="OneDnnNetworkProbe"/> finds every convolution it calls right at its own shapes (once
    /// per process, shape and thread count: ~1 s for seed 000's CNN, ~8 s for seed 001's at one and two threads) and it has
    /// no LSTM (oneDNN's LSTM inference was wrong on those CPUs; GRUs never run on oneDNN).
    /// </summary>
    public static NetworkKernels KernelsFor(Networks.Network network, IReadOnlyList<int> itemShape, int threads, bool training)
    {
        Initialize();
        if (!_checkEachNetwork) return new NetworkKernels(OneDnnChoice!, switchedOn: false, holdsGate: false); // nothing to switch, nothing to wait for
        System.Threading.Monitor.Enter(NetworkGate);
        try
        {
            if (network.parameters().FirstOrDefault() is { } parameter && parameter.device.type != TorchSharp.DeviceType.CPU)
                return new NetworkKernels("not the CPU: oneDNN does not apply", switchedOn: false, holdsGate: true);
            if (network.modules().Any(m => m is TorchSharp.Modules.LSTM))
                return new NetworkKernels($"{OneDnnChoice}; the network has an LSTM", switchedOn: false, holdsGate: true);
            var decisions = NetworkDecisions.GetOrCreateValue(network);
            string use = $"{string.Join("x", itemShape)} {threads} {training}";
            if (!decisions.TryGetValue(use, out var decision)) decisions[use] = decision = Decide(network, itemShape, threads, training);
            if (decision.OneDnn) SetOneDnn(true);
            return new NetworkKernels(decision.Description, decision.OneDnn, holdsGate: true);
        }
        catch
        {
            SetOneDnn(false);
            System.Threading.Monitor.Exit(NetworkGate);
            throw;
        }
    }

    /// <summary>Probes the network's convolution calls (<see cref="OneDnnNetworkProbe"/>, which checks each call once per process).</summary>
    private static (bool OneDnn, string Description) Decide(Networks.Network network, IReadOnlyList<int> itemShape, int threads, bool training)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var calls = OneDnnNetworkProbe.Calls(network, itemShape); // on ATen's kernels
        string? fault;
        try
        {
            fault = calls.Count == 0 ? "no convolution to run on it"
                : OneDnnNetworkProbe.FirstFault(calls, threads, training, on => SetOneDnn(on));
        }
        finally
        {
            SetOneDnn(false);
        }
        return fault is null
            ? (true, $"oneDNN for this network: its {calls.Count} convolution call(s) match ATen's kernels at its shapes " +
                     $"(checked in {clock.Elapsed.TotalSeconds:F1} s; the fixed-shape probe failed on this CPU)")
            : (false, $"ATen: oneDNN wrong for this network ({fault})");
    }

    /// <summary>The kernels one network runs with (<see cref="KernelsFor"/>); disposing it switches oneDNN back off where it was switched on.</summary>
    public sealed class NetworkKernels : IDisposable
    {
        private readonly bool _switchedOn, _holdsGate;
        private bool _disposed;

        internal NetworkKernels(string description, bool switchedOn, bool holdsGate) => (Description, _switchedOn, _holdsGate) = (description, switchedOn, holdsGate);

        /// <summary>Which kernels, and why ("oneDNN for this network: ...", "ATen: oneDNN wrong for this network (...)").</summary>
        public string Description { get; }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (_switchedOn) SetOneDnn(false);
            if (_holdsGate) System.Threading.Monitor.Exit(NetworkGate);
        }
    }

    /// <summary>
    /// Whether ATen may use NNPACK for convolutions; false once <see cref="Initialize"/> has run. Off so that every CPU
    /// runs the same convolution kernels (NNPACK's Winograd and FFT ones, where it initialises, round differently),
    /// and so that CPUs it does not support (this project's Zen 5 VMs) are not warned about on stderr at every
    /// convolution ("Could not initialize NNPACK! Reason: Unsupported hardware": 20 lines for a two-epoch toy run).
    /// </summary>
    public static bool NnpackEnabled => ContextFlag("_ZNK2at7Context17userEnabledNNPACKEv");

    private static unsafe bool ContextFlag(string getter)
    {
        if (_torchCpu == IntPtr.Zero) return true; // not initialised yet: libtorch's default
        var context = ((delegate* unmanaged<IntPtr>)Export("_ZN2at13globalContextEv"))();
        return ((delegate* unmanaged<IntPtr, byte>)Export(getter))(context) != 0;
    }

    private static void SetOneDnn(bool enabled) => SetContextFlag("_ZN2at7Context20setUserEnabledMkldnnEb", enabled);

    private static unsafe void SetContextFlag(string setter, bool enabled)
    {
        var context = ((delegate* unmanaged<IntPtr>)Export("_ZN2at13globalContextEv"))();
        ((delegate* unmanaged<IntPtr, byte, void>)Export(setter))(context, enabled ? (byte)1 : (byte)0);
    }

    private static IntPtr Export(string symbol) =>
        NativeLibrary.TryGetExport(_torchCpu, symbol, out var address)
            ? address
            : throw new InvalidOperationException($"libtorch does not export {symbol}; the pinned libtorch-cpu version is needed");

    private static class Libc
    {
        [DllImport("libc")]
        public static extern int mallopt(int parameter, int value);

        [DllImport("libc")]
        public static extern int malloc_trim(nuint pad);
    }
}

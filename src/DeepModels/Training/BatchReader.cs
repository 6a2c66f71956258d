using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;

namespace MlNetGenre.DeepModels.Training;

/// <summary>
/// Mini-batches of standardised rows in a given order, read from a row source (memory or the on-disk feature
/// store) one batch ahead on a worker thread, so the trainer never waits on the disk. The two buffers of
/// <see cref="Buffers"/> take turns and are shared by every reader of a fit (training and validation, every epoch),
/// so memory holds two batches whatever the size of the data and no epoch leaves garbage; a batch's values are
/// valid until the next call. Each batch is standardised with the same float arithmetic as <see cref="Standardizer.Transform"/>, so a
/// streamed fit equals one over a standardised in-memory copy bit for bit.
/// </summary>
internal sealed class BatchReader : IDisposable
{
    private readonly IRowSource _rows;
    private readonly int[] _order;
    private readonly int _batchSize;
    private readonly Standardizer _standardizer;
    private readonly Buffers _buffers;
    private Task<float[]>? _next;
    private int _nextStart;
    private int _turn;

    /// <summary>The two batch buffers of a fit, sized for a full batch; readers of one fit use them in turn, never at once.</summary>
    public sealed class Buffers
    {
        internal readonly float[][] Pair = new float[2][];
    }

    public BatchReader(IRowSource rows, int[] order, int batchSize, Standardizer standardizer, Buffers buffers)
    {
        (_rows, _order, _batchSize, _standardizer, _buffers) = (rows, order, batchSize, standardizer, buffers);
        _next = order.Length == 0 ? null : Task.Run(() => Read(0, 0));
    }

    /// <summary>The next batch's positions (into the row source) and values, or false after the last batch.</summary>
    public bool TryNext(out ReadOnlySpan<int> positions, out ReadOnlySpan<float> values)
    {
        if (_next is null)
        {
            positions = default;
            values = default;
            return false;
        }
        var buffer = _next.GetAwaiter().GetResult();
        positions = _order.AsSpan(_nextStart, Math.Min(_batchSize, _order.Length - _nextStart));
        values = buffer.AsSpan(0, positions.Length * _rows.RowLength);
        _nextStart += _batchSize;
        int start = _nextStart, turn = _turn ^= 1; // the other buffer: the caller is done with it
        _next = start < _order.Length ? Task.Run(() => Read(start, turn)) : null;
        return true;
    }

    private float[] Read(int start, int turn)
    {
        int count = Math.Min(_batchSize, _order.Length - start);
        int full = _batchSize * _rows.RowLength;
        var buffer = _buffers.Pair[turn] is { } reused && reused.Length == full ? reused : _buffers.Pair[turn] = new float[full];
        var values = buffer.AsSpan(0, count * _rows.RowLength);
        _rows.CopyRows(_order.AsSpan(start, count), values);
        _standardizer.TransformInPlace(values);
        return buffer;
    }

    /// <summary>Waits for a read in flight (its buffer is then dropped), so nothing reads the store after the fit.</summary>
    public void Dispose()
    {
        try { _next?.Wait(); }
        catch (AggregateException) { }
    }
}

using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using MlNetGenre.Core.IO;

namespace MlNetGenre.Features.Caching;

/// <summary>
/// One segment of a <see cref="FeatureStore"/>: <c>segment-N.rows</c> holds fixed-length float32 rows back to back,
/// <c>segment-N.index</c> one text line per complete track (content key, first row, row count, XxHash3 of the
/// rows' bytes, CRC-32 of the line), and <c>segment-N.verified</c> the rows file's length and time when its
/// checksums last held. One process at a time appends to a segment (it holds <c>segment-N.lock</c>); any number
/// read it. A track's rows are written before its index line, so a kill at any moment leaves at worst rows
/// without a line, which the next writer overwrites.
/// </summary>
internal sealed class StoreSegment : IDisposable
{
    private const string Header = "MLNETGENRE-FEATURE-STORE";
    private const int FormatVersion = 1;

    /// <summary>One complete track: where its rows are and their checksum.</summary>
    public sealed record Entry(int Line, string Content, long FirstRow, int RowCount, ulong Checksum);

    private readonly Lock _gate = new();
    private SafeFileHandle? _reader;
    private FileStream? _writerLock;
    private SafeFileHandle? _writer;
    private FileStream? _indexWriter;
    private long _nextRow;
    private int _nextLine;
    private List<int> _badLines = [];

    private StoreSegment(string folder, int number, int rowLength)
    {
        Number = number;
        RowLength = rowLength;
        RowsPath = Path.Combine(folder, $"segment-{number}.rows");
        IndexPath = Path.Combine(folder, $"segment-{number}.index");
        StampPath = Path.Combine(folder, $"segment-{number}.verified");
        LockPath = Path.Combine(folder, $"segment-{number}.lock");
    }

    public int Number { get; }
    public int RowLength { get; }
    public long RowBytes => RowLength * 4L;
    public string RowsPath { get; }
    public string IndexPath { get; }
    private string StampPath { get; }
    private string LockPath { get; }

    /// <summary>The complete, verified tracks (a track extracted twice appears once per extraction; the last wins).</summary>
    public List<Entry> Entries { get; } = [];

    /// <summary>The numbers of the segments in <paramref name="folder"/>.</summary>
    public static IEnumerable<int> NumbersIn(string folder) =>
        !Directory.Exists(folder) ? [] : Directory.EnumerateFiles(folder, "segment-*.index")
            .Select(p => Path.GetFileNameWithoutExtension(p)["segment-".Length..])
            .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int k) ? k : -1)
            .Where(k => k >= 0).Order();

    /// <summary>
    /// Reads segment <paramref name="number"/>'s index and keeps the tracks whose line is intact and whose rows are
    /// all in the rows file; when the rows file changed since its checksums last held (a kill, an edit, a copy), every
    /// track's rows are read once and checked. Damage is reported through <paramref name="warn"/>; the damaged tracks
    /// are simply not there, so they are extracted again. Null when the index has no valid header.
    /// </summary>
    public static StoreSegment? Load(string folder, int number, Action<string> warn)
    {
        string indexPath = Path.Combine(folder, $"segment-{number}.index");
        var (lines, _) = ReadLines(indexPath);
        if (lines.Count == 0 || ParseHeader(lines[0]) is not int rowLength)
        {
            warn($"{indexPath} has no valid header; its rows are ignored and extracted again into another segment");
            return null;
        }
        var segment = new StoreSegment(folder, number, rowLength);
        segment.ReadEntries(lines, warn);
        return segment;
    }

    private void ReadEntries(List<string> lines, Action<string> warn)
    {
        Entries.Clear();
        long rowsLength = File.Exists(RowsPath) ? new FileInfo(RowsPath).Length : 0;
        var stamp = ReadStamp();
        bool trusted = stamp is not null && stamp.Value.Stamp == CurrentStamp();
        var knownBad = trusted ? stamp!.Value.BadLines : [];
        var bad = new List<int>();
        int truncated = 0;
        for (int line = 1; line < lines.Count; line++)
        {
            if (knownBad.Contains(line)) { bad.Add(line); continue; }
            if (ParseEntry(line, lines[line]) is not { } entry)
            {
                warn($"line {line + 1} of {IndexPath} is damaged; that track is extracted again");
                bad.Add(line);
                continue;
            }
            if ((entry.FirstRow + entry.RowCount) * RowBytes > rowsLength)
            {
                truncated++;
                bad.Add(line);
                continue;
            }
            if (!trusted && !ChecksumHolds(entry))
            {
                warn($"the rows of track {entry.Content} in {RowsPath} do not match their checksum (the file was edited or torn); that track is extracted again");
                bad.Add(line);
                continue;
            }
            Entries.Add(entry);
        }
        if (truncated > 0)
            warn($"{RowsPath} is shorter than its index says ({truncated} track(s) past its end: the file was truncated); those tracks are extracted again");
        _badLines = bad;
        _nextLine = lines.Count;
        if (!trusted) TryWriteStampUnlocked(bad);
    }

    /// <summary>
    /// Makes this process the segment's only writer if no other process is (false otherwise), then recovers from an
    /// interrupted writer: rows past the last complete track and a torn last index line are cut off.
    /// </summary>
    public bool TryBecomeWriter(Action<string> warn)
    {
        try
        {
            _writerLock = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return false; // another process appends here
        }
        try
        {
            var (lines, intactLength) = ReadLines(IndexPath);
            ReadEntries(lines, warn);
            _nextRow = Entries.Count == 0 ? 0 : Entries.Max(e => e.FirstRow + e.RowCount);
            // Rows of bad lines may lie past the last good track: they are overwritten too.
            _writer = File.OpenHandle(RowsPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            RandomAccess.SetLength(_writer, _nextRow * RowBytes);
            _indexWriter = new FileStream(IndexPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            _indexWriter.SetLength(intactLength);
            _indexWriter.Seek(0, SeekOrigin.End);
            return true;
        }
        catch (Exception e) when (OutputWriteException.IsStorageFault(e))
        {
            DisposeWriter();
            throw OutputWriteException.From(e, RowsPath);
        }
    }

    /// <summary>A new, empty segment with this process as its writer; null when another process just took the number.</summary>
    public static StoreSegment? TryCreate(string folder, int number, int rowLength)
    {
        var segment = new StoreSegment(folder, number, rowLength);
        try
        {
            Directory.CreateDirectory(folder);
            segment._writerLock = new FileStream(segment.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (!OutputWriteException.IsStorageFault(e))
        {
            return null;
        }
        catch (Exception e) when (OutputWriteException.IsStorageFault(e))
        {
            throw OutputWriteException.From(e, segment.LockPath);
        }
        if (File.Exists(segment.IndexPath) && new FileInfo(segment.IndexPath).Length > 0)
        {
            segment.DisposeWriter();
            return null; // created by another process between our listing and our lock
        }
        try
        {
            AtomicFile.WriteAllText(segment.IndexPath, $"{Header}\t{FormatVersion}\t{rowLength}\n");
            segment._writer = File.OpenHandle(segment.RowsPath, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite);
            segment._indexWriter = new FileStream(segment.IndexPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            segment._nextLine = 1;
            return segment;
        }
        catch (Exception e) when (OutputWriteException.IsStorageFault(e))
        {
            segment.DisposeWriter();
            throw OutputWriteException.From(e, segment.RowsPath);
        }
    }

    /// <summary>
    /// Appends one track's rows, then its index line. A full disk leaves the store as it was before the call and
    /// raises an <see cref="OutputWriteException"/> naming the rows file and the bytes this track needed.
    /// </summary>
    public Entry Append(string content, IReadOnlyList<float[]> rows)
    {
        // The rows are written where they are (one positional write each), hashed on the way: no copy of the track.
        var hash = new XxHash3();
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != RowLength) throw new ArgumentException($"row {i} has {rows[i].Length} values; this segment holds rows of {RowLength}", nameof(rows));
            hash.Append(MemoryMarshal.AsBytes(rows[i].AsSpan()));
        }
        ulong checksum = hash.GetCurrentHashAsUInt64();
        long length = rows.Count * RowBytes;
        lock (_gate)
        {
            if (_writer is null || _indexWriter is null) throw new InvalidOperationException($"{RowsPath} is not open for writing");
            var entry = new Entry(_nextLine, content, _nextRow, rows.Count, checksum);
            try
            {
                for (int i = 0; i < rows.Count; i++)
                    RandomAccess.Write(_writer, MemoryMarshal.AsBytes(rows[i].AsSpan()), (_nextRow + i) * RowBytes);
                _indexWriter.Write(Encoding.UTF8.GetBytes(FormatEntry(entry)));
            }
            catch (Exception e) when (OutputWriteException.IsStorageFault(e))
            {
                // Whatever part of the rows or the line made it to disk is past the last complete track: cut off by
                // the next writer. The tracks stored before stay valid.
                var clear = OutputWriteException.From(e, RowsPath);
                throw ReferenceEquals(clear, e) ? e : new OutputWriteException(
                    clear.Message.Replace(". Nothing half-written", $" (this track needs {length:N0} bytes). Nothing half-written", StringComparison.Ordinal), e);
            }
            _nextRow += rows.Count;
            _nextLine++;
            Entries.Add(entry);
            return entry;
        }
    }

    /// <summary>Row <paramref name="row"/> of this segment into <paramref name="destination"/>.</summary>
    public void ReadRow(long row, Span<float> destination)
    {
        var handle = _reader ?? OpenReader();
        var bytes = MemoryMarshal.AsBytes(destination);
        long offset = row * RowBytes;
        while (bytes.Length > 0)
        {
            int read = RandomAccess.Read(handle, bytes, offset);
            if (read == 0)
                throw new InvalidDataException($"{RowsPath} ended before row {row}: the feature store was truncated while in use. Run the same command again; the missing tracks are extracted again.");
            bytes = bytes[read..];
            offset += read;
        }
    }

    private SafeFileHandle OpenReader()
    {
        lock (_gate) return _reader ??= File.OpenHandle(RowsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    private bool ChecksumHolds(Entry entry)
    {
        var hash = new XxHash3();
        var buffer = new float[RowLength];
        for (int r = 0; r < entry.RowCount; r++)
        {
            ReadRow(entry.FirstRow + r, buffer);
            hash.Append(MemoryMarshal.AsBytes(buffer.AsSpan()));
        }
        return hash.GetCurrentHashAsUInt64() == entry.Checksum;
    }

    /// <summary>The index's complete lines, and the length in bytes they take (a torn last line is not counted).</summary>
    private static (List<string> Lines, long IntactLength) ReadLines(string path)
    {
        if (!File.Exists(path)) return ([], 0);
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        int end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var text = Encoding.UTF8.GetString(bytes, 0, end);
        return (text.Split('\n')[..^1].ToList(), end);
    }

    private static int? ParseHeader(string line)
    {
        var parts = line.Split('\t');
        return parts.Length == 3 && parts[0] == Header && parts[1] == FormatVersion.ToString(CultureInfo.InvariantCulture)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int length) && length > 0 ? length : null;
    }

    private static string FormatEntry(Entry e)
    {
        string body = string.Join('\t', e.Content, e.FirstRow.ToString(CultureInfo.InvariantCulture), e.RowCount.ToString(CultureInfo.InvariantCulture),
            e.Checksum.ToString("x16", CultureInfo.InvariantCulture));
        return $"{body}\t{Crc32.HashToUInt32(Encoding.UTF8.GetBytes(body)):x8}\n";
    }

    private static Entry? ParseEntry(int line, string text)
    {
        var parts = text.Split('\t');
        if (parts.Length != 5) return null;
        string body = string.Join('\t', parts[..4]);
        if (Crc32.HashToUInt32(Encoding.UTF8.GetBytes(body)).ToString("x8", CultureInfo.InvariantCulture) != parts[4]) return null;
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long first)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count <= 0
            || !ulong.TryParse(parts[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong checksum)) return null;
        return new Entry(line, parts[0], first, count, checksum);
    }

    /// <summary>What the stamp compares: the rows file's length and last write time, and the index's length.</summary>
    private string CurrentStamp()
    {
        var rows = new FileInfo(RowsPath);
        var index = new FileInfo(IndexPath);
        return rows.Exists && index.Exists
            ? FormattableString.Invariant($"{rows.Length}\t{rows.LastWriteTimeUtc.Ticks}\t{index.Length}\t{index.LastWriteTimeUtc.Ticks}")
            : "";
    }

    private (string Stamp, HashSet<int> BadLines)? ReadStamp()
    {
        try
        {
            if (!File.Exists(StampPath)) return null;
            var lines = File.ReadAllLines(StampPath);
            if (lines.Length < 1) return null;
            var bad = lines.Skip(1).Select(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out int k) ? k : -1).ToHashSet();
            return (lines[0], bad);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Records that the checksums hold as of now (with the lines found bad), so the next open trusts the segment
    /// without reading it. Only done while no process is appending (a writer records it when it closes).
    /// </summary>
    private void TryWriteStampUnlocked(IEnumerable<int> badLines)
    {
        if (_writerLock is not null) return; // the writer stamps when it closes
        try
        {
            using var exclusive = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            WriteStamp(badLines);
        }
        catch (IOException)
        {
            // another process is appending, or the disk is full: the next open checks again
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void WriteStamp(IEnumerable<int> badLines) =>
        AtomicFile.WriteAllText(StampPath, CurrentStamp() + "\n" + string.Concat(badLines.Select(l => l.ToString(CultureInfo.InvariantCulture) + "\n")));

    private void DisposeWriter()
    {
        _indexWriter?.Dispose();
        _writer?.Dispose();
        _writerLock?.Dispose();
        (_indexWriter, _writer, _writerLock) = (null, null, null);
    }

    /// <summary>Closes the files; a writer first records the segment as verified (it checksummed every row it wrote).</summary>
    public void Dispose()
    {
        if (_writerLock is not null && _writer is not null)
        {
            try { WriteStamp(_badLines); }
            catch (Exception e) when (OutputWriteException.IsStorageFault(e))
            {
                // no stamp: the next open reads the rows once and checks them
            }
        }
        DisposeWriter();
        _reader?.Dispose();
        _reader = null;
    }
}

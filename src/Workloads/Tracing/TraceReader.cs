using System.Buffers.Binary;

namespace CimSim.Workloads.Tracing;

/// <summary>
/// Reads a trace written by <see cref="TraceWriter"/>, one section at a time (memory bounded by the largest
/// layer). Every section header and payload is checked against its CRC-32C before it is decoded, and the end
/// section against the CRC of the whole file, so a truncated or corrupted trace is an
/// <see cref="InputException"/> naming the file, the section and the byte offset — never a crash or a silently
/// short trace. Each layer is then held to what the compiler could have written for the header's chip
/// (<see cref="TraceCheck"/>), so a hand-edited trace with recomputed checksums is refused as well.
/// </summary>
public sealed class TraceReader
{
    private readonly Stream _stream;
    private readonly string _file;
    private long _offset;
    private uint _fileCrc = Crc32C.Initial;
    private int _nextLayer;
    private bool _started, _ended;
    private readonly bool _strict;
    private readonly TraceCheck _check;

    /// <summary>The header, read when the reader is opened.</summary>
    public TraceHeader Header { get; }

    private TraceReader(Stream stream, string fileName)
    {
        _stream = stream;
        _file = fileName;
        Span<byte> pre = stackalloc byte[TraceFormat.PreambleBytes];
        ReadExactly(pre, "preamble");
        if (!pre[..8].SequenceEqual(TraceFormat.Magic)) throw Error("preamble", 0, "not a CimSim trace (bad magic bytes)");
        ushort major = BinaryPrimitives.ReadUInt16LittleEndian(pre[8..]);
        ushort minor = BinaryPrimitives.ReadUInt16LittleEndian(pre[10..]);
        if (major != TraceFormat.MajorVersion)
            throw Error("preamble", 8, $"trace format version {major}.{minor} is not readable by this CimSim (it reads version {TraceFormat.MajorVersion}.x)");
        // A newer minor version may append fields to payloads; this reader skips them.
        _strict = minor <= TraceFormat.MinorVersion;
        var (payload, at) = ReadSection(TraceFormat.HeaderTag, "header");
        var r = new PayloadReader(payload, _file, "header", at);
        Header = SectionCodec.ReadHeader(ref r);
        if (_strict && !r.AtEnd) throw r.Error("unexpected bytes after the header");
        _check = new TraceCheck(Header, fileName);
        _check.CheckHeader();
    }

    /// <summary>Opens a trace and reads its header; layers follow through <see cref="Layers"/>.</summary>
    public static TraceReader Open(Stream stream, string fileName) => new(stream, fileName);

    /// <summary>Reads a whole trace into memory.</summary>
    public static NetworkTrace Read(Stream stream, string fileName)
    {
        var reader = Open(stream, fileName);
        var h = reader.Header;
        var layers = reader.Layers().ToList();
        return new NetworkTrace
        {
            Network = h.Network, Dataset = h.Dataset, Architecture = h.Architecture, Target = h.Target, Seed = h.Seed,
            Layers = layers, Producer = h.Producer,
        };
    }

    /// <summary>Reads the trace file at <paramref name="path"/>.</summary>
    public static NetworkTrace ReadFile(string path)
    {
        using var s = OpenFile(path);
        return Read(s, path);
    }

    /// <summary>Opens <paramref name="path"/> for reading; a missing or unreadable file is an <see cref="InputException"/>.</summary>
    public static FileStream OpenFile(string path)
    {
        return InputFiles.OpenRead(path);
    }

    /// <summary>
    /// The layers in order, each read and checked when it is reached; after the last one the end section is
    /// checked (layer count, whole-file CRC, nothing after it). Can be enumerated once.
    /// </summary>
    public IEnumerable<LayerTrace> Layers()
    {
        if (_started) throw new InvalidOperationException("the layers of a trace can be read once");
        _started = true;
        while (_nextLayer < Header.LayerCount)
        {
            string section = $"layer {_nextLayer}";
            var (payload, at) = ReadSection(TraceFormat.LayerTag, section);
            var layer = Decode(payload, section, at);
            _check.Add(layer);
            yield return layer;
            _nextLayer++;
        }
        ReadEnd();
    }

    private LayerTrace Decode(byte[] payload, string section, long at)
    {
        var r = new PayloadReader(payload, _file, section, at);
        return SectionCodec.ReadLayer(ref r, _nextLayer, _strict);
    }

    private void ReadEnd()
    {
        uint expected = Crc32C.Finish(_fileCrc);
        var (payload, at) = ReadSection(TraceFormat.EndTag, "end");
        var r = new PayloadReader(payload, _file, "end", at);
        long layers = r.Count("layer count");
        if (layers != Header.LayerCount) throw r.Error($"the end section counts {layers} layers, the header {Header.LayerCount}");
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(r.Take(4));
        if (crc != expected) throw r.Error($"whole-file checksum mismatch (stored 0x{crc:X8}, computed 0x{expected:X8}): the file is corrupted");
        if (_strict && !r.AtEnd) throw r.Error("unexpected bytes in the end section");
        if (_stream.ReadByte() >= 0) throw Error("end", _offset, "unexpected data after the end of the trace");
        _ended = true;
    }

    /// <summary>True once the end section has been read and checked.</summary>
    public bool Complete => _ended;

    private (byte[] Payload, long Offset) ReadSection(byte expectedTag, string name)
    {
        long start = _offset;
        Span<byte> head = stackalloc byte[TraceFormat.SectionHeaderBytes];
        ReadExactly(head, name);
        uint headCrc = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        if (headCrc != Crc32C.Compute(head[..8])) throw Error(name, start, "section header checksum mismatch: the file is corrupted");
        if (head[0] != expectedTag)
            throw Error(name, start, $"found a '{(char)head[0]}' section where the '{(char)expectedTag}' ({name}) section belongs");
        int length = BinaryPrimitives.ReadInt32LittleEndian(head[4..]);
        if (length < 0 || length > TraceFormat.MaxPayloadBytes) throw Error(name, start, $"section length {length} is invalid");
        var payload = new byte[length];
        long payloadAt = _offset;
        ReadExactly(payload, name);
        Span<byte> crcBytes = stackalloc byte[4];
        ReadExactly(crcBytes, name);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(crcBytes);
        if (crc != Crc32C.Compute(payload)) throw Error(name, payloadAt, "payload checksum mismatch: the file is corrupted");
        return (payload, payloadAt);
    }

    private void ReadExactly(Span<byte> buffer, string section)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n = _stream.Read(buffer[got..]);
            if (n == 0)
                throw Error(section, _offset + got, $"truncated: the file ends {buffer.Length - got} bytes short of the end of this section");
            got += n;
        }
        _fileCrc = Crc32C.Append(_fileCrc, buffer);
        _offset += buffer.Length;
    }

    private InputException Error(string section, long offset, string reason) =>
        new(_file, 0, 0, $"{section} (byte {offset})", reason);
}

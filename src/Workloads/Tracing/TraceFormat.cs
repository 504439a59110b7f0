namespace CimSim.Workloads.Tracing;

/// <summary>
/// Constants of the binary trace format (docs/TRACE_FORMAT.md). A file is a 16-byte preamble followed by
/// sections; each section is a 12-byte section header (tag, 3 zero bytes, payload length, CRC-32C of those
/// 8 bytes), the payload and the payload's CRC-32C. Sections come in the order header, one per layer, end.
/// </summary>
public static class TraceFormat
{
    /// <summary>The 8 ASCII bytes every trace starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "CIMTRACE"u8;
    /// <summary>Format major version: a reader refuses other majors.</summary>
    public const ushort MajorVersion = 1;
    /// <summary>Format minor version: additions a version-1 reader may ignore.</summary>
    public const ushort MinorVersion = 3;
    /// <summary>Bytes of the preamble (magic, major, minor, 4 reserved zero bytes).</summary>
    public const int PreambleBytes = 16;
    /// <summary>Bytes of a section header.</summary>
    public const int SectionHeaderBytes = 12;
    /// <summary>Largest payload a reader accepts (1 GiB); a larger length means a corrupted file.</summary>
    public const int MaxPayloadBytes = 1 << 30;

    /// <summary>Section tag of the trace header.</summary>
    public const byte HeaderTag = (byte)'H';
    /// <summary>Section tag of one layer.</summary>
    public const byte LayerTag = (byte)'L';
    /// <summary>Section tag of the end marker (layer count and the CRC of everything before it).</summary>
    public const byte EndTag = (byte)'E';
}

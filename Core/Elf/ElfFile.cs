using System.Buffers.Binary;

namespace A64Jit.Core.Elf;

/// <summary>Thrown for a file that is not a well-formed ELF of the kind asked for; the message is one clear line.</summary>
public sealed class ElfFormatException(string message) : Exception(message);

public readonly record struct ElfSection(string Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size)
{
    public const ulong FlagExecInstr = 0x4;
    public bool IsExecutable => (Flags & FlagExecInstr) != 0;
}

public readonly record struct ElfSegment(uint Type, uint Flags, ulong Offset, ulong VirtualAddress, ulong FileSize, ulong MemorySize, ulong Align);

/// <summary>A read-only view of an ELF file's headers, validated against the file's size.</summary>
public sealed class ElfFile
{
    public const ushort MachineAArch64 = 183;
    public const ushort MachineArm = 40;
    public const ushort TypeExec = 2, TypeDyn = 3;
    public const uint PtLoad = 1, PtInterp = 3, PtTls = 7, PtGnuStack = 0x6474e551;

    public byte[] Data { get; }
    public bool Is64 { get; }
    public ushort Type { get; }
    public ushort Machine { get; }
    public uint Flags { get; }
    public ulong Entry { get; }
    public ulong ProgramHeaderOffset { get; }
    public ushort ProgramHeaderEntrySize { get; }
    public IReadOnlyList<ElfSegment> Segments { get; }
    public IReadOnlyList<ElfSection> Sections { get; }

    public static bool LooksLikeElf(ReadOnlySpan<byte> data) =>
        data.Length >= 4 && data[0] == 0x7f && data[1] == (byte)'E' && data[2] == (byte)'L' && data[3] == (byte)'F';

    public ElfFile(byte[] data)
    {
        Data = data;
        if (!LooksLikeElf(data)) throw new ElfFormatException("not an ELF file (bad magic)");
        if (data.Length < 0x34) throw new ElfFormatException("truncated ELF header");
        Is64 = data[4] switch { 1 => false, 2 => true, _ => throw new ElfFormatException($"bad ELF class {data[4]}") };
        if (data[5] != 1) throw new ElfFormatException("not a little-endian ELF file");
        var d = data.AsSpan();
        Type = BinaryPrimitives.ReadUInt16LittleEndian(d[16..]);
        Machine = BinaryPrimitives.ReadUInt16LittleEndian(d[18..]);
        if (!Is64)
        {
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(d[36..]);
            Segments = [];
            Sections = [];
            return;
        }
        if (data.Length < 64) throw new ElfFormatException("truncated ELF header");
        Entry = BinaryPrimitives.ReadUInt64LittleEndian(d[24..]);
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(d[32..]);
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(d[40..]);
        Flags = BinaryPrimitives.ReadUInt32LittleEndian(d[48..]);
        ushort phentsize = BinaryPrimitives.ReadUInt16LittleEndian(d[54..]);
        ushort phnum = BinaryPrimitives.ReadUInt16LittleEndian(d[56..]);
        ushort shentsize = BinaryPrimitives.ReadUInt16LittleEndian(d[58..]);
        ushort shnum = BinaryPrimitives.ReadUInt16LittleEndian(d[60..]);
        ushort shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(d[62..]);
        ProgramHeaderOffset = phoff;
        ProgramHeaderEntrySize = phentsize;

        var segs = new List<ElfSegment>();
        if (phnum > 0)
        {
            if (phentsize < 56) throw new ElfFormatException($"bad program header entry size {phentsize}");
            if (phoff > (ulong)data.Length || (ulong)phnum * phentsize > (ulong)data.Length - phoff) throw new ElfFormatException("program headers extend beyond the end of the file");
            for (int i = 0; i < phnum; i++)
            {
                var p = d.Slice((int)phoff + i * phentsize);
                segs.Add(new ElfSegment(
                    BinaryPrimitives.ReadUInt32LittleEndian(p), BinaryPrimitives.ReadUInt32LittleEndian(p[4..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(p[8..]), BinaryPrimitives.ReadUInt64LittleEndian(p[16..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(p[32..]), BinaryPrimitives.ReadUInt64LittleEndian(p[40..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(p[48..])));
            }
        }
        Segments = segs;

        var secs = new List<ElfSection>();
        if (shnum > 0 && shoff != 0)
        {
            if (shentsize < 64) throw new ElfFormatException($"bad section header entry size {shentsize}");
            if (shoff > (ulong)data.Length || (ulong)shnum * shentsize > (ulong)data.Length - shoff) throw new ElfFormatException("section headers extend beyond the end of the file");
            var raw = new List<(uint name, uint type, ulong flags, ulong addr, ulong off, ulong size)>();
            for (int i = 0; i < shnum; i++)
            {
                var s = d.Slice((int)shoff + i * shentsize);
                raw.Add((BinaryPrimitives.ReadUInt32LittleEndian(s), BinaryPrimitives.ReadUInt32LittleEndian(s[4..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(s[8..]), BinaryPrimitives.ReadUInt64LittleEndian(s[16..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(s[24..]), BinaryPrimitives.ReadUInt64LittleEndian(s[32..])));
            }
            (ulong strOff, ulong strSize) = shstrndx < raw.Count ? (raw[shstrndx].off, raw[shstrndx].size) : (0ul, 0ul);
            foreach (var r in raw)
            {
                string name = "";
                if (strSize > 0 && strOff <= (ulong)data.Length && r.name < strSize && strOff + r.name < (ulong)data.Length)
                {
                    int start = (int)(strOff + r.name), end = start;
                    while (end < data.Length && data[end] != 0) end++;
                    name = System.Text.Encoding.ASCII.GetString(data, start, end - start);
                }
                secs.Add(new ElfSection(name, r.type, r.flags, r.addr, r.off, r.size));
            }
        }
        Sections = secs;
    }
}

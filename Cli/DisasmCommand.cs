using System.Buffers.Binary;
using A64Jit.Core.Disassembly;
using A64Jit.Core.Elf;

namespace A64Jit.Cli;

/// <summary><c>a64jit disasm FILE [--base ADDR]</c>: one line per word, <c>ADDR:&lt;TAB&gt;WORD&lt;TAB&gt;TEXT</c>.</summary>
public static class DisasmCommand
{
    public static int Run(ReadOnlySpan<string> args, CommandIo io)
    {
        string? file = null;
        ulong? baseAddr = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--base")
            {
                if (i + 1 >= args.Length) throw new UsageException("--base needs an address");
                baseAddr = CommandLine.ParseAddress(args[++i]);
            }
            else if (args[i].StartsWith("--base=", StringComparison.Ordinal)) baseAddr = CommandLine.ParseAddress(args[i][7..]);
            else if (file == null) file = args[i];
            else throw new UsageException($"unexpected argument '{args[i]}'");
        }
        if (file == null) throw new UsageException("usage: a64jit disasm FILE [--base ADDR]");
        byte[] data;
        try { data = File.ReadAllBytes(file); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return io.Fail($"cannot read '{file}': {ex.Message}"); }

        var output = io.Out;
        {
            if (ElfFile.LooksLikeElf(data))
            {
                ElfFile elf;
                try { elf = new ElfFile(data); }
                catch (ElfFormatException ex) { return io.Fail($"{file}: {ex.Message}"); }
                if (!elf.Is64 || elf.Machine != ElfFile.MachineAArch64) return io.Fail($"{file}: not an AArch64 ELF file");
                foreach (var s in elf.Sections.Where(s => s.IsExecutable && s.Type != 8 /* SHT_NOBITS */))
                {
                    if (s.Offset > (ulong)data.Length || s.Size > (ulong)data.Length - s.Offset) return io.Fail($"{file}: section {s.Name} extends beyond the end of the file");
                    Words(output, data.AsSpan((int)s.Offset, (int)s.Size), s.Address + (baseAddr ?? 0));
                }
            }
            else Words(output, data, baseAddr ?? 0);
        }
        return 0;
    }

    private static void Words(TextWriter output, ReadOnlySpan<byte> bytes, ulong address)
    {
        for (int i = 0; i + 4 <= bytes.Length; i += 4)
        {
            uint w = BinaryPrimitives.ReadUInt32LittleEndian(bytes[i..]);
            output.WriteLine(Disassembler.Line(w, address + (ulong)i));
        }
    }
}

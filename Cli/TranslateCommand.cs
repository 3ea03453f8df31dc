using A64Jit.Core.Decoding;
using A64Jit.Core.Elf;
using A64Jit.Core.Memory;
using A64Jit.Runtime.Linux;
using A64Jit.Translator;
using A64Jit.Translator.Blocks;
using A64Jit.Translator.Emission;

namespace A64Jit.Cli;

/// <summary>
/// <c>a64jit translate [--base ADDR] [--out FILE.dll] [--all] [--max-block N] [--no-native] [--fallback NAME,...] INPUT</c>:
/// translates the code of an AArch64 ELF executable (the blocks reachable from its entry point
/// through fall-through and direct branches and calls, or with <c>--all</c> every executable
/// page block by block) or of a file of raw little-endian words (block by block from
/// <c>--base</c>) into a .NET assembly through the Cecil back end: one static method per
/// block with the same IL as the DynamicMethods that run.
/// </summary>
public static class TranslateCommand
{
    public const string Usage = "usage: a64jit translate [--base ADDR] [--out FILE.dll] [--all] [--max-block N] [--no-native] [--fallback ENCODING[,ENCODING...]] INPUT";

    public static int Run(ReadOnlySpan<string> arguments, CommandIo io)
    {
        var args = arguments.ToArray();
        ulong? baseAddress = null;
        string? output = null, input = null;
        bool all = false;
        int maxBlock = BlockDiscovery.DefaultMaxInstructions;
        var native = NativeSwitches.AllNative();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string? Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{a} needs a value");
            switch (a)
            {
                case "--base": baseAddress = CommandLine.ParseAddress(Value()!); break;
                case "--out" or "-o": output = Value(); break;
                case "--all": all = true; break;
                case "--max-block":
                {
                    string v = Value()!;
                    if (!int.TryParse(v, out maxBlock) || maxBlock < 1 || maxBlock > 4096) throw new UsageException($"bad --max-block '{v}' (1 to 4096 instructions)");
                    break;
                }
                case "--no-native": native = NativeSwitches.NoneNative(); break;
                case "--fallback":
                    foreach (var name in Value()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!EncodingTable.TryGet(name, out var e)) throw new UsageException($"unknown encoding '{name}'");
                        native[e.Id] = false;
                    }
                    break;
                default:
                    if (a.StartsWith('-') && a.Length > 1) throw new UsageException($"unknown option '{a}'\n{Usage}");
                    if (input != null) throw new UsageException($"more than one input file\n{Usage}");
                    input = a;
                    break;
            }
        }
        if (input == null) throw new UsageException(Usage);
        byte[] data;
        try { data = File.ReadAllBytes(input); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return io.Fail($"cannot read {input}: {ex.Message}"); }
        output ??= Path.GetFileNameWithoutExtension(input) + ".translated.dll";
        if (!output.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"the output '{output}' must end in .dll");

        using var memory = new GuestMemory();
        IReadOnlyList<DumpedBlock> blocks;
        string what;
        try
        {
            if (ElfFile.LooksLikeElf(data))
            {
                if (baseAddress != null) throw new UsageException("--base applies to raw input, not to an ELF file");
                LoadedImage image;
                try { image = ElfLoader.Load(ElfLoader.Parse(data, input), memory, input); }
                catch (LoadException ex) { return io.Fail(ex.Message); }
                if (all)
                {
                    blocks = TranslationDump.Write(output, memory, ExecutableRanges(memory), native, maxBlock);
                    what = "every executable page";
                }
                else
                {
                    var starts = TranslationDump.DiscoverReachable(memory, [image.Entry], maxBlockInstructions: maxBlock);
                    blocks = TranslationDump.WriteBlocks(output, memory, starts, native, maxBlock);
                    what = $"reachable from the entry point 0x{image.Entry:x}";
                }
            }
            else
            {
                if (data.Length == 0 || data.Length % 4 != 0) return io.Fail($"{input}: raw input must be a non-empty whole number of 4-byte words");
                ulong start = baseAddress ?? 0;
                if ((start & 3) != 0) throw new UsageException($"--base 0x{start:x} is not 4-byte aligned");
                ulong page = start & ~GuestMemory.PageMask;
                ulong end = start + (ulong)data.Length;
                if (end < start || end > memory.AddressLimit) throw new UsageException($"--base 0x{start:x} puts the code outside the 48-bit address space");
                ulong size = ((end + GuestMemory.PageMask) & ~GuestMemory.PageMask) - page;
                memory.Map(page, size, MemoryPermissions.ReadExecute);
                memory.WritePrivileged(start, data);
                blocks = TranslationDump.Write(output, memory, start, end, native, maxBlock);
                what = $"raw words at 0x{start:x}";
            }
        }
        catch (IOException ex) { return io.Fail($"cannot write {output}: {ex.Message}"); }
        catch (UnauthorizedAccessException ex) { return io.Fail($"cannot write {output}: {ex.Message}"); }

        long insns = 0, nat = 0, fb = 0, fused = 0;
        foreach (var b in blocks)
        {
            insns += b.Summary.Instructions;
            nat += b.Summary.Native;
            fb += b.Summary.Fallback;
            fused += b.Summary.FusedBranches;
        }
        double share = insns == 0 ? 0 : 100.0 * fb / insns;
        io.Out.WriteLine($"{output}: {blocks.Count} blocks, {insns} guest instructions ({what}): {nat} native, {fb} fallback ({share:F1} %), {fused} fused compare+branch");
        io.Out.WriteLine($"type {TranslationDump.TypeName}, one method per block named Block_<pc in hex>");
        return 0;
    }

    /// <summary>Runs of mapped executable pages.</summary>
    private static List<(ulong, ulong)> ExecutableRanges(GuestMemory memory)
    {
        var ranges = new List<(ulong, ulong)>();
        foreach (var p in memory.MappedPages())
        {
            if ((memory.GetPermissions(p) & MemoryPermissions.Execute) == 0) continue;
            if (ranges.Count > 0 && ranges[^1].Item2 == p) ranges[^1] = (ranges[^1].Item1, p + GuestMemory.PageSize);
            else ranges.Add((p, p + GuestMemory.PageSize));
        }
        return ranges;
    }
}

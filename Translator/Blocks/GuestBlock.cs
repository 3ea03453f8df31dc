using A64Jit.Core.Decoding;
using A64Jit.Core.Memory;

namespace A64Jit.Translator.Blocks;

/// <summary>One decoded guest instruction of a block.</summary>
public readonly record struct GuestInstruction(ulong Pc, uint Word, int EncodingId)
{
    public string Name => EncodingId < 0 ? "(undefined)" : EncodingTable.All[EncodingId].Name;
}

/// <summary>Why block discovery stopped after the last instruction.</summary>
public enum BlockEnd : byte
{
    /// <summary>The last instruction is a branch (direct, conditional or indirect).</summary>
    Branch,
    /// <summary>The last instruction raises an exception or changes processor state (SVC, BRK, MSR, ISB, undefined, …).</summary>
    Exceptional,
    /// <summary>The next instruction lies on another page.</summary>
    PageBoundary,
    /// <summary>The block reached the instruction cap.</summary>
    SizeCap,
    /// <summary>The next instruction could not be fetched (it will fault when reached).</summary>
    FetchFault,
}

/// <summary>A straight-line run of guest instructions with a single entry at <see cref="Pc"/>.</summary>
public sealed class GuestBlock(ulong pc, GuestInstruction[] instructions, BlockEnd end)
{
    public ulong Pc { get; } = pc;
    public GuestInstruction[] Instructions { get; } = instructions;
    public BlockEnd End { get; } = end;
    public int Count => Instructions.Length;
    /// <summary>The address after the last instruction (the fall-through successor).</summary>
    public ulong EndPc => Pc + 4ul * (ulong)Instructions.Length;
    public ulong Page => Pc & ~GuestMemory.PageMask;

    /// <summary>objdump-style listing, one instruction a line.</summary>
    public string Disassemble()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var i in Instructions)
        {
            string text;
            try { text = i.EncodingId < 0 ? ".inst" : EncodingTable.All[i.EncodingId].Format(i.Word, i.Pc); }
            catch (Exception e) { text = $"<{e.GetType().Name}>"; }
            sb.Append($"  {i.Pc:x8}: {i.Word:x8}  {text.Replace('\t', ' ')}  [{i.Name}]\n");
        }
        sb.Append($"  ({End})\n");
        return sb.ToString();
    }
}

/// <summary>Finds the extent of a block by decoding forward from its entry.</summary>
public static class BlockDiscovery
{
    public const int DefaultMaxInstructions = 64;

    private static readonly bool[] EndsBlock = BuildEnders();

    private static bool[] BuildEnders()
    {
        var ends = new bool[EncodingTable.All.Length];
        string[] names =
        [
            // branches
            "B", "BL", "B_cond", "CBZ", "CBNZ", "TBZ", "TBNZ", "BR", "BLR", "RET", "ERET", "DRPS",
            // exception generation
            "SVC", "HVC", "SMC", "BRK", "HLT", "DCPS1", "DCPS2", "DCPS3", "UDF",
            // state changes and synchronisation the translator does not cache across
            "MSR_imm", "MSR_reg", "SYS", "SYSL", "ISB", "WFI", "WFE",
        ];
        foreach (var n in names)
            if (EncodingTable.TryGet(n, out var e)) ends[e.Id] = true;
        return ends;
    }

    /// <summary>True when an instruction of encoding <paramref name="id"/> (negative: undefined) ends a block.</summary>
    public static bool IsBlockEnd(int id) => id < 0 || EndsBlock[id];

    /// <summary>
    /// Decodes from <paramref name="pc"/> until a block-ending instruction (included), the end
    /// of the page, <paramref name="maxInstructions"/> or an unfetchable word (excluded).
    /// Returns a block of zero instructions when the entry itself cannot be fetched.
    /// </summary>
    public static GuestBlock Discover(GuestMemory memory, ulong pc, int maxInstructions = DefaultMaxInstructions)
    {
        if (maxInstructions < 1) throw new ArgumentOutOfRangeException(nameof(maxInstructions));
        var list = new List<GuestInstruction>();
        ulong a = pc;
        BlockEnd end;
        while (true)
        {
            if ((a & 3) != 0 || !memory.TryFetch32(a, out uint word)) { end = BlockEnd.FetchFault; break; }
            int id = Decoder.Decode(word);
            list.Add(new GuestInstruction(a, word, id));
            if (IsBlockEnd(id)) { end = id < 0 || !IsBranch(id) ? BlockEnd.Exceptional : BlockEnd.Branch; break; }
            a += 4;
            if ((a & GuestMemory.PageMask) == 0) { end = BlockEnd.PageBoundary; break; }
            if (list.Count >= maxInstructions) { end = BlockEnd.SizeCap; break; }
        }
        return new GuestBlock(pc, list.ToArray(), end);
    }

    private static readonly HashSet<string> BranchNames = ["B", "BL", "B_cond", "CBZ", "CBNZ", "TBZ", "TBNZ", "BR", "BLR", "RET", "ERET", "DRPS"];

    public static bool IsBranch(int id) => id >= 0 && BranchNames.Contains(EncodingTable.All[id].Name);
}

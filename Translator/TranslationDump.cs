using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator.Blocks;
using A64Jit.Translator.Emission;
using Mono.Cecil;

namespace A64Jit.Translator;

/// <summary>One block written by <see cref="TranslationDump.Write"/>.</summary>
public sealed record DumpedBlock(ulong Pc, string MethodName, GuestBlock Guest, EmitSummary Summary);

/// <summary>
/// Writes the translations of a code range to an assembly (the <c>a64jit translate</c>
/// back end): one public static method per block, same IL as the DynamicMethods, with the
/// signature of <see cref="BlockFunc"/>.
/// </summary>
public static class TranslationDump
{
    public const string TypeName = "A64Jit.Translated.Blocks";

    public static string MethodNameOf(ulong pc) => $"Block_{pc:x}";

    /// <summary>
    /// Translates the blocks that tile [<paramref name="start"/>, <paramref name="end"/>): a block
    /// at <paramref name="start"/>, then one at the end of each block, and writes them to
    /// <paramref name="path"/>. Unfetchable addresses are skipped a word at a time.
    /// </summary>
    public static IReadOnlyList<DumpedBlock> Write(string path, GuestMemory memory, ulong start, ulong end,
        NativeSwitches? native = null, int maxBlockInstructions = BlockDiscovery.DefaultMaxInstructions)
        => Write(path, memory, [(start, end)], native, maxBlockInstructions);

    /// <summary>Translates the blocks that tile each of <paramref name="ranges"/> (see the single-range overload) into one assembly.</summary>
    public static IReadOnlyList<DumpedBlock> Write(string path, GuestMemory memory, IEnumerable<(ulong Start, ulong End)> ranges,
        NativeSwitches? native = null, int maxBlockInstructions = BlockDiscovery.DefaultMaxInstructions)
    {
        var starts = new List<ulong>();
        foreach (var (start, end) in ranges)
            for (ulong pc = start & ~3ul; pc < end;)
            {
                var block = BlockDiscovery.Discover(memory, pc, maxBlockInstructions);
                if (block.Count == 0) { pc += 4; continue; }
                starts.Add(pc);
                pc = block.EndPc;
            }
        return WriteBlocks(path, memory, starts, native, maxBlockInstructions);
    }

    /// <summary>Translates the blocks starting at <paramref name="blockStarts"/> (duplicates and unfetchable addresses skipped) into one assembly.</summary>
    public static IReadOnlyList<DumpedBlock> WriteBlocks(string path, GuestMemory memory, IEnumerable<ulong> blockStarts,
        NativeSwitches? native = null, int maxBlockInstructions = BlockDiscovery.DefaultMaxInstructions)
    {
        native ??= NativeSwitches.AllNative();
        var name = Path.GetFileNameWithoutExtension(path);
        var result = new List<DumpedBlock>();
        using var asm = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition(name, new Version(1, 0)), name, ModuleKind.Dll);
        var module = asm.MainModule;
        int dot = TypeName.LastIndexOf('.');
        var type = new TypeDefinition(TypeName[..dot], TypeName[(dot + 1)..],
            TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class, module.TypeSystem.Object);
        module.Types.Add(type);
        var statePtr = new PointerType(module.ImportReference(typeof(CpuState)));
        var ctxType = module.ImportReference(typeof(BlockContext));
        var seen = new HashSet<ulong>();
        foreach (ulong pc in blockStarts)
        {
            if ((pc & 3) != 0 || !seen.Add(pc)) continue;
            var block = BlockDiscovery.Discover(memory, pc, maxBlockInstructions);
            if (block.Count == 0) continue;
            var m = new MethodDefinition(MethodNameOf(pc), MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, module.TypeSystem.UInt64);
            m.Parameters.Add(new ParameterDefinition("state", ParameterAttributes.None, statePtr));
            m.Parameters.Add(new ParameterDefinition("context", ParameterAttributes.None, ctxType));
            type.Methods.Add(m);
            var summary = BlockEmitter.Emit(new CecilSink(m), block, native);
            result.Add(new DumpedBlock(pc, m.Name, block, summary));
        }
        asm.Write(path);
        return result;
    }

    /// <summary>
    /// The blocks reachable from <paramref name="entries"/> through fall-through and direct
    /// branches and calls (B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ; a call's return point counts),
    /// in ascending address order; at most <paramref name="maxBlocks"/>.
    /// </summary>
    public static IReadOnlyList<ulong> DiscoverReachable(GuestMemory memory, IEnumerable<ulong> entries,
        int maxBlocks = 1 << 20, int maxBlockInstructions = BlockDiscovery.DefaultMaxInstructions)
    {
        var found = new HashSet<ulong>();
        var work = new Stack<ulong>();
        foreach (var e in entries) work.Push(e);
        while (work.Count > 0 && found.Count < maxBlocks)
        {
            ulong pc = work.Pop();
            if ((pc & 3) != 0 || found.Contains(pc)) continue;
            var block = BlockDiscovery.Discover(memory, pc, maxBlockInstructions);
            if (block.Count == 0) continue;
            found.Add(pc);
            var last = block.Instructions[^1];
            uint w = last.Word;
            if (BranchTarget(w, last.Pc) is ulong target) work.Push(target);
            if (FallsThrough(w)) work.Push(block.EndPc);
        }
        var list = found.ToList();
        list.Sort();
        return list;
    }

    /// <summary>The target of a direct branch or call word at <paramref name="pc"/>, or null.</summary>
    public static ulong? BranchTarget(uint w, ulong pc)
    {
        if ((w & 0x7C00_0000) == 0x1400_0000) return pc + (ulong)((long)((int)(w << 6) >> 6) << 2);          // B, BL
        if ((w & 0xFF00_0010) == 0x5400_0000 || (w & 0x7E00_0000) == 0x3400_0000)                            // B.cond, CBZ/CBNZ
            return pc + (ulong)((long)((int)(w << 8) >> 13) << 2);
        if ((w & 0x7E00_0000) == 0x3600_0000) return pc + (ulong)((long)((int)(w << 13) >> 18) << 2);        // TBZ/TBNZ
        return null;
    }

    /// <summary>False for the block ends after which execution never continues at the next word (B, BR, RET, ERET, UDF).</summary>
    public static bool FallsThrough(uint w) =>
        (w & 0xFC00_0000) != 0x1400_0000 &&      // B
        (w & 0xFFFF_FC1F) != 0xD61F_0000 &&      // BR
        (w & 0xFFFF_FC1F) != 0xD65F_0000 &&      // RET
        w != 0xD69F_03E0 &&                      // ERET
        (w & 0xFFFF_0000) != 0x0000_0000;        // UDF
}

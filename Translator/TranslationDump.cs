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
        for (ulong pc = start & ~3ul; pc < end;)
        {
            var block = BlockDiscovery.Discover(memory, pc, maxBlockInstructions);
            if (block.Count == 0) { pc += 4; continue; }
            var m = new MethodDefinition(MethodNameOf(pc), MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, module.TypeSystem.UInt64);
            m.Parameters.Add(new ParameterDefinition("state", ParameterAttributes.None, statePtr));
            m.Parameters.Add(new ParameterDefinition("context", ParameterAttributes.None, ctxType));
            type.Methods.Add(m);
            var summary = BlockEmitter.Emit(new CecilSink(m), block, native);
            result.Add(new DumpedBlock(pc, m.Name, block, summary));
            pc = block.EndPc;
        }
        asm.Write(path);
        return result;
    }
}

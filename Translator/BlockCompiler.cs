using System.Diagnostics;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator.Blocks;
using A64Jit.Translator.Emission;

namespace A64Jit.Translator;

/// <summary>A block or region translated into a DynamicMethod, ready to run.</summary>
public sealed class TranslatedBlock
{
    internal TranslatedBlock(GuestRegion region, uint mode, BlockFunc func, EmitSummary summary, long emitTicks, long jitTicks, bool minOpts = false)
    {
        IsMinOpts = minOpts;
        Region = region;
        ProbePc = region.Pc;
        ProbeMode = mode;
        ProbeCount = (ulong)region.Entry.Count;
        Mode = mode;
        Func = func;
        Summary = summary;
        EmitTicks = emitTicks;
        JitTicks = jitTicks;
    }

    /// <summary>The entry block (the one the engine checks the budget against before entering).</summary>
    public GuestBlock Guest => Region.Entry;
    /// <summary>Every block compiled into the method (just <see cref="Guest"/> unless it is a region with internal jumps).</summary>
    public GuestRegion Region { get; }
    public ulong Pc => Region.Pc;
    /// <summary>Guest instructions compiled into the method (what the code cap counts).</summary>
    public int InstructionCount => Region.InstructionCount;
    /// <summary>The execution-state bits the block was translated for (see <see cref="BlockCompiler.ModeOf"/>).</summary>
    public uint Mode { get; }
    /// <summary>
    /// The compiled method's entry point, called directly by the engine (cheaper than the
    /// delegate); 0 when unavailable. Valid while the translation is referenced (its
    /// <see cref="Func"/> keeps the method alive).
    /// </summary>
    public nint Entry
    {
        get => _entry;
        internal init
        {
            _entry = value;
            ChainEntry = IsMinOpts ? 0 : value;
        }
    }
    private readonly nint _entry;

    // Copied into the per-core jump-cache entries BlockRuntime.Chain reads (BlockContext.JumpEntry): plain fields.

    /// <summary><see cref="Pc"/>, as a field.</summary>
    public readonly ulong ProbePc;
    /// <summary><see cref="Mode"/>, as a field.</summary>
    public readonly uint ProbeMode;
    /// <summary>Instructions of the entry block (the budget a caller must have left to enter), as a field.</summary>
    public readonly ulong ProbeCount;
    /// <summary>The entry point other translations may chain to: <see cref="Entry"/>, or 0 for a MinOpts translation (entered by the engine, which counts entries for promotion).</summary>
    public readonly nint ChainEntry;
    /// <summary>Compiled with RyuJIT's MinOpts (a first tier the engine replaces once the code is hot).</summary>
    public bool IsMinOpts { get; }
    /// <summary>Dispatches counted by engines for promotion (approximate when cores share the translation).</summary>
    internal int Entries;
    public BlockFunc Func { get; }
    public EmitSummary Summary { get; }
    /// <summary>Stopwatch ticks spent discovering and emitting IL.</summary>
    public long EmitTicks { get; }
    /// <summary>Stopwatch ticks spent in RyuJIT compiling the method (forced before first run).</summary>
    public long JitTicks { get; }

    /// <summary>
    /// True until the translation is dropped from its cache (invalidated, flushed or evicted);
    /// attached cores are then told through <see cref="BlockContext.Dropped"/>.
    /// </summary>
    public bool Live = true;

    /// <summary>False once dropped from the cache (invalidated, flushed or evicted).</summary>
    public bool Valid
    {
        get => Volatile.Read(ref Live);
        internal set => Volatile.Write(ref Live, value);
    }
}

/// <summary>Turns guest blocks into DynamicMethods and compiles them eagerly.</summary>
/// <remarks>
/// The methods are associated with this assembly's module, so RyuJIT optimises them as it
/// optimises this assembly: fully in Release builds, with MinOpts in Debug builds (cheaper
/// to compile, slower to run; the test suite runs Debug).
/// </remarks>
public static unsafe class BlockCompiler
{
    private static readonly Type[] Parameters = [typeof(CpuState*), typeof(BlockContext)];
    private static readonly MethodInfo? GetMethodDescriptor =
        typeof(DynamicMethod).GetMethod("GetMethodDescriptor", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>
    /// A dynamic module whose assembly asks for unoptimised code: DynamicMethods owned by it are
    /// compiled by RyuJIT with MinOpts (quicker to compile, slower to run). Null if the runtime refuses.
    /// </summary>
    private static readonly Module? MinOptsModule = CreateMinOptsModule();

    private static Module? CreateMinOptsModule()
    {
        try
        {
            var ab = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("A64Jit.Translated.MinOpts"), AssemblyBuilderAccess.Run);
            var ctor = typeof(DebuggableAttribute).GetConstructor([typeof(DebuggableAttribute.DebuggingModes)])!;
            ab.SetCustomAttribute(new CustomAttributeBuilder(ctor,
                [DebuggableAttribute.DebuggingModes.DisableOptimizations | DebuggableAttribute.DebuggingModes.Default]));
            return ab.DefineDynamicModule("MinOpts");
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A64JIT_TRACE_COMPILE=1: one line per compiled translation on stderr (size, emission and RyuJIT time).</summary>
    private static readonly bool TraceCompile = Environment.GetEnvironmentVariable("A64JIT_TRACE_COMPILE") == "1";

    /// <summary>True when translations can be compiled with MinOpts (see <see cref="Compile(GuestRegion, uint, NativeSwitches, GuestMemory?, bool)"/>).</summary>
    public static bool CanCompileMinOpts => MinOptsModule != null;

    /// <summary>True when RyuJIT compilation can be forced (and therefore measured) before the first call.</summary>
    public static bool CanForceJit => GetMethodDescriptor != null;

    /// <summary>The PSTATE bits a translation depends on: EL and nRW.</summary>
    public static uint ModeOf(CpuState* s) => s->Pstate & (PstateBits.ElMask | PstateBits.nRW);

    /// <summary>Compiles one block; its exits all return (even a jump to its own start), so it needs no <see cref="BlockContext.Running"/>.</summary>
    public static TranslatedBlock Compile(GuestBlock block, uint mode, NativeSwitches native) =>
        Compile(new GuestRegion([block]), mode, native, regions: false);

    /// <summary>Compiles a region (see <see cref="BlockEmitter.Emit(IIlSink, GuestRegion, NativeSwitches)"/>); one without internal jumps is compiled as its entry block.</summary>
    /// <param name="geometry">When given, the page table address and geometry of this memory are compiled in (see <see cref="BlockEmitter.Emit(IIlSink, GuestRegion, NativeSwitches, GuestMemory?)"/>).</param>
    /// <param name="minOpts">Compile with RyuJIT's MinOpts when possible (<see cref="CanCompileMinOpts"/>).</param>
    public static TranslatedBlock Compile(GuestRegion region, uint mode, NativeSwitches native, GuestMemory? geometry = null, bool minOpts = false) =>
        Compile(region, mode, native, regions: true, geometry, minOpts);

    private static TranslatedBlock Compile(GuestRegion region, uint mode, NativeSwitches native, bool regions, GuestMemory? geometry = null, bool minOpts = false)
    {
        long t0 = Stopwatch.GetTimestamp();
        if (region.Blocks.Length > 1 && !BlockEmitter.HasInternalJumps(region, native)) region = new GuestRegion([region.Entry]);
        var owner = minOpts && MinOptsModule != null ? MinOptsModule : typeof(BlockCompiler).Module;
        var dm = new DynamicMethod($"A64_{region.Pc:x}", typeof(ulong), Parameters, owner, skipVisibility: true);
        // Every local is assigned before it is read, so the prologue need not zero them.
        dm.InitLocals = false;
        var sink = new DynamicMethodSink(dm.GetILGenerator());
        var summary = regions ? BlockEmitter.Emit(sink, region, native, geometry) : BlockEmitter.Emit(sink, region.Entry, native);
        long t1 = Stopwatch.GetTimestamp();
        // CreateDelegate finalises the method (and may compile it); PrepareMethod compiles it if not yet.
        var func = dm.CreateDelegate<BlockFunc>();
        nint entry = ForceJit(dm);
        long t2 = Stopwatch.GetTimestamp();
        if (TraceCompile)
            Console.Error.WriteLine($"a64jit: compiled {region.Pc:x} blocks={region.Blocks.Length} insns={region.InstructionCount} il={sink.Generator.ILOffset} locals={sink.LocalCount} emit={(t1 - t0) * 1e6 / Stopwatch.Frequency:F0}us jit={(t2 - t1) * 1e6 / Stopwatch.Frequency:F0}us{(ReferenceEquals(owner, MinOptsModule) ? " minopts" : "")}");
        return new TranslatedBlock(region, mode, func, summary, t1 - t0, t2 - t1, ReferenceEquals(owner, MinOptsModule)) { Entry = entry };
    }

    /// <summary>Compiles the method now; returns its entry point (0 when it cannot be obtained).</summary>
    private static nint ForceJit(DynamicMethod dm)
    {
        if (GetMethodDescriptor == null) return 0;
        var handle = (RuntimeMethodHandle)GetMethodDescriptor.Invoke(dm, null)!;
        RuntimeHelpers.PrepareMethod(handle);
        return handle.GetFunctionPointer();
    }
}

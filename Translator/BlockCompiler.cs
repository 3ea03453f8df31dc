using System.Diagnostics;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using A64Jit.Core.State;
using A64Jit.Translator.Blocks;
using A64Jit.Translator.Emission;

namespace A64Jit.Translator;

/// <summary>A block translated into a DynamicMethod, ready to run.</summary>
public sealed class TranslatedBlock
{
    internal TranslatedBlock(GuestBlock guest, uint mode, BlockFunc func, EmitSummary summary, long emitTicks, long jitTicks)
    {
        Guest = guest;
        Mode = mode;
        Func = func;
        Summary = summary;
        EmitTicks = emitTicks;
        JitTicks = jitTicks;
    }

    public GuestBlock Guest { get; }
    public ulong Pc => Guest.Pc;
    /// <summary>The execution-state bits the block was translated for (see <see cref="BlockCompiler.ModeOf"/>).</summary>
    public uint Mode { get; }
    public BlockFunc Func { get; }
    public EmitSummary Summary { get; }
    /// <summary>Stopwatch ticks spent discovering and emitting IL.</summary>
    public long EmitTicks { get; }
    /// <summary>Stopwatch ticks spent in RyuJIT compiling the method (forced before first run).</summary>
    public long JitTicks { get; }
    /// <summary>False once dropped from the cache (invalidated, flushed or evicted).</summary>
    public bool Valid { get; internal set; } = true;
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

    /// <summary>True when RyuJIT compilation can be forced (and therefore measured) before the first call.</summary>
    public static bool CanForceJit => GetMethodDescriptor != null;

    /// <summary>The PSTATE bits a translation depends on: EL and nRW.</summary>
    public static uint ModeOf(CpuState* s) => s->Pstate & (PstateBits.ElMask | PstateBits.nRW);

    public static TranslatedBlock Compile(GuestBlock block, uint mode, NativeSwitches native)
    {
        long t0 = Stopwatch.GetTimestamp();
        var dm = new DynamicMethod($"A64_{block.Pc:x}", typeof(ulong), Parameters, typeof(BlockCompiler).Module, skipVisibility: true);
        var summary = BlockEmitter.Emit(new DynamicMethodSink(dm.GetILGenerator()), block, native);
        long t1 = Stopwatch.GetTimestamp();
        // CreateDelegate finalises the method (and may compile it); PrepareMethod compiles it if not yet.
        var func = dm.CreateDelegate<BlockFunc>();
        ForceJit(dm);
        long t2 = Stopwatch.GetTimestamp();
        return new TranslatedBlock(block, mode, func, summary, t1 - t0, t2 - t1);
    }

    private static void ForceJit(DynamicMethod dm)
    {
        if (GetMethodDescriptor == null) return;
        var handle = (RuntimeMethodHandle)GetMethodDescriptor.Invoke(dm, null)!;
        RuntimeHelpers.PrepareMethod(handle);
    }
}

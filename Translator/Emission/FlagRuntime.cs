using System.Runtime.CompilerServices;

namespace A64Jit.Translator.Emission;

/// <summary>
/// NZCV (bits 31:28) of the flag-setting operations translated code defers, and the
/// materialisation of deferred flags (public so that dumped assemblies can call them too).
/// </summary>
/// <remarks>
/// Translated code keeps the flags of the last flag-setting instruction as its operands and a
/// kind (<see cref="Packed"/>, <see cref="Sub32"/>, ...): the packed NZCV word is computed only where
/// something needs it as a whole (an exit, the interpreter fallback, MRS NZCV, a condition that
/// cannot be decided from the operands). The formulas are branch-free (set-on-condition), so
/// RyuJIT emits no jumps for them.
/// </remarks>
public static class FlagRuntime
{
    /// <summary>Kinds of deferred flags: what the operands a and b stand for.</summary>
    public const int Packed = 0, Sub32 = 1, Sub64 = 2, Add32 = 3, Add64 = 4, Logic32 = 5, Logic64 = 6;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint B(bool b) => Unsafe.BitCast<bool, byte>(b);

    /// <summary>NZCV of a - b (SUBS/CMP), 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Sub64Flags(ulong a, ulong b)
    {
        ulong r = a - b;
        return (uint)(r >> 63) << 31 | B(r == 0) << 30 | B(a >= b) << 29 | (uint)(((a ^ b) & (a ^ r)) >> 63) << 28;
    }

    /// <summary>NZCV of a - b (SUBS/CMP), 32 bits (the upper halves of a and b are ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Sub32Flags(ulong a64, ulong b64)
    {
        uint a = (uint)a64, b = (uint)b64, r = a - b;
        return (r >> 31) << 31 | B(r == 0) << 30 | B(a >= b) << 29 | (((a ^ b) & (a ^ r)) >> 31) << 28;
    }

    /// <summary>NZCV of a + b (ADDS/CMN), 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add64Flags(ulong a, ulong b)
    {
        ulong r = a + b;
        return (uint)(r >> 63) << 31 | B(r == 0) << 30 | B(r < a) << 29 | (uint)(((a ^ r) & (b ^ r)) >> 63) << 28;
    }

    /// <summary>NZCV of a + b (ADDS/CMN), 32 bits (the upper halves of a and b are ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add32Flags(ulong a64, ulong b64)
    {
        uint a = (uint)a64, b = (uint)b64, r = a + b;
        return (r >> 31) << 31 | B(r == 0) << 30 | B(r < a) << 29 | (((a ^ r) & (b ^ r)) >> 31) << 28;
    }

    /// <summary>NZCV of a logical result (ANDS/BICS/TST): N and Z from it, C = V = 0; 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Logic64Flags(ulong r) => (uint)(r >> 63) << 31 | B(r == 0) << 30;

    /// <summary>NZCV of a logical result, 32 bits (the upper half is ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Logic32Flags(ulong r64)
    {
        uint r = (uint)r64;
        return (r >> 31) << 31 | B(r == 0) << 30;
    }

    /// <summary>The packed NZCV of deferred flags whose kind is known only at run time (cold exits, region block starts).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static uint Materialize(int kind, ulong a, ulong b, uint packed) => kind switch
    {
        Sub32 => Sub32Flags(a, b),
        Sub64 => Sub64Flags(a, b),
        Add32 => Add32Flags(a, b),
        Add64 => Add64Flags(a, b),
        Logic32 => Logic32Flags(a),
        Logic64 => Logic64Flags(a),
        _ => packed,
    };
}

using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator.Blocks;

namespace A64Jit.Translator.Emission;

// Native IL for loads and stores of SIMD&FP registers: LDR/STR (unsigned offset, unscaled,
// pre-/post-index, register offset) of B/H/S/D/Q, LDP/STP/LDNP/STNP of S/D/Q, LD1-LD4/ST1-ST4
// (multiple and single structures, no offset and post-index), LD1R-LD4R and LDR (literal). Vector
// registers are not cached in locals: they are read and written in the state directly, a whole Q
// register as one unaligned Vector128 move between the host page and its slot.
public sealed partial class BlockEmitter
{
    private static readonly MethodInfo MRead128SlowCtx = typeof(SimdMemoryRuntime).GetMethod(nameof(SimdMemoryRuntime.Read128SlowToContext))!;

    private IlLocal? _tHi;

    private static void RegisterSimdMemory()
    {
        FlagUse exits(uint w) => FlagUse.ReadsOrExits;
        void mem(string name, NativeEmitter emit)
        {
            Register(name, emit, exits);
            MemoryNames.Add(name);
        }
        void memIf(string name, NativeEmitter emit, Func<uint, bool> accept)
        {
            Register(name, emit, exits, accept);
            MemoryNames.Add(name);
        }
        foreach (var n in new[] { "STR_imm_off_fpsimd", "LDR_imm_off_fpsimd" }) mem(n, (e, i) => e.SimdLoadStore(i, SimdAddressing.UnsignedOffset));
        foreach (var n in new[] { "STUR_fpsimd", "LDUR_fpsimd" }) mem(n, (e, i) => e.SimdLoadStore(i, SimdAddressing.Unscaled));
        foreach (var n in new[] { "STR_imm_pre_fpsimd", "LDR_imm_pre_fpsimd" }) mem(n, (e, i) => e.SimdLoadStore(i, SimdAddressing.Pre));
        foreach (var n in new[] { "STR_imm_post_fpsimd", "LDR_imm_post_fpsimd" }) mem(n, (e, i) => e.SimdLoadStore(i, SimdAddressing.Post));
        foreach (var n in new[] { "STR_reg_fpsimd", "LDR_reg_fpsimd" }) mem(n, (e, i) => e.SimdLoadStore(i, SimdAddressing.Register));
        mem("LDR_lit_fpsimd", (e, i) => e.SimdLoadLiteral(i));
        foreach (var n in new[] { "STNP_fpsimd", "LDNP_fpsimd", "STP_off_fpsimd", "LDP_off_fpsimd" }) mem(n, (e, i) => e.SimdPair(i, IndexMode.Unscaled));
        foreach (var n in new[] { "STP_pre_fpsimd", "LDP_pre_fpsimd" }) mem(n, (e, i) => e.SimdPair(i, IndexMode.Pre));
        foreach (var n in new[] { "STP_post_fpsimd", "LDP_post_fpsimd" }) mem(n, (e, i) => e.SimdPair(i, IndexMode.Post));
        foreach (var n in new[] { "LD1R", "LD1R_post_imm", "LD1R_post_reg" }) memIf(n, (e, i) => e.SimdStructSingle(i), w => SingleStructureShape(w).Valid);
        foreach (var op in new[] { "LD", "ST" })
            for (int k = 2; k <= 4; k++)
                foreach (var suffix in new[] { "", "_post_imm", "_post_reg" })
                    mem($"{op}{k}_mult{suffix}", (e, i) => e.SimdStructMultiple(i));
        foreach (var op in new[] { "LD", "ST" })
            for (int k = 1; k <= 4; k++)
                foreach (var lane in new[] { "b", "h", "s", "d" })
                    foreach (var suffix in new[] { "", "_post_imm", "_post_reg" })
                        memIf($"{op}{k}_single_{lane}{suffix}", (e, i) => e.SimdStructSingle(i), w => SingleStructureShape(w).Valid);
        for (int k = 2; k <= 4; k++)
            foreach (var suffix in new[] { "", "_post_imm", "_post_reg" })
                memIf($"LD{k}R{suffix}", (e, i) => e.SimdStructSingle(i), w => SingleStructureShape(w).Valid);
        foreach (var op in new[] { "LD1", "ST1" })
            for (int r = 1; r <= 4; r++)
                foreach (var suffix in new[] { "", "_post_imm", "_post_reg" })
                    mem($"{op}_mult_{r}reg{suffix}", (e, i) => e.SimdMultiple1(i));
    }

    private enum SimdAddressing : byte { UnsignedOffset, Unscaled, Pre, Post, Register }

    private static int OffV(int n, int half) => CpuState.OffsetOfV(n) + 8 * half;

    /// <summary>Pushes the 64-bit half <paramref name="half"/> of V[n] from the state.</summary>
    private void LdV(int n, int half)
    {
        LdStateAddr(OffV(n, half));
        _il.Emit(OpCodes.Ldind_I8);
    }

    /// <summary>V[n] half = the value in <paramref name="local"/>.</summary>
    private void StVFrom(int n, int half, IlLocal local)
    {
        LdStateAddr(OffV(n, half));
        _il.Emit(OpCodes.Ldloc, local);
        _il.Emit(OpCodes.Stind_I8);
    }

    private static readonly MethodInfo MCreateScalarU64 = typeof(Vector128).GetMethod(nameof(Vector128.CreateScalar), [typeof(ulong)])!;

    /// <summary>
    /// V[n] = the value in <paramref name="local"/> zero-extended to 128 bits, as one 16-byte
    /// store: a later 16-byte load of the register (a vector instruction) is then forwarded from
    /// it, where two 8-byte stores would stall it until they reach the cache.
    /// </summary>
    private void StVScalar(int n, IlLocal local)
    {
        LdStateAddr(OffV(n, 0));
        _il.Emit(OpCodes.Ldloc, local);
        _il.Emit(OpCodes.Call, MCreateScalarU64);
        _il.Emit(OpCodes.Stobj, typeof(Vector128<ulong>));
    }

    private void StVZero(int n, int half)
    {
        LdStateAddr(OffV(n, half));
        LdcU8(0);
        _il.Emit(OpCodes.Stind_I8);
    }

    /// <summary>CheckSPAlignment() when the base is SP: with a misaligned SP the interpreter runs the instruction (it faults or not, as SCTLR says).</summary>
    private void EmitSpAlignmentCheck(int n, ulong pc)
    {
        if (n != 31) return;
        var sp = Temp(ref _tAddr, typeof(ulong));
        LdReg(31);
        _il.Emit(OpCodes.Stloc, sp);
        _il.Emit(OpCodes.Ldloc, sp);
        LdcU8(15);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Brtrue, InterpretExit(pc));
    }

    private void EmitLoadPrefix(bool ordered)
    {
        if (ordered) _il.Emit(OpCodes.Volatile);
        else _il.Emit(OpCodes.Unaligned, 1);
    }

    /// <summary>
    /// Loads 16 bytes at _tAddr into _tVal (low) and _tHi (high) for LDXP/LDAXP; a fault exits
    /// the block. An ordered (acquire) load is two volatile host loads. The slow path returns the
    /// value in the context's SlowValue/SlowValue2, so the locals are never address-taken.
    /// </summary>
    private void EmitLoad128(ulong pc, bool ordered = false)
    {
        var addr = _tAddr!.Value;
        var lo = Temp(ref _tVal, typeof(ulong));
        var hi = Temp(ref _tHi, typeof(ulong));
        var host = Temp(ref _tHost, typeof(nint));
        var slow = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitHostAddress(addr, 16, GuestMemory.EntryRead, GuestMemory.EntryRead, slow);
        _il.Emit(OpCodes.Stloc, host);
        _il.Emit(OpCodes.Ldloc, host);
        EmitLoadPrefix(ordered);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Stloc, lo);
        _il.Emit(OpCodes.Ldloc, host);
        _il.Emit(OpCodes.Ldc_I4_8);
        _il.Emit(OpCodes.Add);
        EmitLoadPrefix(ordered);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Stloc, hi);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(slow);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, addr);
        _il.Emit(OpCodes.Call, MRead128SlowCtx);
        EmitSlowValueOrStop(pc, lo, hi);
        _il.MarkLabel(done);
    }

    private static readonly Type TQ = typeof(Vector128<byte>);

    /// <summary>V[t] = the 16 bytes at host address _tHost + <paramref name="hostOff"/>: one unaligned Vector128 load and store.</summary>
    private void EmitQFromHost(int t, int hostOff)
    {
        LdStateAddr(OffV(t, 0));
        _il.Emit(OpCodes.Ldloc, _tHost!.Value);
        if (hostOff != 0) { _il.Emit(OpCodes.Ldc_I4, hostOff); _il.Emit(OpCodes.Add); }
        _il.Emit(OpCodes.Unaligned, 1);
        _il.Emit(OpCodes.Ldobj, TQ);
        _il.Emit(OpCodes.Stobj, TQ);
    }

    /// <summary>The 16 bytes at host address _tHost + <paramref name="hostOff"/> = V[t]: one Vector128 load and unaligned store.</summary>
    private void EmitQToHost(int t, int hostOff)
    {
        _il.Emit(OpCodes.Ldloc, _tHost!.Value);
        if (hostOff != 0) { _il.Emit(OpCodes.Ldc_I4, hostOff); _il.Emit(OpCodes.Add); }
        LdStateAddr(OffV(t, 0));
        _il.Emit(OpCodes.Ldobj, TQ);
        _il.Emit(OpCodes.Unaligned, 1);
        _il.Emit(OpCodes.Stobj, TQ);
    }

    /// <summary>
    /// LDR/STR Q at _tAddr: inline a single Vector128 move between the host page and V[t]'s
    /// slot; otherwise (page crossing, not permitted, code page, fault) the interpreter runs the
    /// instruction.
    /// </summary>
    private void EmitQTransfer(bool load, int t, ulong pc)
    {
        var addr = _tAddr!.Value;
        Temp(ref _tHost, typeof(nint));
        var exit = InterpretExit(pc);
        if (load) EmitHostAddress(addr, 16, GuestMemory.EntryRead, GuestMemory.EntryRead, exit);
        else EmitHostAddress(addr, 16, GuestMemory.EntryWrite | GuestMemory.EntryCode, GuestMemory.EntryWrite, exit);
        _il.Emit(OpCodes.Stloc, _tHost!.Value);
        if (load) EmitQFromHost(t, 0); else EmitQToHost(t, 0);
    }

    /// <summary>Loads or stores V[t] (bytes = 1..16) at the address in _tAddr.</summary>
    private void EmitSimdTransfer(bool load, int t, int bytes, ulong pc)
    {
        if (bytes == 16)
        {
            EmitQTransfer(load, t, pc);
            return;
        }
        if (load)
        {
            EmitLoad(bytes, pc);
            StVScalar(t, _tVal!.Value);
        }
        else
        {
            LdV(t, 0);
            _il.Emit(OpCodes.Stloc, Temp(ref _tVal, typeof(ulong)));
            EmitStore(bytes, pc);
        }
    }

    /// <summary>LDR/STR/LDUR/STUR of B/H/S/D/Q (scale = opc&lt;1&gt;:size).</summary>
    private void SimdLoadStore(GuestInstruction i, SimdAddressing mode)
    {
        uint w = i.Word;
        int scale = (int)(((w >> 21) & 4) | (w >> 30)), bytes = 1 << scale;
        bool load = ((w >> 22) & 1) != 0;
        int t = (int)(w & 31), n = (int)((w >> 5) & 31);
        EmitSpAlignmentCheck(n, i.Pc);
        var addr = Temp(ref _tAddr, typeof(ulong));
        ulong offset = mode switch
        {
            SimdAddressing.UnsignedOffset => (ulong)((w >> 10) & 0xFFF) << scale,
            SimdAddressing.Register => 0,
            _ => SignExtend((w >> 12) & 0x1FF, 9),
        };
        LdXOrSP(n, true);
        if (mode == SimdAddressing.Register)
        {
            int m = (int)((w >> 16) & 31), option = (int)((w >> 13) & 7);
            bool shift = ((w >> 12) & 1) != 0;
            LdX(m, true);
            switch (option)
            {
                case 2: _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Conv_U8); break; // UXTW
                case 6: _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Conv_I8); break; // SXTW
                case 3: case 7: break;                                              // LSL / SXTX
                default: throw new InvalidOperationException($"unallocated extend option {option} in {w:x8}");
            }
            if (shift && scale != 0) { _il.Emit(OpCodes.Ldc_I4, scale); _il.Emit(OpCodes.Shl); }
            _il.Emit(OpCodes.Add);
        }
        else if (mode != SimdAddressing.Post && offset != 0)
        {
            LdcU8(offset);
            _il.Emit(OpCodes.Add);
        }
        _il.Emit(OpCodes.Stloc, addr);
        EmitSimdTransfer(load, t, bytes, i.Pc);
        if (mode is SimdAddressing.Pre or SimdAddressing.Post)
        {
            _il.Emit(OpCodes.Ldloc, addr);
            if (mode == SimdAddressing.Post) { LdcU8(offset); _il.Emit(OpCodes.Add); }
            StXOrSP(n, true);
        }
    }

    /// <summary>LDR (literal, SIMD&amp;FP): S, D or Q at PC + imm19 * 4.</summary>
    private void SimdLoadLiteral(GuestInstruction i)
    {
        uint w = i.Word;
        int bytes = 4 << (int)(w >> 30);
        var addr = Temp(ref _tAddr, typeof(ulong));
        LdcU8(i.Pc + (SignExtend((w >> 5) & 0x7FFFF, 19) << 2));
        _il.Emit(OpCodes.Stloc, addr);
        EmitSimdTransfer(true, (int)(w & 31), bytes, i.Pc);
    }

    /// <summary>LDP/STP/LDNP/STNP of S, D, Q (offset, pre- and post-indexed).</summary>
    private void SimdPair(GuestInstruction i, IndexMode mode)
    {
        uint w = i.Word;
        int scale = 2 + (int)(w >> 30), bytes = 1 << scale;
        bool load = ((w >> 22) & 1) != 0;
        int t = (int)(w & 31), t2 = (int)((w >> 10) & 31), n = (int)((w >> 5) & 31);
        ulong offset = SignExtend((w >> 15) & 0x7F, 7) << scale;
        EmitSpAlignmentCheck(n, i.Pc);
        var addr = Temp(ref _tAddr, typeof(ulong));
        LdXOrSP(n, true);
        if (mode != IndexMode.Post && offset != 0) { LdcU8(offset); _il.Emit(OpCodes.Add); }
        _il.Emit(OpCodes.Stloc, addr);
        if (bytes <= 8)
        {
            var v1 = Temp(ref _tVal, typeof(ulong));
            var v2 = Temp(ref _tVal2, typeof(ulong));
            if (!load)
            {
                LdV(t, 0); _il.Emit(OpCodes.Stloc, v1);
                LdV(t2, 0); _il.Emit(OpCodes.Stloc, v2);
            }
            EmitPairAccess(load, bytes, i.Pc);
            if (load)
            {
                StVScalar(t, v1);
                StVScalar(t2, v2);
            }
        }
        else EmitPair128(load, t, t2, i.Pc);
        if (mode != IndexMode.Unscaled)
        {
            _il.Emit(OpCodes.Ldloc, addr);
            if (mode == IndexMode.Post) { LdcU8(offset); _il.Emit(OpCodes.Add); }
            StXOrSP(n, true);
        }
    }

    /// <summary>Both 16-byte registers of an LDP/STP (Q) at _tAddr: two Vector128 moves when the 32 bytes are on one permitted page.</summary>
    private void EmitPair128(bool load, int t, int t2, ulong pc)
    {
        var addr = _tAddr!.Value;
        var host = Temp(ref _tHost, typeof(nint));
        var exit = InterpretExit(pc);
        if (load) EmitHostAddress(addr, 32, GuestMemory.EntryRead, GuestMemory.EntryRead, exit);
        else EmitHostAddress(addr, 32, GuestMemory.EntryWrite | GuestMemory.EntryCode, GuestMemory.EntryWrite, exit);
        _il.Emit(OpCodes.Stloc, host);
        if (load)
        {
            // Vt first, then Vt2 (as the interpreter: LDP Qt, Qt leaves the second value).
            EmitQFromHost(t, 0);
            EmitQFromHost(t2, 16);
        }
        else
        {
            EmitQToHost(t, 0);
            EmitQToHost(t2, 16);
        }
    }

    /// <summary>LD1/ST1 (multiple structures, 1-4 registers), no offset or post-indexed by the size or by Rm.</summary>
    private void SimdMultiple1(GuestInstruction i)
    {
        uint w = i.Word;
        bool load = ((w >> 22) & 1) != 0, post = ((w >> 23) & 1) != 0;
        int t = (int)(w & 31), n = (int)((w >> 5) & 31), m = (int)((w >> 16) & 31);
        int regs = ((w >> 12) & 15) switch { 0b0111 => 1, 0b1010 => 2, 0b0110 => 3, _ => 4 };
        int bytes = ((w >> 30) & 1) != 0 ? 16 : 8;
        int total = regs * bytes;
        EmitSpAlignmentCheck(n, i.Pc);
        var addr = Temp(ref _tAddr, typeof(ulong));
        var host = Temp(ref _tHost, typeof(nint));
        LdXOrSP(n, true);
        _il.Emit(OpCodes.Stloc, addr);
        var exit = InterpretExit(i.Pc);
        if (load) EmitHostAddress(addr, total, GuestMemory.EntryRead, GuestMemory.EntryRead, exit);
        else EmitHostAddress(addr, total, GuestMemory.EntryWrite | GuestMemory.EntryCode, GuestMemory.EntryWrite, exit);
        _il.Emit(OpCodes.Stloc, host);
        for (int r = 0; r < regs; r++)
        {
            int v = (t + r) & 31;
            if (bytes == 16)
            {
                if (load) EmitQFromHost(v, 16 * r); else EmitQToHost(v, 16 * r);
                continue;
            }
            for (int k = 0; k < 2; k++)
            {
                if (k == 1 && bytes == 8)
                {
                    if (load) StVZero(v, 1);
                    continue;
                }
                int off = r * bytes + 8 * k;
                if (load)
                {
                    LdStateAddr(OffV(v, k));
                    _il.Emit(OpCodes.Ldloc, host);
                    if (off != 0) { _il.Emit(OpCodes.Ldc_I4, off); _il.Emit(OpCodes.Add); }
                    _il.Emit(OpCodes.Unaligned, 1);
                    _il.Emit(OpCodes.Ldind_I8);
                    _il.Emit(OpCodes.Stind_I8);
                }
                else
                {
                    _il.Emit(OpCodes.Ldloc, host);
                    if (off != 0) { _il.Emit(OpCodes.Ldc_I4, off); _il.Emit(OpCodes.Add); }
                    LdV(v, k);
                    _il.Emit(OpCodes.Unaligned, 1);
                    _il.Emit(OpCodes.Stind_I8);
                }
            }
        }
        if (post)
        {
            _il.Emit(OpCodes.Ldloc, addr);
            if (m == 31) LdcU8((ulong)total); else LdX(m, true);
            _il.Emit(OpCodes.Add);
            StXOrSP(n, true);
        }
    }


    /// <summary>The shape of a multiple-structure word: registers per structure (selem), repeats (rpt); selem 0 when the opcode is not allocated.</summary>
    internal static (int Selem, int Rpt) MultipleStructureShape(uint w) => ((w >> 12) & 15) switch
    {
        0b0000 => (4, 1),
        0b0010 => (1, 4),
        0b0100 => (3, 1),
        0b0110 => (1, 3),
        0b0111 => (1, 1),
        0b1000 => (2, 1),
        0b1010 => (1, 2),
        _ => (0, 0),
    };

    /// <summary>
    /// The shape of a single-structure or replicate word as the Arm ARM decodes it: element
    /// size (log2 bytes), lane index, registers, replicate; Valid is false where the
    /// interpreter raises UNDEFINED.
    /// </summary>
    internal static (bool Valid, int Scale, int Index, int Selem, bool Replicate) SingleStructureShape(uint w)
    {
        bool load = ((w >> 22) & 1) != 0;
        uint opcode = (w >> 13) & 7, q = (w >> 30) & 1, sbit = (w >> 12) & 1, size = (w >> 10) & 3;
        int scale = (int)(opcode >> 1);
        int selem = (int)(((opcode & 1) << 1) | ((w >> 21) & 1)) + 1;
        switch (scale)
        {
            case 3:
                if (!load || sbit == 1) return default;
                return (true, (int)size, 0, selem, true);
            case 0:
                return (true, 0, (int)((q << 3) | (sbit << 2) | size), selem, false);
            case 1:
                if ((size & 1) == 1) return default;
                return (true, 1, (int)((q << 2) | (sbit << 1) | (size >> 1)), selem, false);
            default:
                if ((size & 2) != 0) return default;
                if ((size & 1) == 0) return (true, 2, (int)((q << 1) | sbit), selem, false);
                if (sbit == 1) return default;
                return (true, 3, (int)q, selem, false);
        }
    }

    /// <summary>Moves one element of 1 &lt;&lt; scale bytes between the host address in _tHost + hostOff and the state at stateOff.</summary>
    private void EmitElementMove(bool load, int scale, int hostOff, int stateOff)
    {
        var host = _tHost!.Value;
        OpCode ld = scale switch { 0 => OpCodes.Ldind_U1, 1 => OpCodes.Ldind_U2, 2 => OpCodes.Ldind_U4, _ => OpCodes.Ldind_I8 };
        OpCode st = scale switch { 0 => OpCodes.Stind_I1, 1 => OpCodes.Stind_I2, 2 => OpCodes.Stind_I4, _ => OpCodes.Stind_I8 };
        if (load)
        {
            LdStateAddr(stateOff);
            _il.Emit(OpCodes.Ldloc, host);
            if (hostOff != 0) { _il.Emit(OpCodes.Ldc_I4, hostOff); _il.Emit(OpCodes.Add); }
            _il.Emit(OpCodes.Unaligned, 1);
            _il.Emit(ld);
            _il.Emit(st);
        }
        else
        {
            _il.Emit(OpCodes.Ldloc, host);
            if (hostOff != 0) { _il.Emit(OpCodes.Ldc_I4, hostOff); _il.Emit(OpCodes.Add); }
            LdStateAddr(stateOff);
            _il.Emit(ld);
            _il.Emit(OpCodes.Unaligned, 1);
            _il.Emit(st);
        }
    }

    /// <summary>
    /// The common frame of a structure access: SP alignment check, base into _tAddr, the inline
    /// path when all <paramref name="total"/> bytes are on one permitted page (<paramref name="inline"/>
    /// with the host address in _tHost), else the interpreter runs the instruction (which checks
    /// the whole range before any register or byte changes), then the base writeback.
    /// </summary>
    private void EmitStructureAccess(GuestInstruction i, bool load, int total, Action inline)
    {
        uint w = i.Word;
        bool post = ((w >> 23) & 1) != 0;
        int n = (int)((w >> 5) & 31), m = (int)((w >> 16) & 31);
        EmitSpAlignmentCheck(n, i.Pc);
        var addr = Temp(ref _tAddr, typeof(ulong));
        var host = Temp(ref _tHost, typeof(nint));
        LdXOrSP(n, true);
        _il.Emit(OpCodes.Stloc, addr);
        var exit = InterpretExit(i.Pc);
        if (load) EmitHostAddress(addr, total, GuestMemory.EntryRead, GuestMemory.EntryRead, exit);
        else EmitHostAddress(addr, total, GuestMemory.EntryWrite | GuestMemory.EntryCode, GuestMemory.EntryWrite, exit);
        _il.Emit(OpCodes.Stloc, host);
        inline();
        if (post)
        {
            _il.Emit(OpCodes.Ldloc, addr);
            if (m == 31) LdcU8((ulong)total); else LdX(m, true);
            _il.Emit(OpCodes.Add);
            StXOrSP(n, true);
        }
    }

    /// <summary>LD2-LD4/ST2-ST4 (multiple structures): element e of register s at structure offset (e * selem + s) * ebytes.</summary>
    private void SimdStructMultiple(GuestInstruction i)
    {
        uint w = i.Word;
        bool load = ((w >> 22) & 1) != 0, q = ((w >> 30) & 1) != 0;
        int t = (int)(w & 31), scale = (int)((w >> 10) & 3), ebytes = 1 << scale;
        var (selem, rpt) = MultipleStructureShape(w);
        if (selem == 0) throw new InvalidOperationException($"unallocated structure opcode in {w:x8}");
        int elements = (q ? 16 : 8) >> scale;
        int total = rpt * selem * elements * ebytes;
        EmitStructureAccess(i, load, total, () =>
        {
            int offs = 0;
            for (int r = 0; r < rpt; r++)
                for (int e = 0; e < elements; e++)
                    for (int k = 0; k < selem; k++)
                    {
                        int v = (t + r + k) & 31;
                        EmitElementMove(load, scale, offs, OffV(v, 0) + e * ebytes);
                        offs += ebytes;
                    }
            if (load && !q)
                for (int k = 0; k < rpt * selem; k++) StVZero((t + k) & 31, 1);
        });
    }

    private static ulong ReplicateFactor(int scale) => scale switch
    {
        0 => 0x0101_0101_0101_0101ul,
        1 => 0x0001_0001_0001_0001ul,
        2 => 0x0000_0001_0000_0001ul,
        _ => 1ul,
    };

    /// <summary>LD1-LD4/ST1-ST4 (single structure: one lane of each register) and LD1R-LD4R (replicated to every lane).</summary>
    private void SimdStructSingle(GuestInstruction i)
    {
        uint w = i.Word;
        bool load = ((w >> 22) & 1) != 0, q = ((w >> 30) & 1) != 0;
        int t = (int)(w & 31);
        var (valid, scale, index, selem, replicate) = SingleStructureShape(w);
        if (!valid) throw new InvalidOperationException($"unallocated single-structure form {w:x8}");
        int ebytes = 1 << scale;
        EmitStructureAccess(i, load, selem * ebytes, () =>
        {
            for (int k = 0; k < selem; k++)
            {
                int v = (t + k) & 31;
                if (!replicate)
                {
                    EmitElementMove(load, scale, k * ebytes, OffV(v, 0) + index * ebytes);
                    continue;
                }
                var val = Temp(ref _tVal, typeof(ulong));
                _il.Emit(OpCodes.Ldloc, _tHost!.Value);
                if (k != 0) { _il.Emit(OpCodes.Ldc_I4, k * ebytes); _il.Emit(OpCodes.Add); }
                _il.Emit(OpCodes.Unaligned, 1);
                _il.Emit(scale switch { 0 => OpCodes.Ldind_U1, 1 => OpCodes.Ldind_U2, 2 => OpCodes.Ldind_U4, _ => OpCodes.Ldind_I8 });
                if (scale != 3) _il.Emit(OpCodes.Conv_U8);
                if (scale != 3) { LdcU8(ReplicateFactor(scale)); _il.Emit(OpCodes.Mul); }
                _il.Emit(OpCodes.Stloc, val);
                if (q) { StVFrom(v, 0, val); StVFrom(v, 1, val); }
                else StVScalar(v, val);
            }
        });
    }
}

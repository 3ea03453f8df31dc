using System.Reflection.Emit;
using A64Jit.Translator.Blocks;

namespace A64Jit.Translator.Emission;

// Native IL for individual encodings. Each is registered with what it does to NZCV and is
// used only while its switch in NativeSwitches is on; otherwise the interpreter method runs.
public sealed partial class BlockEmitter
{
    private static void RegisterNatives()
    {
        FlagUse none(uint w) => FlagUse.None;
        FlagUse exits(uint w) => FlagUse.ReadsOrExits;
        FlagUse setsIfS(uint w) => ((w >> 29) & 1) != 0 ? FlagUse.Writes : FlagUse.None;

        foreach (var n in new[] { "ADD_imm", "ADDS_imm", "SUB_imm", "SUBS_imm" }) Register(n, (e, i) => e.AddSubImmediate(i), setsIfS);
        Register("ADR", (e, i) => e.Adr(i, page: false), none);
        Register("ADRP", (e, i) => e.Adr(i, page: true), none);
        foreach (var n in new[] { "MOVZ", "MOVN", "MOVK" }) Register(n, (e, i) => e.MoveWide(i), none);

        Register("B", (e, i) => e.BranchImmediate(i, link: false), exits);
        Register("BL", (e, i) => e.BranchImmediate(i, link: true), exits);
        Register("B_cond", (e, i) => e.BranchConditional(i), exits);
        Register("CBZ", (e, i) => e.CompareBranch(i, nonZero: false), exits);
        Register("CBNZ", (e, i) => e.CompareBranch(i, nonZero: true), exits);
        Register("TBZ", (e, i) => e.TestBranch(i, nonZero: false), exits);
        Register("TBNZ", (e, i) => e.TestBranch(i, nonZero: true), exits);
        Register("BR", (e, i) => e.BranchRegister(i, link: false), exits);
        Register("BLR", (e, i) => e.BranchRegister(i, link: true), exits);
        Register("RET", (e, i) => e.BranchRegister(i, link: false), exits);

        foreach (var n in new[] { "STRB_imm_offset", "LDRB_imm_offset", "LDRSB_imm_offset", "STRH_imm_offset", "LDRH_imm_offset",
                                  "LDRSH_imm_offset", "STR_imm_offset", "LDR_imm_offset", "LDRSW_imm_offset" })
            Register(n, (e, i) => e.LoadStore(i, registerOffset: false), exits);
        foreach (var n in new[] { "STRB_reg", "LDRB_reg", "LDRSB_reg", "STRH_reg", "LDRH_reg", "LDRSH_reg", "STR_reg", "LDR_reg", "LDRSW_reg" })
            Register(n, (e, i) => e.LoadStore(i, registerOffset: true), exits);
    }

    private static ulong SignExtend(ulong x, int bits) => (ulong)((long)(x << (64 - bits)) >> (64 - bits));

    // ------------------------------------------------------------------ data processing

    private void AddSubImmediate(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0, sub = ((w >> 30) & 1) != 0, setFlags = ((w >> 29) & 1) != 0;
        ulong imm = (ulong)((w >> 10) & 0xFFF) << (((w >> 22) & 1) != 0 ? 12 : 0);
        int d = (int)(w & 31), n = (int)((w >> 5) & 31);
        var a = Temp(ref _tA, typeof(ulong));
        var r = Temp(ref _tR, typeof(ulong));
        LdXOrSP(n, is64);
        _il.Emit(OpCodes.Stloc, a);
        _il.Emit(OpCodes.Ldloc, a);
        LdcU8(imm);
        _il.Emit(sub ? OpCodes.Sub : OpCodes.Add);
        if (!is64) Trunc32();
        _il.Emit(OpCodes.Stloc, r);
        if (setFlags && _flagsLiveAfter[_index])
        {
            _il.Emit(OpCodes.Ldloc, a);
            if (!is64) _il.Emit(OpCodes.Conv_U4);
            if (is64) LdcU8(imm); else _il.Emit(OpCodes.Ldc_I4, (int)imm);
            _il.Emit(OpCodes.Ldloc, r);
            if (!is64) _il.Emit(OpCodes.Conv_U4);
            _il.Emit(OpCodes.Call, is64 ? (sub ? MSub64 : MAdd64) : (sub ? MSub32 : MAdd32));
            StNzcv();
        }
        _il.Emit(OpCodes.Ldloc, r);
        if (setFlags) StX(d, true); else StXOrSP(d, true);
        if (setFlags && sub)
        {
            // CMP-like: keep the operands for a B.cond that follows.
            var b = Temp(ref _tB, typeof(ulong));
            LdcU8(imm);
            _il.Emit(OpCodes.Stloc, b);
            _fusedCompare = true;
            _fusedIs64 = is64;
        }
    }

    private void Adr(GuestInstruction i, bool page)
    {
        uint w = i.Word;
        ulong imm = SignExtend(((w >> 5) & 0x7FFFF) << 2 | ((w >> 29) & 3), 21);
        ulong value = page ? (i.Pc & ~0xFFFul) + (imm << 12) : i.Pc + imm;
        LdcU8(value);
        StX((int)(w & 31), true);
    }

    private void MoveWide(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0;
        int opc = (int)((w >> 29) & 3), pos = (int)((w >> 21) & 3) * 16, d = (int)(w & 31);
        ulong imm = (ulong)((w >> 5) & 0xFFFF) << pos;
        switch (opc)
        {
            case 0: LdcU8(is64 ? ~imm : ~imm & 0xFFFF_FFFFul); break; // MOVN
            case 2: LdcU8(imm); break;                                 // MOVZ
            default:                                                   // MOVK
                LdX(d, true);
                LdcU8(~(0xFFFFul << pos));
                _il.Emit(OpCodes.And);
                LdcU8(imm);
                _il.Emit(OpCodes.Or);
                break;
        }
        StX(d, is64);
    }

    // ------------------------------------------------------------------ branches

    /// <summary>Exits taken to <paramref name="target"/> when the int on the stack is non-zero, else to the next instruction.</summary>
    private void ExitOnCondition(ulong pc, ulong target)
    {
        var c = Temp(ref _tInt, typeof(int));
        _il.Emit(OpCodes.Stloc, c);
        WriteBack();
        AddRetired(_index + 1);
        var notTaken = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, c);
        _il.Emit(OpCodes.Brfalse, notTaken);
        StorePcConstAndReturn(target);
        _il.MarkLabel(notTaken);
        StorePcConstAndReturn(pc + 4);
        _terminated = true;
    }

    private void BranchImmediate(GuestInstruction i, bool link)
    {
        ulong target = i.Pc + (SignExtend(i.Word & 0x3FFFFFF, 26) << 2);
        if (link)
        {
            LdcU8(i.Pc + 4);
            StX(30, true);
        }
        EmitExitConst(target, _index + 1);
        _terminated = true;
    }

    private void BranchConditional(GuestInstruction i)
    {
        uint w = i.Word, cond = w & 15;
        ulong target = i.Pc + (SignExtend((w >> 5) & 0x7FFFF, 19) << 2);
        if (cond >= 14)
        {
            EmitExitConst(target, _index + 1);
            _terminated = true;
            return;
        }
        if (!_compareBefore || !EmitFusedCondition(cond))
        {
            _il.Emit(OpCodes.Ldc_I4, (int)cond);
            LdNzcv();
            _il.Emit(OpCodes.Call, MCond);
        }
        ExitOnCondition(i.Pc, target);
    }

    /// <summary>Pushes ConditionHolds(cond) for the flags of the CMP just emitted, from its operands; false when cond needs the flags themselves.</summary>
    private bool EmitFusedCondition(uint cond)
    {
        OpCode cmp;
        bool invert;
        switch (cond)
        {
            case 0: cmp = OpCodes.Ceq; invert = false; break;     // EQ
            case 1: cmp = OpCodes.Ceq; invert = true; break;      // NE
            case 2: cmp = OpCodes.Clt_Un; invert = true; break;   // HS
            case 3: cmp = OpCodes.Clt_Un; invert = false; break;  // LO
            case 8: cmp = OpCodes.Cgt_Un; invert = false; break;  // HI
            case 9: cmp = OpCodes.Cgt_Un; invert = true; break;   // LS
            case 10: cmp = OpCodes.Clt; invert = true; break;     // GE
            case 11: cmp = OpCodes.Clt; invert = false; break;    // LT
            case 12: cmp = OpCodes.Cgt; invert = false; break;    // GT
            case 13: cmp = OpCodes.Cgt; invert = true; break;     // LE
            default: return false;                                // MI, PL, VS, VC
        }
        bool signed = cond >= 10;
        _il.Emit(OpCodes.Ldloc, _tA!.Value);
        if (signed && !_fusedIs64) _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldloc, _tB!.Value);
        if (signed && !_fusedIs64) _il.Emit(OpCodes.Conv_I4);
        _il.Emit(cmp);
        if (invert)
        {
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Ceq);
        }
        FusedBranches++;
        return true;
    }

    private void CompareBranch(GuestInstruction i, bool nonZero)
    {
        uint w = i.Word;
        ulong target = i.Pc + (SignExtend((w >> 5) & 0x7FFFF, 19) << 2);
        LdX((int)(w & 31), (w >> 31) != 0);
        LdcU8(0);
        _il.Emit(OpCodes.Ceq);
        if (nonZero) { _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); }
        ExitOnCondition(i.Pc, target);
    }

    private void TestBranch(GuestInstruction i, bool nonZero)
    {
        uint w = i.Word;
        int bit = (int)(((w >> 31) << 5) | ((w >> 19) & 31));
        ulong target = i.Pc + (SignExtend((w >> 5) & 0x3FFF, 14) << 2);
        LdX((int)(w & 31), true);
        _il.Emit(OpCodes.Ldc_I4, bit);
        _il.Emit(OpCodes.Shr_Un);
        LdcU8(1);
        _il.Emit(OpCodes.And);
        LdcU8(0);
        _il.Emit(nonZero ? OpCodes.Cgt_Un : OpCodes.Ceq);
        ExitOnCondition(i.Pc, target);
    }

    private void BranchRegister(GuestInstruction i, bool link)
    {
        var target = Temp(ref _tTarget, typeof(ulong));
        LdX((int)((i.Word >> 5) & 31), true);
        _il.Emit(OpCodes.Stloc, target);
        if (link)
        {
            LdcU8(i.Pc + 4);
            StX(30, true);
        }
        EmitExitLocal(target, _index + 1);
        _terminated = true;
    }

    // ------------------------------------------------------------------ loads and stores

    /// <summary>
    /// LDR/STR (immediate, unsigned offset) and (register offset) of general-purpose
    /// registers, all sizes, zero- and sign-extending.
    /// </summary>
    private void LoadStore(GuestInstruction i, bool registerOffset)
    {
        uint w = i.Word;
        int scale = (int)(w >> 30), opc = (int)((w >> 22) & 3);
        int size = 1 << scale;
        int t = (int)(w & 31), n = (int)((w >> 5) & 31);
        var addr = Temp(ref _tAddr, typeof(ulong));
        LdXOrSP(n, true);
        if (registerOffset)
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
        }
        else
        {
            LdcU8((ulong)((w >> 10) & 0xFFF) << scale);
        }
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, addr);

        if (opc == 0)
        {
            var val = Temp(ref _tVal, typeof(ulong));
            LdX(t, true);
            _il.Emit(OpCodes.Stloc, val);
            EmitStore(size, i.Pc);
            return;
        }
        EmitLoad(size, i.Pc);
        _il.Emit(OpCodes.Ldloc, _tVal!.Value);
        if (opc >= 2)
        {
            _il.Emit(size == 1 ? OpCodes.Conv_I1 : size == 2 ? OpCodes.Conv_I2 : OpCodes.Conv_I4);
            _il.Emit(OpCodes.Conv_I8);
        }
        StX(t, opc != 3);
    }
}

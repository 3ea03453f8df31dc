using System.Reflection.Emit;
using A64Jit.Core.Interpretation;
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
        foreach (var n in new[] { "ADD_shift", "ADDS_shift", "SUB_shift", "SUBS_shift" }) Register(n, (e, i) => e.AddSubShifted(i), setsIfS);
        foreach (var n in new[] { "ADD_ext", "ADDS_ext", "SUB_ext", "SUBS_ext" }) Register(n, (e, i) => e.AddSubExtended(i), setsIfS);
        FlagUse setsIfAnds(uint w) => ((w >> 29) & 3) == 3 ? FlagUse.Writes : FlagUse.None;
        foreach (var n in new[] { "AND_shift", "BIC_shift", "ORR_shift", "ORN_shift", "EOR_shift", "EON_shift", "ANDS_shift", "BICS_shift" })
            Register(n, (e, i) => e.LogicalShifted(i), setsIfAnds);
        foreach (var n in new[] { "AND_imm", "ORR_imm", "EOR_imm", "ANDS_imm" }) Register(n, (e, i) => e.LogicalImmediate(i), setsIfAnds, w => MasksDecode(w, true));
        FlagUse reads(uint w) => FlagUse.ReadsOrExits;
        foreach (var n in new[] { "CSEL", "CSINC", "CSINV", "CSNEG" }) Register(n, (e, i) => e.ConditionalSelect(i), reads);
        foreach (var n in new[] { "MADD", "MSUB" }) Register(n, (e, i) => e.MultiplyAdd(i), none);
        foreach (var n in new[] { "LSLV", "LSRV", "ASRV", "RORV" }) Register(n, (e, i) => e.VariableShift(i), none);
        foreach (var n in new[] { "SBFM", "BFM", "UBFM" }) Register(n, (e, i) => e.Bitfield(i), none, w => MasksDecode(w, false));
        Register("EXTR", (e, i) => e.Extract(i), none);
        Register("UMULH", (e, i) => e.MultiplyHigh(i, signed: false), none);
        foreach (var n in new[] { "SMADDL", "SMSUBL", "UMADDL", "UMSUBL" }) Register(n, (e, i) => e.MultiplyAddLong(i), none);
        foreach (var n in new[] { "CCMN_reg", "CCMP_reg", "CCMN_imm", "CCMP_imm" }) Register(n, (e, i) => e.ConditionalCompare(i), reads);
        foreach (var n in new[] { "ADC", "ADCS", "SBC", "SBCS" }) Register(n, (e, i) => e.AddSubCarry(i), reads);
        Register("UDIV", (e, i) => e.CallBinary(i, e2 => (i.Word >> 31) != 0 ? MUDiv64 : MUDiv32), none);
        Register("SDIV", (e, i) => e.CallBinary(i, e2 => (i.Word >> 31) != 0 ? MSDiv64 : MSDiv32), none);
        foreach (var n in new[] { "RBIT", "REV16", "REV_32", "REV32", "REV_64", "CLZ", "CLS" }) Register(n, (e, i) => e.CallUnary(i), none);
        Register("SMULH", (e, i) => e.MultiplyHigh(i, signed: true), none);
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
        foreach (var (suffix, mode) in new[] { ("", IndexMode.Unscaled), ("_imm_pre", IndexMode.Pre), ("_imm_post", IndexMode.Post) })
        {
            string[] names = suffix == ""
                ? ["STURB", "LDURB", "LDURSB", "STURH", "LDURH", "LDURSH", "STUR", "LDUR", "LDURSW"]
                : ["STRB", "LDRB", "LDRSB", "STRH", "LDRH", "LDRSH", "STR", "LDR", "LDRSW"];
            foreach (var n in names)
                Register(n + suffix, (e, i) => e.LoadStoreImm9(i, mode), exits, mode == IndexMode.Unscaled ? null : NoWritebackOverlap);
        }
        foreach (var (suffix, mode) in new[] { ("_offset", IndexMode.Unscaled), ("_pre", IndexMode.Pre), ("_post", IndexMode.Post) })
            foreach (var n in new[] { "STP", "LDP", "LDPSW" })
                Register(n + suffix, (e, i) => e.LoadStorePair(i, mode), exits, PairIsPredictable);
        Register("STNP", (e, i) => e.LoadStorePair(i, IndexMode.Unscaled), exits, PairIsPredictable);
        Register("LDNP", (e, i) => e.LoadStorePair(i, IndexMode.Unscaled), exits, PairIsPredictable);
        foreach (var n in new[] { "STRB_reg", "LDRB_reg", "LDRSB_reg", "STRH_reg", "LDRH_reg", "LDRSH_reg", "STR_reg", "LDR_reg", "LDRSW_reg" })
            Register(n, (e, i) => e.LoadStore(i, registerOffset: true), exits, w => ((w >> 13) & 2) != 0);
        RegisterSimdFp();
        RegisterAtomics();
        RegisterSystem();
    }

    /// <summary>Reserved immN:imms:immr values (UNDEFINED) are left to the interpreter.</summary>
    private static bool MasksDecode(uint w, bool immediate) =>
        Pseudocode.DecodeBitMasks((w >> 22) & 1, (w >> 10) & 63, (w >> 16) & 63, immediate, (w >> 31) != 0 ? 64 : 32, out _, out _);

    private static ulong SignExtend(ulong x, int bits) => (ulong)((long)(x << (64 - bits)) >> (64 - bits));

    // ------------------------------------------------------------------ data processing

    private void AddSubImmediate(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0, sub = ((w >> 30) & 1) != 0, setFlags = ((w >> 29) & 1) != 0;
        ulong imm = (ulong)((w >> 10) & 0xFFF) << (((w >> 22) & 1) != 0 ? 12 : 0);
        LdReg((int)((w >> 5) & 31));  // a 32-bit operation ignores the upper half: AddSubCore truncates the result
        LdcU8(imm);
        AddSubCore(is64, sub, setFlags, (int)(w & 31), destIsSp: !setFlags);
    }

    /// <summary>ADD/SUB (shifted register): operand 2 is Rm shifted by imm6 (LSL, LSR, ASR).</summary>
    private void AddSubShifted(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0, sub = ((w >> 30) & 1) != 0, setFlags = ((w >> 29) & 1) != 0;
        LdX((int)((w >> 5) & 31), true);  // upper half ignored when 32-bit (see AddSubCore)
        ShiftedRegister((int)((w >> 16) & 31), (int)((w >> 22) & 3), (int)((w >> 10) & 63), is64, lowBitsOnly: true);
        AddSubCore(is64, sub, setFlags, (int)(w & 31), destIsSp: false);
    }

    /// <summary>ADD/SUB (extended register): operand 2 is ExtendReg(Rm, option, imm3); Rn (and Rd unless S) may be SP.</summary>
    private void AddSubExtended(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0, sub = ((w >> 30) & 1) != 0, setFlags = ((w >> 29) & 1) != 0;
        int option = (int)((w >> 13) & 7), shift = (int)((w >> 10) & 7);
        LdXOrSP((int)((w >> 5) & 31), is64);
        LdX((int)((w >> 16) & 31), true);
        switch (option)
        {
            case 0: _il.Emit(OpCodes.Conv_U1); _il.Emit(OpCodes.Conv_U8); break;
            case 1: _il.Emit(OpCodes.Conv_U2); _il.Emit(OpCodes.Conv_U8); break;
            case 2: _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Conv_U8); break;
            case 4: _il.Emit(OpCodes.Conv_I1); _il.Emit(OpCodes.Conv_I8); break;
            case 5: _il.Emit(OpCodes.Conv_I2); _il.Emit(OpCodes.Conv_I8); break;
            case 6: _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Conv_I8); break;
        }
        if (shift != 0) { _il.Emit(OpCodes.Ldc_I4, shift); _il.Emit(OpCodes.Shl); }
        if (!is64) Trunc32();
        AddSubCore(is64, sub, setFlags, (int)(w & 31), destIsSp: !setFlags);
    }

    /// <summary>
    /// Rd = a +/- b (both on the stack, datasize bits or wider for 32-bit operations: the result is
    /// truncated); NZCV if S and live, deferred: the operands go straight to the flag locals.
    /// </summary>
    private void AddSubCore(bool is64, bool sub, bool setFlags, int d, bool destIsSp)
    {
        bool flags = setFlags && _flagsLiveAfter[_index];
        if (flags)
        {
            DeclareFlagLocals();
            _il.Emit(OpCodes.Stloc, _fb!.Value);
            _il.Emit(OpCodes.Stloc, _fa!.Value);
            _il.Emit(OpCodes.Ldloc, _fa!.Value);
            _il.Emit(OpCodes.Ldloc, _fb!.Value);
        }
        _il.Emit(sub ? OpCodes.Sub : OpCodes.Add);
        if (flags) FlagsWritten(is64 ? (sub ? FlagRuntime.Sub64 : FlagRuntime.Add64) : (sub ? FlagRuntime.Sub32 : FlagRuntime.Add32));
        if (destIsSp) StXOrSP(d, is64); else StX(d, is64);
    }

    /// <summary>Pushes Shift(X[m], type, amount) as datasize bits (type 3 = ROR).</summary>
    /// <param name="lowBitsOnly">The caller uses only the low datasize bits of the value (it truncates the result itself), so an LSL by a 32-bit amount need not truncate.</param>
    private void ShiftedRegister(int m, int type, int amount, bool is64, bool lowBitsOnly = false)
    {
        bool wide = lowBitsOnly && (type == 0 || amount == 0);
        LdX(m, is64 || wide);
        if (amount == 0) return;
        switch (type)
        {
            case 0:
                _il.Emit(OpCodes.Ldc_I4, amount); _il.Emit(OpCodes.Shl);
                if (!is64 && !wide) Trunc32();
                break;
            case 1:
                _il.Emit(OpCodes.Ldc_I4, amount); _il.Emit(OpCodes.Shr_Un);
                break;
            case 2:
                if (!is64) _il.Emit(OpCodes.Conv_I4);
                _il.Emit(OpCodes.Ldc_I4, amount); _il.Emit(OpCodes.Shr);
                if (!is64) { _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Conv_U8); }
                break;
            default:
                if (is64) { _il.Emit(OpCodes.Ldc_I4, amount); _il.Emit(OpCodes.Call, MRor64); }
                else { _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Ldc_I4, amount); _il.Emit(OpCodes.Call, MRor32); _il.Emit(OpCodes.Conv_U8); }
                break;
        }
    }

    /// <summary>AND/BIC/ORR/ORN/EOR/EON/ANDS/BICS (shifted register).</summary>
    private void LogicalShifted(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0, invert = ((w >> 21) & 1) != 0;
        int opc = (int)((w >> 29) & 3);
        // 32-bit: the upper halves do not matter, LogicalCore truncates the result (and the flags ignore it).
        LdX((int)((w >> 5) & 31), true);
        ShiftedRegister((int)((w >> 16) & 31), (int)((w >> 22) & 3), (int)((w >> 10) & 63), is64, lowBitsOnly: true);
        if (invert) _il.Emit(OpCodes.Not);
        LogicalCore(opc, is64, (int)(w & 31), destIsSp: false);
    }

    /// <summary>AND/ORR/EOR/ANDS (immediate): the bit mask is decoded at translation time.</summary>
    private void LogicalImmediate(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0;
        int opc = (int)((w >> 29) & 3);
        if (!Pseudocode.DecodeBitMasks((w >> 22) & 1, (w >> 10) & 63, (w >> 16) & 63, true, is64 ? 64 : 32, out ulong imm, out _))
            throw new InvalidOperationException($"reserved logical immediate {w:x8} reached the emitter");
        LdX((int)((w >> 5) & 31), true);  // 32-bit: upper half ignored, LogicalCore truncates the result
        LdcU8(imm);
        LogicalCore(opc, is64, (int)(w & 31), destIsSp: opc != 3);
    }

    /// <summary>Rd = op1 (opc: AND, ORR, EOR, ANDS) op2, both on the stack; ANDS sets N and Z, clears C and V.</summary>
    private void LogicalCore(int opc, bool is64, int d, bool destIsSp)
    {
        _il.Emit(opc switch { 1 => OpCodes.Or, 2 => OpCodes.Xor, _ => OpCodes.And });
        if (opc == 3 && _flagsLiveAfter[_index])
        {
            // Deferred: the result goes straight to the flag locals.
            DeclareFlagLocals();
            _il.Emit(OpCodes.Stloc, _fa!.Value);
            FlagsWritten(is64 ? FlagRuntime.Logic64 : FlagRuntime.Logic32);
            _il.Emit(OpCodes.Ldloc, _fa!.Value);
        }
        if (destIsSp) StXOrSP(d, is64); else StX(d, is64);
    }

    /// <summary>CSEL, CSINC, CSINV, CSNEG.</summary>
    private void ConditionalSelect(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0, op = ((w >> 30) & 1) != 0, o2 = ((w >> 10) & 1) != 0;
        uint cond = (w >> 12) & 15;
        // Branch-free: r = other ^ ((a ^ other) & -(ulong)cond). A data-dependent select (a CRC's
        // bit step, min/max) would otherwise be a branch the host mispredicts half the time.
        // Both operands are full 64-bit values; the result is truncated for 32 bits.
        var a = Temp(ref _tA, typeof(ulong));
        var other = Temp(ref _tB, typeof(ulong));
        LdX((int)((w >> 5) & 31), true);
        _il.Emit(OpCodes.Stloc, a);
        LdX((int)((w >> 16) & 31), true);
        if (op) _il.Emit(OpCodes.Not);
        if (o2) { LdcU8(1); _il.Emit(OpCodes.Add); }
        _il.Emit(OpCodes.Stloc, other);
        _il.Emit(OpCodes.Ldloc, other);
        _il.Emit(OpCodes.Ldloc, a);
        _il.Emit(OpCodes.Ldloc, other);
        _il.Emit(OpCodes.Xor);
        EmitCondition(cond);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Neg);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Xor);
        StX((int)(w & 31), is64);
    }

    /// <summary>MADD/MSUB: Rd = Ra +/- Rn * Rm.</summary>
    private void MultiplyAdd(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0, sub = ((w >> 15) & 1) != 0;
        LdX((int)((w >> 10) & 31), is64);
        LdX((int)((w >> 5) & 31), is64);
        LdX((int)((w >> 16) & 31), is64);
        _il.Emit(OpCodes.Mul);
        _il.Emit(sub ? OpCodes.Sub : OpCodes.Add);
        StX((int)(w & 31), is64);
    }

    /// <summary>LSLV/LSRV/ASRV/RORV: shift by Rm modulo the datasize.</summary>
    private void VariableShift(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0;
        int type = (int)((w >> 10) & 3);
        LdX((int)((w >> 5) & 31), is64);
        if (type == 2 && !is64) _il.Emit(OpCodes.Conv_I4);
        if (type == 3 && !is64) _il.Emit(OpCodes.Conv_U4);
        LdX((int)((w >> 16) & 31), true);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, is64 ? 63 : 31);
        _il.Emit(OpCodes.And);
        switch (type)
        {
            case 0: _il.Emit(OpCodes.Shl); break;
            case 1: _il.Emit(OpCodes.Shr_Un); break;
            case 2: _il.Emit(OpCodes.Shr); if (!is64) _il.Emit(OpCodes.Conv_I8); break;
            default: _il.Emit(OpCodes.Call, is64 ? MRor64 : MRor32); if (!is64) _il.Emit(OpCodes.Conv_U8); break;
        }
        StX((int)(w & 31), is64);
    }

    /// <summary>SBFM/BFM/UBFM with the masks decoded at translation time.</summary>
    private void Bitfield(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0;
        int opc = (int)((w >> 29) & 3), datasize = is64 ? 64 : 32;
        int immr = (int)((w >> 16) & 63), imms = (int)((w >> 10) & 63), d = (int)(w & 31);
        if (!Pseudocode.DecodeBitMasks((w >> 22) & 1, (uint)imms, (uint)immr, false, datasize, out ulong wmask, out ulong tmask))
            throw new InvalidOperationException($"reserved bitfield {w:x8} reached the emitter");
        if (opc != 1)
        {
            // UBFM/SBFM as shifts and masks (LSR, LSL, ASR, UBFX, SBFX, UBFIZ, SBFIZ, UXTB, SXTW, …):
            // the field is bits imms:immr (imms >= immr) moved to bit 0, or bits imms:0 moved
            // to bit datasize - immr (imms < immr), zero- or sign-extended.
            // The field lies in bits imms:0 (< datasize), so a 32-bit source needs no truncation; a
            // zero-extended 32-bit result is already below 2^32 (UBFM), a sign-extended one is truncated.
            LdX((int)((w >> 5) & 31), true);
            int width = imms >= immr ? imms - immr + 1 : imms + 1;
            int shiftLeft = imms >= immr ? 0 : datasize - immr;
            if (opc == 2)
            {
                if (imms >= immr)
                {
                    if (immr != 0) { _il.Emit(OpCodes.Ldc_I4, immr); _il.Emit(OpCodes.Shr_Un); }
                }
                if (width < 64) { LdcU8((1ul << width) - 1); _il.Emit(OpCodes.And); }
                if (shiftLeft != 0) { _il.Emit(OpCodes.Ldc_I4, shiftLeft); _il.Emit(OpCodes.Shl); }
            }
            else
            {
                // Bit imms to bit 63, then an arithmetic shift brings the field's low bit to bit 0.
                int up = 63 - imms;
                if (up != 0) { _il.Emit(OpCodes.Ldc_I4, up); _il.Emit(OpCodes.Shl); }
                int down = up + (imms >= immr ? immr : 0);
                if (down != 0) { _il.Emit(OpCodes.Ldc_I4, down); _il.Emit(OpCodes.Shr); }
                if (shiftLeft != 0) { _il.Emit(OpCodes.Ldc_I4, shiftLeft); _il.Emit(OpCodes.Shl); }
            }
            StX(d, is64 || opc == 2);
            return;
        }
        var src = Temp(ref _tA, typeof(ulong));
        LdX((int)((w >> 5) & 31), is64);
        _il.Emit(OpCodes.Stloc, src);
        // bot = ROR(src, R) & wmask (| dst & ~wmask for BFM)
        _il.Emit(OpCodes.Ldloc, src);
        if (immr != 0)
        {
            if (is64) { _il.Emit(OpCodes.Ldc_I4, immr); _il.Emit(OpCodes.Call, MRor64); }
            else { _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Ldc_I4, immr); _il.Emit(OpCodes.Call, MRor32); _il.Emit(OpCodes.Conv_U8); }
        }
        LdcU8(wmask);
        _il.Emit(OpCodes.And);
        if (opc == 1)
        {
            LdX(d, is64);
            LdcU8(~wmask);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Or);
        }
        LdcU8(tmask);
        _il.Emit(OpCodes.And);
        // top & ~tmask: dst (BFM), Replicate(src<S>) (SBFM), 0 (UBFM)
        if (opc == 1)
        {
            LdX(d, is64);
            LdcU8(~tmask);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Or);
        }
        else if (opc == 0)
        {
            LdcU8(0);
            _il.Emit(OpCodes.Ldloc, src);
            _il.Emit(OpCodes.Ldc_I4, imms);
            _il.Emit(OpCodes.Shr_Un);
            LdcU8(1);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Sub);
            LdcU8(~tmask);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Or);
        }
        StX(d, is64);
    }

    /// <summary>EXTR: (Rn:Rm) >> lsb, datasize bits.</summary>
    private void Extract(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0;
        int lsb = (int)((w >> 10) & 63), n = (int)((w >> 5) & 31), m = (int)((w >> 16) & 31);
        if (is64)
        {
            LdX(m, true);
            if (lsb != 0)
            {
                _il.Emit(OpCodes.Ldc_I4, lsb); _il.Emit(OpCodes.Shr_Un);
                LdX(n, true);
                _il.Emit(OpCodes.Ldc_I4, 64 - lsb); _il.Emit(OpCodes.Shl);
                _il.Emit(OpCodes.Or);
            }
        }
        else
        {
            LdX(n, false);
            _il.Emit(OpCodes.Ldc_I4, 32); _il.Emit(OpCodes.Shl);
            LdX(m, false);
            _il.Emit(OpCodes.Or);
            _il.Emit(OpCodes.Ldc_I4, lsb); _il.Emit(OpCodes.Shr_Un);
        }
        StX((int)(w & 31), is64);
    }

    /// <summary>SMADDL/SMSUBL/UMADDL/UMSUBL: Xd = Xa +/- Wn * Wm, extended to 64 bits.</summary>
    private void MultiplyAddLong(GuestInstruction i)
    {
        uint w = i.Word;
        bool unsigned = ((w >> 23) & 1) != 0, sub = ((w >> 15) & 1) != 0;
        LdX((int)((w >> 10) & 31), true);
        foreach (int r in new[] { (int)((w >> 5) & 31), (int)((w >> 16) & 31) })
        {
            LdX(r, true);
            if (unsigned) { _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Conv_U8); }
            else { _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Conv_I8); }
        }
        _il.Emit(OpCodes.Mul);
        _il.Emit(sub ? OpCodes.Sub : OpCodes.Add);
        StX((int)(w & 31), true);
    }

    /// <summary>CCMP/CCMN (register, immediate): flags of the compare if cond holds, else the immediate nzcv.</summary>
    private void ConditionalCompare(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0, sub = ((w >> 30) & 1) != 0, immediate = ((w >> 11) & 1) != 0;
        uint cond = (w >> 12) & 15, nzcvImm = (w & 15) << 28;
        int rm = (int)((w >> 16) & 31);
        var a = Temp(ref _tA, typeof(ulong));
        var b = Temp(ref _tB, typeof(ulong));
        LdX((int)((w >> 5) & 31), is64);
        _il.Emit(OpCodes.Stloc, a);
        if (immediate) LdcU8((ulong)rm); else LdX(rm, is64);
        _il.Emit(OpCodes.Stloc, b);
        var otherwise = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitCondition(cond);
        // The condition is decided: the flags are replaced on both paths, as a packed word.
        DeclareFlagLocals();
        var nzcv = _nzcv!.Value;
        _il.Emit(OpCodes.Brfalse, otherwise);
        EmitFlagsOf(is64 ? (sub ? FlagRuntime.Sub64 : FlagRuntime.Add64) : (sub ? FlagRuntime.Sub32 : FlagRuntime.Add32), a, b);
        _il.Emit(OpCodes.Stloc, nzcv);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(otherwise);
        _il.Emit(OpCodes.Ldc_I4, unchecked((int)nzcvImm));
        _il.Emit(OpCodes.Stloc, nzcv);
        _il.MarkLabel(done);
        FlagsWritten(FlagRuntime.Packed);
    }

    /// <summary>ADC/ADCS/SBC/SBCS through AddWithCarry with the current carry.</summary>
    private void AddSubCarry(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0, sub = ((w >> 30) & 1) != 0, setFlags = ((w >> 29) & 1) != 0;
        int datasize = is64 ? 64 : 32;
        var a = Temp(ref _tA, typeof(ulong));
        var b = Temp(ref _tB, typeof(ulong));
        LdX((int)((w >> 5) & 31), is64);
        _il.Emit(OpCodes.Stloc, a);
        LdX((int)((w >> 16) & 31), is64);
        if (sub) { _il.Emit(OpCodes.Not); if (!is64) Trunc32(); }
        _il.Emit(OpCodes.Stloc, b);
        if (setFlags)
        {
            _il.Emit(OpCodes.Ldloc, a);
            _il.Emit(OpCodes.Ldloc, b);
            LdNzcv();
            _il.Emit(OpCodes.Ldc_I4, datasize);
            _il.Emit(OpCodes.Call, MAdcFlags);
        }
        _il.Emit(OpCodes.Ldloc, a);
        _il.Emit(OpCodes.Ldloc, b);
        _il.Emit(OpCodes.Add);
        LdNzcv();
        _il.Emit(OpCodes.Ldc_I4, 29);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Add);
        StX((int)(w & 31), is64);
        if (setFlags) StNzcv();
    }

    /// <summary>Rd = helper(Rn, Rm) for the division helpers.</summary>
    private void CallBinary(GuestInstruction i, Func<BlockEmitter, System.Reflection.MethodInfo> helper)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0;
        LdX((int)((w >> 5) & 31), is64);
        LdX((int)((w >> 16) & 31), is64);
        _il.Emit(OpCodes.Call, helper(this));
        StX((int)(w & 31), is64);
    }

    /// <summary>RBIT, REV16, REV (32 and 64), REV32, CLZ, CLS through <see cref="BlockRuntime.Unary"/>.</summary>
    private void CallUnary(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0;
        LdX((int)((w >> 5) & 31), is64);
        _il.Emit(OpCodes.Ldc_I4, (int)((w >> 10) & 7));
        _il.Emit(OpCodes.Ldc_I4, is64 ? 64 : 32);
        _il.Emit(OpCodes.Call, MUnary);
        StX((int)(w & 31), is64);
    }

    /// <summary>UMULH/SMULH: the high 64 bits of the 128-bit product.</summary>
    private void MultiplyHigh(GuestInstruction i, bool signed)
    {
        uint w = i.Word;
        LdX((int)((w >> 5) & 31), true);
        LdX((int)((w >> 16) & 31), true);
        _il.Emit(OpCodes.Call, signed ? MSMulHigh : MUMulHigh);
        StX((int)(w & 31), true);
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
        if (_regionMode && (_region.IndexOf(target) >= 0 || _region.IndexOf(pc + 4) >= 0))
        {
            // At least one side stays in the region: each side exits or jumps on its own.
            var fallThrough = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloc, c);
            _il.Emit(OpCodes.Brfalse, fallThrough);
            EmitExitConst(target, _index + 1);
            _il.MarkLabel(fallThrough);
            EmitExitConst(pc + 4, _index + 1);
            _terminated = true;
            return;
        }
        WriteBack();
        AddRetired(_index + 1);
        // Both sides leave through the chaining tail: the next PC is selected without a branch,
        // pc + 4 + ((target - (pc + 4)) & -c).
        var next = Temp(ref _tTarget, typeof(ulong));
        LdcU8(pc + 4);
        _il.Emit(OpCodes.Ldloc, c);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Neg);
        LdcU8(target - (pc + 4));
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, next);
        LdStateAddr(OffPc);
        _il.Emit(OpCodes.Ldloc, next);
        _il.Emit(OpCodes.Stind_I8);
        _il.Emit(OpCodes.Ldloc, next);
        ChainOrReturn();
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
        EmitCondition(cond);
        ExitOnCondition(i.Pc, target);
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
    // Every form here may have SP as its base: EmitSpAlignmentCheck (emitted only when Rn is 31)
    // comes before the address is formed, as CheckSPAlignment() in the interpreter.

    private enum IndexMode : byte { Unscaled, Pre, Post }

    /// <summary>Writeback with Rn == Rt (n != 31) is CONSTRAINED UNPREDICTABLE: left to the interpreter.</summary>
    private static bool NoWritebackOverlap(uint w) => ((w >> 5) & 31) == 31 || ((w >> 5) & 31) != (w & 31);

    /// <summary>
    /// Pairs whose outcome the architecture leaves open (a load pair into one register,
    /// writeback into a transferred register) are left to the interpreter.
    /// </summary>
    private static bool PairIsPredictable(uint w)
    {
        int t = (int)(w & 31), t2 = (int)((w >> 10) & 31), n = (int)((w >> 5) & 31);
        bool load = ((w >> 22) & 1) != 0;
        bool wback = ((w >> 23) & 3) is 1 or 3;
        if (load && t == t2) return false;
        if (wback && n != 31 && (n == t || n == t2)) return false;
        return true;
    }

    /// <summary>LDUR/STUR and the pre-/post-indexed LDR/STR forms (9-bit signed offset), all sizes.</summary>
    private void LoadStoreImm9(GuestInstruction i, IndexMode mode)
    {
        uint w = i.Word;
        int scale = (int)(w >> 30), opc = (int)((w >> 22) & 3), size = 1 << scale;
        int t = (int)(w & 31), n = (int)((w >> 5) & 31);
        ulong offset = SignExtend((w >> 12) & 0x1FF, 9);
        EmitSpAlignmentCheck(n, i.Pc);
        var addr = Temp(ref _tAddr, typeof(ulong));
        LdXOrSP(n, true);
        if (mode != IndexMode.Post) { LdcU8(offset); _il.Emit(OpCodes.Add); }
        _il.Emit(OpCodes.Stloc, addr);
        if (opc == 0) StoreRegister(t, size, i.Pc);
        else
        {
            EmitLoad(size, i.Pc);
            _il.Emit(OpCodes.Ldloc, _tVal!.Value);
            EmitLoadExtend(opc, size);
            StX(t, opc != 3);
        }
        if (mode != IndexMode.Unscaled)
        {
            _il.Emit(OpCodes.Ldloc, addr);
            if (mode == IndexMode.Post) { LdcU8(offset); _il.Emit(OpCodes.Add); }
            StXOrSP(n, true);
        }
    }

    /// <summary>Sign-extends a loaded value for opc 2 (to 64 bits) and 3 (to 32 bits).</summary>
    private void EmitLoadExtend(int opc, int size)
    {
        if (opc < 2) return;
        _il.Emit(size == 1 ? OpCodes.Conv_I1 : size == 2 ? OpCodes.Conv_I2 : OpCodes.Conv_I4);
        _il.Emit(OpCodes.Conv_I8);
    }

    /// <summary>LDP/STP/LDPSW/LDNP/STNP, offset, pre- and post-indexed.</summary>
    private void LoadStorePair(GuestInstruction i, IndexMode mode)
    {
        uint w = i.Word;
        int opc = (int)(w >> 30);
        bool load = ((w >> 22) & 1) != 0, signed = opc == 1;
        int scale = opc == 2 ? 3 : 2, size = 1 << scale;
        int t = (int)(w & 31), t2 = (int)((w >> 10) & 31), n = (int)((w >> 5) & 31);
        ulong offset = SignExtend((w >> 15) & 0x7F, 7) << scale;
        EmitSpAlignmentCheck(n, i.Pc);
        var addr = Temp(ref _tAddr, typeof(ulong));
        var v1 = Temp(ref _tVal, typeof(ulong));
        var v2 = Temp(ref _tVal2, typeof(ulong));
        LdXOrSP(n, true);
        if (mode != IndexMode.Post) { LdcU8(offset); _il.Emit(OpCodes.Add); }
        _il.Emit(OpCodes.Stloc, addr);
        if (!load)
        {
            LdX(t, true); _il.Emit(OpCodes.Stloc, v1);
            LdX(t2, true); _il.Emit(OpCodes.Stloc, v2);
        }
        EmitPairAccess(load, size, i.Pc);
        if (load)
        {
            _il.Emit(OpCodes.Ldloc, v1);
            if (signed) EmitLoadExtend(2, 4);
            StX(t, true);
            _il.Emit(OpCodes.Ldloc, v2);
            if (signed) EmitLoadExtend(2, 4);
            StX(t2, true);
        }
        if (mode != IndexMode.Unscaled)
        {
            _il.Emit(OpCodes.Ldloc, addr);
            if (mode == IndexMode.Post) { LdcU8(offset); _il.Emit(OpCodes.Add); }
            StXOrSP(n, true);
        }
    }

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
        EmitSpAlignmentCheck(n, i.Pc);
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
            StoreRegister(t, size, i.Pc);
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

    /// <summary>Stores the low <paramref name="size"/> bytes of X[t] (XZR = 0) at the address in _tAddr.</summary>
    private void StoreRegister(int t, int size, ulong pc)
    {
        if (t != 31)
        {
            EmitStore(size, pc, RegValue(t));
            return;
        }
        LdcU8(0);
        _il.Emit(OpCodes.Stloc, Temp(ref _tVal, typeof(ulong)));
        EmitStore(size, pc);
    }
}

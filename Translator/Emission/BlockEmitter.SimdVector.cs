using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Reflection;
using System.Reflection.Emit;
using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Translator.Blocks;

namespace A64Jit.Translator.Emission;

// Native IL for integer Advanced SIMD instructions: modified immediates (MOVI, MVNI, ORR, BIC,
// FMOV vector) are constants folded at translation time; ADD/SUB and the logical operations,
// shifts by immediate, DUP/INS/UMOV/SMOV, pairwise operations, permutations and table lookups are
// System.Runtime.Intrinsics calls on the registers (see "inline Vector128 IL" below), which a
// chain of them keeps in Vector128 locals (see "V register cache"); the rest call SimdIntRuntime
// with the register numbers and element size as constants (inlined where marked AggressiveInlining).
public sealed partial class BlockEmitter
{
    private static MethodInfo Si(string name) => typeof(SimdIntRuntime).GetMethod(name)!;

    private static readonly MethodInfo MSiThreeSame = Si(nameof(SimdIntRuntime.ThreeSame));
    private static readonly MethodInfo MSiCompareZero = Si(nameof(SimdIntRuntime.CompareZero));
    private static readonly MethodInfo MSiAcross = Si(nameof(SimdIntRuntime.Across));
    private static readonly MethodInfo MSiAddPairwise = Si(nameof(SimdIntRuntime.AddPairwise));
    private static readonly MethodInfo MSiCountBits = Si(nameof(SimdIntRuntime.CountBits));
    private static readonly MethodInfo MSiSignOp = Si(nameof(SimdIntRuntime.SignOp));
    private static readonly MethodInfo MSiMulLong = Si(nameof(SimdIntRuntime.MulLong));
    private static readonly MethodInfo MSiNot = Si(nameof(SimdIntRuntime.Not));
    private static readonly MethodInfo MSiPairwise = Si(nameof(SimdIntRuntime.Pairwise));

    private static int Size2(uint w) => (int)((w >> 22) & 3);
    private static int Q(uint w) => (int)((w >> 30) & 1);

    private static void RegisterSimdVector()
    {
        FlagUse none(uint w) => FlagUse.None;
        (string Name, int Op)[] three =
        [
            ("ADD_vector", SimdIntRuntime.Add), ("SUB_vector", SimdIntRuntime.Sub), ("MUL_vector", SimdIntRuntime.Mul),
            ("MLA_vector", SimdIntRuntime.Mla), ("MLS_vector", SimdIntRuntime.Mls), ("CMEQ_reg_vector", SimdIntRuntime.Cmeq),
            ("CMHI_reg_vector", SimdIntRuntime.Cmhi), ("CMHS_reg_vector", SimdIntRuntime.Cmhs), ("CMGT_reg_vector", SimdIntRuntime.Cmgt),
            ("CMGE_reg_vector", SimdIntRuntime.Cmge), ("CMTST_vector", SimdIntRuntime.Cmtst),
            ("AND_vector", SimdIntRuntime.And), ("BIC_vector_reg", SimdIntRuntime.Bic), ("ORR_vector_reg", SimdIntRuntime.Orr),
            ("ORN_vector", SimdIntRuntime.Orn), ("EOR_vector", SimdIntRuntime.Eor), ("BSL", SimdIntRuntime.Bsl),
            ("BIT", SimdIntRuntime.Bit), ("BIF", SimdIntRuntime.Bif),
        ];
        foreach (var (name, op) in three)
        {
            bool mulLike = op is SimdIntRuntime.Mul or SimdIntRuntime.Mla or SimdIntRuntime.Mls;
            if (ThreeSameIsInline(op))
            {
                Register(name, (e, i) => e.ThreeSameInline(op, Size2(i.Word), Q(i.Word) == 1, Rd5(i.Word), Rn5(i.Word), Rm5(i.Word)), none,
                    w => (op >= SimdIntRuntime.And && op <= SimdIntRuntime.Bif) || !(Size2(w) == 3 && Q(w) == 0));
                MarkVecCacheAware(name);
                continue;
            }
            Register(name, (e, i) => e.SimdCall(MSiThreeSame, op, Size2(i.Word), Q(i.Word), Rd5(i.Word), Rn5(i.Word), Rm5(i.Word)), none,
                w => mulLike ? Size2(w) != 3 : (op >= SimdIntRuntime.And && op <= SimdIntRuntime.Bif) || !(Size2(w) == 3 && Q(w) == 0));
        }
        string[] zero = ["CMEQ_zero_vector", "CMGT_zero_vector", "CMGE_zero_vector", "CMLE_zero_vector", "CMLT_zero_vector"];
        for (int k = 0; k < zero.Length; k++)
        {
            int op = k;
            Register(zero[k], (e, i) => e.SimdCall(MSiCompareZero, op, Size2(i.Word), Q(i.Word), Rd5(i.Word), Rn5(i.Word)), none,
                w => !(Size2(w) == 3 && Q(w) == 0));
        }
        string[] across = ["ADDV", "UMAXV", "UMINV", "SMAXV", "SMINV"];
        for (int k = 0; k < across.Length; k++)
        {
            int op = k;
            Register(across[k], (e, i) => e.SimdCall(MSiAcross, op, Size2(i.Word), Q(i.Word), Rd5(i.Word), Rn5(i.Word)), none,
                w => Size2(w) != 3 && !(Size2(w) == 2 && Q(w) == 0));
        }
        Register("ADDP_vector", (e, i) =>
        {
            uint w = i.Word;
            if (Sse2.IsSupported) e.PairwiseInline(0, Size2(w), Q(w) == 1, Rd5(w), Rn5(w), Rm5(w));
            else e.SimdCall(MSiAddPairwise, Size2(w), Q(w), Rd5(w), Rn5(w), Rm5(w));
        }, none,
            w => !(Size2(w) == 3 && Q(w) == 0));

        Register("DUP_general", (e, i) =>
        {
            uint w = i.Word;
            int size = Imm5Size(w);
            e.LdX(Rn5(w), true);
            e.DupInline(size, Q(w) == 1, Rd5(w));
        }, none, w => Imm5Size(w) < 4 && !(Imm5Size(w) == 3 && Q(w) == 0));
        Register("DUP_element_vector", (e, i) =>
        {
            uint w = i.Word;
            int size = Imm5Size(w);
            e.LdLane(Rn5(w), size, Imm5Index(w), false);
            e.DupInline(size, Q(w) == 1, Rd5(w));
        }, none, w => Imm5Size(w) < 4 && !(Imm5Size(w) == 3 && Q(w) == 0));
        Register("INS_general", (e, i) =>
        {
            uint w = i.Word;
            int size = Imm5Size(w);
            e.LdStateAddr(OffV(Rd5(w), 0) + (Imm5Index(w) << size));
            e.LdX(Rn5(w), true);
            e.StLaneFromStack(size);
        }, none, w => Imm5Size(w) < 4);
        Register("INS_element", (e, i) =>
        {
            uint w = i.Word;
            int size = Imm5Size(w);
            e.LdStateAddr(OffV(Rd5(w), 0) + (Imm5Index(w) << size));
            e.LdLane(Rn5(w), size, (int)((w >> 11) & 15) >> size, false);
            e.StLaneFromStack(size);
        }, none, w => Imm5Size(w) < 4);
        Register("UMOV", (e, i) =>
        {
            uint w = i.Word;
            e.LdLane(Rn5(w), Imm5Size(w), Imm5Index(w), false);
            e.StX(Rd5(w), true);
        }, none, w => Imm5Size(w) < 4);
        Register("SMOV", (e, i) =>
        {
            uint w = i.Word;
            e.LdLane(Rn5(w), Imm5Size(w), Imm5Index(w), true);
            if (Q(w) == 0) { e._il.Emit(OpCodes.Conv_U4); e._il.Emit(OpCodes.Conv_U8); }
            e.StX(Rd5(w), true);
        }, none, w => Imm5Size(w) < 3);

        (string Name, VShift Kind)[] shifts =
        [
            ("SHL_vector", VShift.Shl), ("USHR_vector", VShift.Ushr), ("SSHR_vector", VShift.Sshr), ("USRA_vector", VShift.Usra),
            ("SSRA_vector", VShift.Ssra), ("URSHR_vector", VShift.Urshr), ("SRSHR_vector", VShift.Srshr), ("URSRA_vector", VShift.Ursra),
            ("SRSRA_vector", VShift.Srsra), ("SRI_vector", VShift.Sri), ("SLI_vector", VShift.Sli),
        ];
        foreach (var (name, kind) in shifts)
            Register(name, (e, i) => e.ShiftImmediateInline(i, kind), none, w => ((w >> 19) & 15) != 0 && !(ShiftSize(w) == 3 && Q(w) == 0));
        foreach (var (name, signed) in new[] { ("SSHLL_vector", true), ("USHLL_vector", false) })
            Register(name, (e, i) =>
            {
                uint w = i.Word;
                int size = ShiftSize(w), esize = 8 << size, immhb = (int)((w >> 16) & 127);
                e.ShiftLeftLongInline(size, immhb - esize, signed, Q(w) == 1, Rd5(w), Rn5(w));
            }, none, w => ((w >> 19) & 15) is > 0 and < 8);
        Register("XTN", (e, i) => e.ShiftRightNarrowInline(Size2(i.Word), 0, false, Q(i.Word) == 1, Rd5(i.Word), Rn5(i.Word)), none, w => Size2(w) != 3);
        Register("CNT_vector", (e, i) => e.SimdCall(MSiCountBits, Q(i.Word), Rd5(i.Word), Rn5(i.Word)), none);
        foreach (var (name, op) in new[] { ("ZIP1", 0), ("ZIP2", 0), ("UZP1", 1), ("UZP2", 1), ("TRN1", 2), ("TRN2", 2) })
            Register(name, (e, i) =>
            {
                uint w = i.Word;
                e.TwoSourcePermute(PermuteMap(op, (int)((w >> 14) & 1), Size2(w), Q(w) == 1), Q(w) == 1, Rd5(w), Rn5(w), Rm5(w));
            }, none, w => !(Size2(w) == 3 && Q(w) == 0));
        Register("EXT", (e, i) =>
        {
            uint w = i.Word;
            e.TwoSourcePermute(ExtractMap((int)((w >> 11) & 15), Q(w) == 1), Q(w) == 1, Rd5(w), Rn5(w), Rm5(w));
        }, none, w => Q(w) == 1 || ((w >> 14) & 1) == 0);
        foreach (var (name, container) in new[] { ("REV64", 8), ("REV32_vector", 4), ("REV16_vector", 2) })
            Register(name, (e, i) =>
            {
                uint w = i.Word;
                e.TwoSourcePermute(ReverseMap(Size2(w), container, Q(w) == 1), Q(w) == 1, Rd5(w), Rn5(w), Rn5(w));
            }, none, w => (1 << Size2(w)) < container);
        Register("TBL", (e, i) => e.TableLookupInline(i.Word, tbx: false), none);
        Register("TBX", (e, i) => e.TableLookupInline(i.Word, tbx: true), none);

        Register("DUP_elem_scalar", (e, i) =>
        {
            uint w = i.Word;
            var r = e.Temp(ref e._tR, typeof(ulong));
            e.LdLane(Rn5(w), Imm5Size(w), Imm5Index(w), false);
            e._il.Emit(OpCodes.Stloc, r);
            e.StVScalar(Rd5(w), r);
        }, none, w => Imm5Size(w) < 4);
        Register("FNEG_vector", (e, i) => e.SimdCall(MSiSignOp, 1, FpSize(i.Word), Q(i.Word), Rd5(i.Word), Rn5(i.Word)), none,
            w => !(((w >> 22) & 1) != 0 && Q(w) == 0));
        Register("FABS_vector", (e, i) => e.SimdCall(MSiSignOp, 0, FpSize(i.Word), Q(i.Word), Rd5(i.Word), Rn5(i.Word)), none,
            w => !(((w >> 22) & 1) != 0 && Q(w) == 0));
        Register("SHLL", (e, i) => e.ShiftLeftLongInline(Size2(i.Word), 8 << Size2(i.Word), false, Q(i.Word) == 1, Rd5(i.Word), Rn5(i.Word)), none,
            w => Size2(w) != 3);
        foreach (var (name, op) in new[] { ("SHL_scalar", 0), ("USHR_scalar", 1), ("SSHR_scalar", 2) })
            Register(name, (e, i) => e.ShiftScalar64(i, op), none);
        Register("ADD_scalar", (e, i) => e.AddSubScalar64(i, sub: false), none);
        Register("SUB_scalar", (e, i) => e.AddSubScalar64(i, sub: true), none);
        Register("NOP", (e, i) => { }, none);
        Register("NOT_vector", (e, i) => e.SimdCall(MSiNot, Q(i.Word), Rd5(i.Word), Rn5(i.Word)), none);
        foreach (var (name, op) in new[] { ("UMAXP", 1), ("UMINP", 2), ("SMAXP", 3), ("SMINP", 4) })
            Register(name, (e, i) =>
            {
                uint w = i.Word;
                if (Sse2.IsSupported) e.PairwiseInline(op, Size2(w), Q(w) == 1, Rd5(w), Rn5(w), Rm5(w));
                else e.SimdCall(MSiPairwise, op, Size2(w), Q(w), Rd5(w), Rn5(w), Rm5(w));
            }, none, w => Size2(w) != 3);
        foreach (var (name, round) in new[] { ("SHRN_vector", false), ("RSHRN_vector", true) })
            Register(name, (e, i) =>
            {
                uint w = i.Word;
                int size = ShiftSize(w), esize = 8 << size, immhb = (int)((w >> 16) & 127);
                e.ShiftRightNarrowInline(size, 2 * esize - immhb, round, Q(w) == 1, Rd5(w), Rn5(w));
            }, none, w => ((w >> 19) & 15) is > 0 and < 8);
        foreach (var (name, signed, acc) in new[] { ("SMULL_vector", 1, 0), ("UMULL_vector", 0, 0), ("SMLAL_vector", 1, 1), ("UMLAL_vector", 0, 1) })
            Register(name, (e, i) => e.SimdCall(MSiMulLong, signed, acc, Size2(i.Word), Q(i.Word), Rd5(i.Word), Rn5(i.Word), Rm5(i.Word)), none,
                w => Size2(w) != 3);

        foreach (var n in new[] { "MOVI_32", "MOVI_16", "MOVI_32msl", "MOVI_8", "MOVI_64", "FMOV_vector_imm", "FMOV_vector_imm_double" })
            Register(n, (e, i) => e.ModifiedImmediate(i, 0), none);
        foreach (var n in new[] { "MVNI_32", "MVNI_16", "MVNI_32msl" }) Register(n, (e, i) => e.ModifiedImmediate(i, 1), none);
        foreach (var n in new[] { "ORR_vector_imm32", "ORR_vector_imm16" }) Register(n, (e, i) => e.ModifiedImmediate(i, 2), none);
        foreach (var n in new[] { "BIC_vector_imm32", "BIC_vector_imm16" }) Register(n, (e, i) => e.ModifiedImmediate(i, 3), none);

        // Emitters whose V reads are LdVec and whose write of Rd is StVec (or, on a path that
        // writes the state directly, is dropped after the instruction).
        MarkVecCacheAware("ADDP_vector", "UMAXP", "UMINP", "SMAXP", "SMINP", "DUP_general", "DUP_element_vector",
            "SSHLL_vector", "USHLL_vector", "SHLL", "XTN", "SHRN_vector", "RSHRN_vector",
            "ZIP1", "ZIP2", "UZP1", "UZP2", "TRN1", "TRN2", "EXT", "REV64", "REV32_vector", "REV16_vector", "TBL", "TBX");
        foreach (var (name, _) in shifts) MarkVecCacheAware(name);
        MarkVecCacheAware("MOVI_32", "MOVI_16", "MOVI_32msl", "MOVI_8", "MOVI_64", "FMOV_vector_imm", "FMOV_vector_imm_double",
            "MVNI_32", "MVNI_16", "MVNI_32msl", "ORR_vector_imm32", "ORR_vector_imm16", "BIC_vector_imm32", "BIC_vector_imm16");
    }

    /// <summary>The element size encoded by the lowest set bit of imm5 (4 when imm5 has none below bit 4).</summary>
    private static int Imm5Size(uint w) => Math.Min(BitOperations.TrailingZeroCount(((w >> 16) & 31) | 32), 4);
    private static int Imm5Index(uint w) => (int)((w >> 16) & 31) >> (Imm5Size(w) + 1);

    /// <summary>The element size of a shift by immediate: the highest set bit of immh.</summary>
    private static int ShiftSize(uint w) => BitOperations.Log2(((w >> 19) & 15) | 1);

    private void EmitInts(params int[] args)
    {
        foreach (var a in args) _il.Emit(OpCodes.Ldc_I4, a);
    }

    /// <summary>Calls <paramref name="m"/>(CpuState*, constant int/bool arguments...).</summary>
    private void SimdCall(MethodInfo m, params int[] args)
    {
        _il.Emit(OpCodes.Ldarg_0);
        EmitInts(args);
        _il.Emit(OpCodes.Call, m);
    }

    /// <summary>SHL/USHR/SSHR (scalar, 64-bit): op 0 shl, 1 ushr, 2 sshr; a right shift by 64 gives 0 or the sign.</summary>
    private void ShiftScalar64(GuestInstruction i, int op)
    {
        uint w = i.Word;
        int immhb = (int)((w >> 16) & 127);
        int shift = op == 0 ? immhb - 64 : 128 - immhb;
        var r = Temp(ref _tR, typeof(ulong));
        if (op == 1 && shift == 64) LdcU8(0);
        else
        {
            LdV(Rn5(w), 0);
            _il.Emit(OpCodes.Ldc_I4, op == 2 ? Math.Min(shift, 63) : shift);
            _il.Emit(op == 0 ? OpCodes.Shl : op == 1 ? OpCodes.Shr_Un : OpCodes.Shr);
        }
        _il.Emit(OpCodes.Stloc, r);
        StVScalar(Rd5(w), r);
    }

    /// <summary>ADD/SUB (scalar, D registers).</summary>
    private void AddSubScalar64(GuestInstruction i, bool sub)
    {
        uint w = i.Word;
        var r = Temp(ref _tR, typeof(ulong));
        LdV(Rn5(w), 0);
        LdV(Rm5(w), 0);
        _il.Emit(sub ? OpCodes.Sub : OpCodes.Add);
        _il.Emit(OpCodes.Stloc, r);
        StVScalar(Rd5(w), r);
    }

    /// <summary>MOVI/MVNI/ORR/BIC (vector, immediate) and FMOV (vector, immediate): op 0 move, 1 move inverted, 2 or, 3 bic.</summary>
    private void ModifiedImmediate(GuestInstruction i, int op)
    {
        uint w = i.Word;
        int d = Rd5(w);
        bool q = Q(w) == 1;
        ulong imm = AdvancedSimd.AdvSimdExpandImm(((w >> 29) & 1) != 0, (w >> 12) & 15, ((w >> 11) & 0xE0) | ((w >> 5) & 31));
        Type u = typeof(ulong);
        switch (op)
        {
            case 0: VecConst(u, imm); break;
            case 1: VecConst(u, ~imm); break;
            case 2: LdVec(d, u); VecConst(u, imm); VecOp("op_BitwiseOr", u); break;
            default: LdVec(d, u); VecConst(u, ~imm); VecOp("op_BitwiseAnd", u); break;
        }
        StVec(d, u, q);
    }

    // ------------------------------------------------------------------ V register cache

    // Whole V registers held in Vector128<ulong> locals within a block, so that a chain of vector
    // instructions does not reload what it has just stored. The cache is write-through (StVec
    // still writes the state) and exists only at translation time: exits, faults, fallbacks and
    // helpers need nothing. It is kept valid by one rule, applied by the instruction loop before
    // every instruction (VecCacheBefore): a cache-aware vector native keeps it (LdVec reads and
    // StVec writes of that instruction go through it); any other instruction drops every register
    // it may write, by the same classification the scalar FP cache uses (GpNatives, SimdWrites:
    // a general-purpose native writes no V register, another SIMD&FP native at most Rd, or Rt and
    // Rt2, a fallback or anything else possibly all of them). A cache-aware instruction that did
    // not store Rd through StVec (a path writing the state directly) has Rd dropped after it.
    // Every block starts empty (region blocks are branch targets). The two caches cannot disagree:
    // both hold only values equal to the state, and each drops what the other's writers touch.
    private static readonly bool[] VecCacheAware = new bool[EncodingTable.All.Length];
    private readonly IlLocal?[] _vq = new IlLocal?[32];
    private readonly bool[] _vqValid = new bool[32];
    private bool _vqAware;
    private int _vqPendingRd = -1;

    private IlLocal VqLocal(int n) => _vq[n] ??= _il.DeclareLocal(typeof(Vector128<ulong>));

    private static void MarkVecCacheAware(params string[] names)
    {
        foreach (var name in names) VecCacheAware[EncodingTable.Get(name).Id] = true;
    }

    /// <summary>Empties the V register cache (start of a block).</summary>
    private void VecCacheReset()
    {
        Array.Clear(_vqValid);
        _vqAware = false;
        _vqPendingRd = -1;
    }

    /// <summary>Before instruction <paramref name="i"/>: drops the cached registers it may write unless it is a cache-aware vector native.</summary>
    private void VecCacheBefore(GuestInstruction i)
    {
        if (_vqPendingRd >= 0) _vqValid[_vqPendingRd] = false;
        _vqPendingRd = -1;
        bool native = IsNative(i);
        int id = i.EncodingId;
        _vqAware = native && VecCacheAware[id];
        if (_vqAware) { _vqPendingRd = (int)(i.Word & 31); return; }
        if (native && GpNatives[id]) return;
        switch (native ? SimdWrites[id] : 0)
        {
            case 1: _vqValid[i.Word & 31] = false; break;
            case 2: _vqValid[i.Word & 31] = false; _vqValid[(i.Word >> 10) & 31] = false; break;
            default: Array.Clear(_vqValid); break;
        }
    }

    private static readonly MethodInfo MConditionalSelectU64 = typeof(Vector128).GetMethods()
        .First(x => x.Name == "ConditionalSelect" && x.IsGenericMethodDefinition && x.GetParameters().Length == 3).MakeGenericMethod(typeof(ulong));

    /// <summary>Whether <see cref="ThreeSameInline"/> handles <paramref name="op"/>.</summary>
    private static bool ThreeSameIsInline(int op) =>
        op is SimdIntRuntime.Add or SimdIntRuntime.Sub or (>= SimdIntRuntime.And and <= SimdIntRuntime.Bif);

    /// <summary>ADD/SUB/AND/BIC/ORR/ORN/EOR/BSL/BIT/BIF (vector) as Vector128 operations.</summary>
    private void ThreeSameInline(int op, int size, bool q, int d, int n, int m)
    {
        Type u = typeof(ulong), t = op is SimdIntRuntime.Add or SimdIntRuntime.Sub ? ULanes[size] : u;
        switch (op)
        {
            case SimdIntRuntime.Add: LdVec(n, t); LdVec(m, t); VecOp("op_Addition", t); break;
            case SimdIntRuntime.Sub: LdVec(n, t); LdVec(m, t); VecOp("op_Subtraction", t); break;
            case SimdIntRuntime.And: LdVec(n, u); LdVec(m, u); VecOp("op_BitwiseAnd", u); break;
            case SimdIntRuntime.Bic: LdVec(n, u); LdVec(m, u); _il.Emit(OpCodes.Call, VM("AndNot", u, 5)); break;
            case SimdIntRuntime.Orr: LdVec(n, u); LdVec(m, u); VecOp("op_BitwiseOr", u); break;
            case SimdIntRuntime.Orn: LdVec(n, u); LdVec(m, u); _il.Emit(OpCodes.Call, VM("OnesComplement", u, 4)); VecOp("op_BitwiseOr", u); break;
            case SimdIntRuntime.Eor: LdVec(n, u); LdVec(m, u); VecOp("op_ExclusiveOr", u); break;
            // ConditionalSelect(mask, where-set, where-clear).
            case SimdIntRuntime.Bsl: LdVec(d, u); LdVec(n, u); LdVec(m, u); _il.Emit(OpCodes.Call, MConditionalSelectU64); break;
            case SimdIntRuntime.Bit: LdVec(m, u); LdVec(n, u); LdVec(d, u); _il.Emit(OpCodes.Call, MConditionalSelectU64); break;
            case SimdIntRuntime.Bif: LdVec(m, u); LdVec(d, u); LdVec(n, u); _il.Emit(OpCodes.Call, MConditionalSelectU64); break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
        StVec(d, t, q);
    }

    // ------------------------------------------------------------------ inline Vector128 IL

    private static readonly Type[] ULanes = [typeof(byte), typeof(ushort), typeof(uint), typeof(ulong)];
    private static readonly Type[] SLanes = [typeof(sbyte), typeof(short), typeof(int), typeof(long)];
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Name, Type Lane, int Kind), MethodInfo> VectorMethods = new();

    private static Type V128(Type lane) => typeof(Vector128<>).MakeGenericType(lane);

    private static readonly MethodInfo MCreateU64Pair = typeof(Vector128).GetMethod("Create", [typeof(ulong), typeof(ulong)])!;

    /// <summary>
    /// A Vector128 method for lanes of type <paramref name="lane"/>: kind 0 a static method of
    /// Vector128 taking (Vector128&lt;lane&gt;, int), 1 taking (Vector128&lt;lane&gt;), 2 taking
    /// (lane), 3 an operator or property of Vector128&lt;lane&gt; (binary, or no argument for get_*),
    /// 4 a generic method of Vector128 with one argument, 5 the same with two arguments, 6 a
    /// generic method of Vector64 with one argument.
    /// </summary>
    private static MethodInfo VM(string name, Type lane, int kind) => VectorMethods.GetOrAdd((name, lane, kind), static key =>
    {
        var (name, lane, kind) = key;
        var v = V128(lane);
        MethodInfo? m = kind switch
        {
            0 => typeof(Vector128).GetMethod(name, [v, typeof(int)]),
            1 => typeof(Vector128).GetMethod(name, [v]),
            2 => typeof(Vector128).GetMethod(name, [lane]),
            3 => name.StartsWith("get_", StringComparison.Ordinal) ? v.GetMethod(name, Type.EmptyTypes) : v.GetMethod(name, [v, v]),
            4 or 5 => typeof(Vector128).GetMethods().FirstOrDefault(x => x.Name == name && x.IsGenericMethodDefinition && x.GetParameters().Length == kind - 3)
                      ?.MakeGenericMethod(lane),
            _ => typeof(Vector64).GetMethods().FirstOrDefault(x => x.Name == name && x.IsGenericMethodDefinition && x.GetParameters().Length == 1)
                      ?.MakeGenericMethod(lane),
        };
        return m ?? throw new InvalidOperationException($"no Vector128 method {name} for {lane.Name} ({kind})");
    });

    private readonly Dictionary<Type, IlLocal> _vecTemps = new();

    private IlLocal VecTemp(Type lane)
    {
        if (!_vecTemps.TryGetValue(lane, out var l)) _vecTemps[lane] = l = _il.DeclareLocal(V128(lane));
        return l;
    }

    /// <summary>Pushes V[n] as a Vector128 of <paramref name="lane"/> (from its cached local when it has one).</summary>
    private void LdVec(int n, Type lane)
    {
        if (_vqValid[n])
        {
            _il.Emit(OpCodes.Ldloc, VqLocal(n));
            VecAs(typeof(ulong), lane);
            return;
        }
        LdStateAddr(OffV(n, 0));
        _il.Emit(OpCodes.Ldobj, V128(lane));
        if (!_vqAware) return;
        _il.Emit(OpCodes.Dup);
        VecAs(lane, typeof(ulong));
        _il.Emit(OpCodes.Stloc, VqLocal(n));
        _vqValid[n] = true;
    }

    /// <summary>V[d] = the Vector128 of <paramref name="lane"/> on the stack; bits 127:64 zeroed unless <paramref name="q"/>.</summary>
    private void StVec(int d, Type lane, bool q)
    {
        if (!q)
        {
            // AND with a constant keeps the value in a register (GetLower/ToVector128 spill it).
            _il.Emit(OpCodes.Call, VM("AsUInt64", lane, 4));
            LdcU8(ulong.MaxValue);
            LdcU8(0);
            _il.Emit(OpCodes.Call, MCreateU64Pair);
            VecOp("op_BitwiseAnd", typeof(ulong));
            lane = typeof(ulong);
        }
        var tmp = VecTemp(lane);
        _il.Emit(OpCodes.Stloc, tmp);
        LdStateAddr(OffV(d, 0));
        _il.Emit(OpCodes.Ldloc, tmp);
        _il.Emit(OpCodes.Stobj, V128(lane));
        if (!_vqAware)
        {
            _vqValid[d] = false;
            return;
        }
        _il.Emit(OpCodes.Ldloc, tmp);
        VecAs(lane, typeof(ulong));
        _il.Emit(OpCodes.Stloc, VqLocal(d));
        _vqValid[d] = true;
        if (d == _vqPendingRd) _vqPendingRd = -1;
    }

    /// <summary>Pushes a Vector128 of <paramref name="lane"/> with every lane = <paramref name="value"/>.</summary>
    private void VecConst(Type lane, ulong value)
    {
        if (lane == typeof(ulong) || lane == typeof(long)) LdcU8(value);
        else _il.Emit(OpCodes.Ldc_I4, unchecked((int)(uint)value));
        _il.Emit(OpCodes.Call, VM("Create", lane, 2));
    }

    private void VecOp(string op, Type lane) => _il.Emit(OpCodes.Call, VM(op, lane, 3));

    private void VecShift(string name, Type lane, int shift)
    {
        _il.Emit(OpCodes.Ldc_I4, shift);
        _il.Emit(OpCodes.Call, VM(name, lane, 0));
    }

    // Shift-by-immediate kinds of the inline emitter.
    private enum VShift : byte { Shl, Ushr, Sshr, Usra, Ssra, Urshr, Srshr, Ursra, Srsra, Sri, Sli }

    /// <summary>
    /// SHL/USHR/SSHR/USRA/SSRA/URSHR/SRSHR/URSRA/SRSRA/SRI/SLI (vector, immediate) as Vector128
    /// shifts. Rounding right shifts add bit shift-1 of the operand to the truncated shift
    /// (exact, no overflow); a logical shift by the element size is folded to its constant result.
    /// </summary>
    private void ShiftImmediateInline(GuestInstruction i, VShift kind)
    {
        uint w = i.Word;
        int size = ShiftSize(w), esize = 8 << size, immhb = (int)((w >> 16) & 127);
        int d = Rd5(w), n = Rn5(w);
        bool q = Q(w) == 1;
        Type u = ULanes[size], sg = SLanes[size];
        ulong ones = esize == 64 ? ulong.MaxValue : (1ul << esize) - 1;
        int left = immhb - esize, right = 2 * esize - immhb;
        bool signed = kind is VShift.Sshr or VShift.Ssra or VShift.Srshr or VShift.Srsra;
        bool round = kind is VShift.Urshr or VShift.Srshr or VShift.Ursra or VShift.Srsra;
        bool accumulate = kind is VShift.Usra or VShift.Ssra or VShift.Ursra or VShift.Srsra;
        Type t = signed ? sg : u;
        switch (kind)
        {
            case VShift.Shl:
                LdVec(n, u);
                if (left != 0) VecShift("ShiftLeft", u, left);
                break;
            case VShift.Sli:
                LdVec(d, u);
                VecConst(u, ~(ones << left) & ones);
                VecOp("op_BitwiseAnd", u);
                LdVec(n, u);
                if (left != 0) VecShift("ShiftLeft", u, left);
                VecOp("op_BitwiseOr", u);
                break;
            case VShift.Sri:
                LdVec(d, u);
                if (right < esize)
                {
                    VecConst(u, ~(ones >> right) & ones);
                    VecOp("op_BitwiseAnd", u);
                    LdVec(n, u);
                    VecShift("ShiftRightLogical", u, right);
                    VecOp("op_BitwiseOr", u);
                }
                break;
            default:
                // The truncated shift.
                if (signed)
                {
                    LdVec(n, sg);
                    VecShift("ShiftRightArithmetic", sg, Math.Min(right, esize - 1));
                }
                else if (right < esize)
                {
                    LdVec(n, u);
                    VecShift("ShiftRightLogical", u, right);
                }
                else _il.Emit(OpCodes.Call, VM("get_Zero", u, 3));
                if (round)
                {
                    LdVec(n, t);
                    VecShift("ShiftRightLogical", t, right - 1);
                    _il.Emit(OpCodes.Call, VM("get_One", t, 3));
                    VecOp("op_BitwiseAnd", t);
                    VecOp("op_Addition", t);
                }
                if (accumulate)
                {
                    LdVec(d, t);
                    VecOp("op_Addition", t);
                }
                break;
        }
        StVec(d, t, q);
    }

    /// <summary>SHRN/RSHRN/XTN (and the "2" forms): lanes of twice the size shifted right (rounding), truncated into half Q of Vd.</summary>
    private void ShiftRightNarrowInline(int size, int shift, bool round, bool upper, int d, int n)
    {
        Type wide = ULanes[size + 1], narrow = ULanes[size];
        LdVec(n, wide);
        if (shift != 0) VecShift("ShiftRightLogical", wide, shift);
        if (round)
        {
            LdVec(n, wide);
            VecShift("ShiftRightLogical", wide, shift - 1);
            _il.Emit(OpCodes.Call, VM("get_One", wide, 3));
            VecOp("op_BitwiseAnd", wide);
            VecOp("op_Addition", wide);
        }
        _il.Emit(OpCodes.Call, VM("get_Zero", wide, 3));
        _il.Emit(OpCodes.Call, typeof(Vector128).GetMethod("Narrow", [V128(wide), V128(wide)])!);
        if (!upper)
        {
            StVec(d, narrow, true);
            return;
        }
        var half = Temp(ref _tR, typeof(ulong));
        _il.Emit(OpCodes.Call, VM("AsUInt64", narrow, 4));
        _il.Emit(OpCodes.Call, VM("ToScalar", typeof(ulong), 4));
        _il.Emit(OpCodes.Stloc, half);
        StVFrom(d, 1, half);
    }

    /// <summary>SSHLL/USHLL/SHLL (and the "2" forms): lanes of half <paramref name="upper"/> widened (sign- or zero-extended) and shifted left.</summary>
    private void ShiftLeftLongInline(int size, int shift, bool signed, bool upper, int d, int n)
    {
        Type src = signed ? SLanes[size] : ULanes[size], wide = signed ? SLanes[size + 1] : ULanes[size + 1];
        LdVec(n, src);
        _il.Emit(OpCodes.Call, VM(upper ? "WidenUpper" : "WidenLower", src, 1));
        if (shift != 0) VecShift("ShiftLeft", wide, shift);
        StVec(d, wide, true);
    }

    /// <summary>Pushes lane <paramref name="index"/> of V[n] (esize = 8 &lt;&lt; size) as a 64-bit value, zero- or sign-extended.</summary>
    private void LdLane(int n, int size, int index, bool signed)
    {
        LdStateAddr(OffV(n, 0) + (index << size));
        _il.Emit(size switch
        {
            0 => signed ? OpCodes.Ldind_I1 : OpCodes.Ldind_U1,
            1 => signed ? OpCodes.Ldind_I2 : OpCodes.Ldind_U2,
            2 => signed ? OpCodes.Ldind_I4 : OpCodes.Ldind_U4,
            _ => OpCodes.Ldind_I8,
        });
        if (size != 3) _il.Emit(signed ? OpCodes.Conv_I8 : OpCodes.Conv_U8);
    }

    /// <summary>Stores the low esize bits of the 64-bit value on the stack at the lane address pushed before it.</summary>
    private void StLaneFromStack(int size)
    {
        if (size != 3) _il.Emit(size == 2 ? OpCodes.Conv_U4 : size == 1 ? OpCodes.Conv_U2 : OpCodes.Conv_U1);
        _il.Emit(size switch { 0 => OpCodes.Stind_I1, 1 => OpCodes.Stind_I2, 2 => OpCodes.Stind_I4, _ => OpCodes.Stind_I8 });
    }

    /// <summary>DUP: every lane of Vd = the low esize bits of the 64-bit value on the stack.</summary>
    private void DupInline(int size, bool q, int d)
    {
        Type lane = ULanes[size];
        if (size != 3) _il.Emit(size == 2 ? OpCodes.Conv_U4 : size == 1 ? OpCodes.Conv_U2 : OpCodes.Conv_U1);
        _il.Emit(OpCodes.Call, VM("Create", lane, 2));
        StVec(d, lane, q);
    }

    private IlLocal? _vPairA, _vPairB;

    private static readonly MethodInfo MShuffleBytes = typeof(Vector128).GetMethod("Shuffle", [typeof(Vector128<byte>), typeof(Vector128<byte>)])!;
    private static readonly MethodInfo MUnpackLow64 = typeof(Sse2).GetMethod("UnpackLow", [typeof(Vector128<ulong>), typeof(Vector128<ulong>)])!;
    private static readonly MethodInfo MUnpackHigh64 = typeof(Sse2).GetMethod("UnpackHigh", [typeof(Vector128<ulong>), typeof(Vector128<ulong>)])!;

    /// <summary>Reinterprets the Vector128 of <paramref name="from"/> on the stack as lanes of <paramref name="to"/>.</summary>
    private void VecAs(Type from, Type to)
    {
        if (from == to) return;
        string name = to == typeof(byte) ? "AsByte" : to == typeof(sbyte) ? "AsSByte" : to == typeof(ushort) ? "AsUInt16" : to == typeof(short) ? "AsInt16"
            : to == typeof(uint) ? "AsUInt32" : to == typeof(int) ? "AsInt32" : to == typeof(ulong) ? "AsUInt64" : to == typeof(long) ? "AsInt64"
            : to == typeof(float) ? "AsSingle" : to == typeof(double) ? "AsDouble" : throw new ArgumentException($"no Vector128 reinterpretation to {to.Name}");
        _il.Emit(OpCodes.Call, VM(name, from, 4));
    }

    /// <summary>Byte permutation that puts the even elements (of 1 &lt;&lt; size bytes) of a vector in its low half and the odd ones in its high half.</summary>
    private void PushEvenOddPermutation(int size)
    {
        int eb = 1 << size, count = 16 / eb;
        ulong lo = 0, hi = 0;
        for (int k = 0; k < 16; k++)
        {
            int j = k / eb, src = j < count / 2 ? 2 * j : 2 * (j - count / 2) + 1;
            ulong index = (ulong)(src * eb + k % eb);
            if (k < 8) lo |= index << (8 * k); else hi |= index << (8 * (k - 8));
        }
        LdcU8(lo);
        LdcU8(hi);
        _il.Emit(OpCodes.Call, MCreateU64Pair);
        VecAs(typeof(ulong), typeof(byte));
    }

    /// <summary>Pushes the Vector128&lt;ulong&gt; on the stack with its elements permuted even-then-odd.</summary>
    private void EvenOdd(int size)
    {
        VecAs(typeof(ulong), typeof(byte));
        PushEvenOddPermutation(size);
        _il.Emit(OpCodes.Call, MShuffleBytes);
        VecAs(typeof(byte), typeof(ulong));
    }

    /// <summary>
    /// ADDP/UMAXP/UMINP/SMAXP/SMINP (vector): op 0 add, 1 umax, 2 umin, 3 smax, 4 smin of the
    /// element pairs of Vm:Vn. The even and odd elements are gathered with a byte shuffle and
    /// 64-bit unpacks, then combined lane by lane.
    /// </summary>
    private void PairwiseInline(int op, int size, bool q, int d, int n, int m)
    {
        Type lane = op >= 3 ? SLanes[size] : ULanes[size];
        var a = _vPairA ??= _il.DeclareLocal(typeof(Vector128<ulong>));
        var b = _vPairB ??= _il.DeclareLocal(typeof(Vector128<ulong>));
        if (q)
        {
            LdVec(n, typeof(ulong)); EvenOdd(size); _il.Emit(OpCodes.Stloc, a);
            LdVec(m, typeof(ulong)); EvenOdd(size); _il.Emit(OpCodes.Stloc, b);
            _il.Emit(OpCodes.Ldloc, a); _il.Emit(OpCodes.Ldloc, b); _il.Emit(OpCodes.Call, MUnpackLow64);
            VecAs(typeof(ulong), lane);
            _il.Emit(OpCodes.Ldloc, a); _il.Emit(OpCodes.Ldloc, b); _il.Emit(OpCodes.Call, MUnpackHigh64);
            VecAs(typeof(ulong), lane);
        }
        else
        {
            LdVec(n, typeof(ulong)); LdVec(m, typeof(ulong)); _il.Emit(OpCodes.Call, MUnpackLow64);
            EvenOdd(size); _il.Emit(OpCodes.Stloc, a);
            _il.Emit(OpCodes.Ldloc, a);
            VecAs(typeof(ulong), lane);
            _il.Emit(OpCodes.Ldloc, a); _il.Emit(OpCodes.Ldloc, a); _il.Emit(OpCodes.Call, MUnpackHigh64);
            VecAs(typeof(ulong), lane);
        }
        if (op == 0) VecOp("op_Addition", lane);
        else _il.Emit(OpCodes.Call, VM(op is 1 or 3 ? "Max" : "Min", lane, 5));
        StVec(d, lane, q);
    }

    // ------------------------------------------------------------------ permutations as byte shuffles

    /// <summary>
    /// Byte map of ZIP/UZP/TRN (op 0, 1, 2; part 0 or 1): result byte k comes from byte map[k] of
    /// Vn (0-15) or Vm (16-31); -1 is zero.
    /// </summary>
    private static int[] PermuteMap(int op, int part, int size, bool q)
    {
        int eb = 1 << size, bytes = q ? 16 : 8, elements = bytes / eb, pairs = elements / 2;
        var map = new int[16];
        for (int k = 0; k < 16; k++)
        {
            if (k >= bytes) { map[k] = -1; continue; }
            int e = k / eb;
            (bool fromM, int index) = op switch
            {
                0 => ((e & 1) != 0, part * pairs + e / 2),
                1 => (e >= pairs, e >= pairs ? 2 * (e - pairs) + part : 2 * e + part),
                _ => ((e & 1) != 0, (e & ~1) + part),
            };
            map[k] = (fromM ? 16 : 0) + index * eb + k % eb;
        }
        return map;
    }

    /// <summary>Byte map of EXT: bytes position.. of the concatenation Vm:Vn (each 8 or 16 bytes).</summary>
    private static int[] ExtractMap(int position, bool q)
    {
        int bytes = q ? 16 : 8;
        var map = new int[16];
        for (int k = 0; k < 16; k++)
        {
            int j = position + k;
            map[k] = k >= bytes ? -1 : j < bytes ? j : 16 + j - bytes;
        }
        return map;
    }

    /// <summary>Byte map of REV16/REV32/REV64: elements of 1 &lt;&lt; size bytes reversed within containers.</summary>
    private static int[] ReverseMap(int size, int container, bool q)
    {
        int eb = 1 << size, per = container / eb, bytes = q ? 16 : 8;
        var map = new int[16];
        for (int k = 0; k < 16; k++)
        {
            int pos = k / eb;
            int e = pos / per * per + (per - 1 - pos % per);
            map[k] = k >= bytes ? -1 : e * eb + k % eb;
        }
        return map;
    }

    /// <summary>Pushes a Vector128&lt;byte&gt; constant.</summary>
    private void PushBytes(Func<int, int> value)
    {
        ulong lo = 0, hi = 0;
        for (int k = 0; k < 8; k++)
        {
            lo |= (ulong)(byte)value(k) << (8 * k);
            hi |= (ulong)(byte)value(8 + k) << (8 * k);
        }
        LdcU8(lo);
        LdcU8(hi);
        _il.Emit(OpCodes.Call, MCreateU64Pair);
        VecAs(typeof(ulong), typeof(byte));
    }

    /// <summary>Vd = the bytes of Vn and Vm chosen by <paramref name="map"/> (two constant shuffles OR-ed; out-of-range indices give zero).</summary>
    private void TwoSourcePermute(int[] map, bool q, int d, int n, int m)
    {
        bool useN = map.Any(x => x is >= 0 and < 16), useM = map.Any(x => x >= 16);
        if (!useN && !useM) _il.Emit(OpCodes.Call, VM("get_Zero", typeof(byte), 3));
        if (useN)
        {
            LdVec(n, typeof(byte));
            PushBytes(k => map[k] is >= 0 and < 16 ? map[k] : 0xFF);
            _il.Emit(OpCodes.Call, MShuffleBytes);
        }
        if (useM)
        {
            LdVec(m, typeof(byte));
            PushBytes(k => map[k] >= 16 ? map[k] - 16 : 0xFF);
            _il.Emit(OpCodes.Call, MShuffleBytes);
            if (useN) VecOp("op_BitwiseOr", typeof(byte));
        }
        StVec(d, typeof(byte), q);
    }

    /// <summary>
    /// TBL/TBX: the OR over the table registers r of Shuffle(table r, indices - 16 r) (an index
    /// outside register r wraps out of 0..15 and selects zero); TBX keeps the bytes of Vd whose
    /// index is past the table.
    /// </summary>
    private void TableLookupInline(uint w, bool tbx)
    {
        int d = Rd5(w), n = Rn5(w), m = Rm5(w), regs = (int)((w >> 13) & 3) + 1;
        bool q = Q(w) == 1;
        Type b = typeof(byte);
        for (int r = 0; r < regs; r++)
        {
            LdVec((n + r) & 31, b);
            LdVec(m, b);
            if (r != 0)
            {
                VecConst(b, (ulong)(16 * r));
                VecOp("op_Subtraction", b);
            }
            _il.Emit(OpCodes.Call, MShuffleBytes);
            if (r != 0) VecOp("op_BitwiseOr", b);
        }
        if (tbx)
        {
            LdVec(m, b);
            VecConst(b, (ulong)(16 * regs));
            _il.Emit(OpCodes.Call, VM("GreaterThanOrEqual", b, 5));
            LdVec(d, b);
            VecOp("op_BitwiseAnd", b);
            VecOp("op_BitwiseOr", b);
        }
        StVec(d, b, q);
    }
}

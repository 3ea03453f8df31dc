using System.Reflection;
using System.Reflection.Emit;
using A64Jit.Core.Interpretation;
using A64Jit.Translator.Blocks;

namespace A64Jit.Translator.Emission;

// Native IL for scalar floating point. Moves and sign operations are plain IL on the state;
// arithmetic calls SimdFpRuntime, whose host fast path is exact for default FPCR and
// ordinary operands and whose out-of-line slow path is FPCore (the interpreter's arithmetic).
public sealed partial class BlockEmitter
{
    private static MethodInfo Rt(string name) => typeof(SimdFpRuntime).GetMethod(name)!;

    private static readonly MethodInfo MFpMaxMin = Rt(nameof(SimdFpRuntime.ScalarMaxMin));
    private static readonly MethodInfo MFpCompare = Rt(nameof(SimdFpRuntime.Compare));
    private static readonly MethodInfo MFpCondCompare = Rt(nameof(SimdFpRuntime.CondCompare));
    private static readonly MethodInfo MFpSelect = Rt(nameof(SimdFpRuntime.Select));
    private static readonly MethodInfo MFpConvert = Rt(nameof(SimdFpRuntime.Convert));
    private static readonly MethodInfo MFpFromInt = Rt(nameof(SimdFpRuntime.FromInt));
    private static readonly MethodInfo MFpToIntZero = Rt(nameof(SimdFpRuntime.ToIntZero));
    private static readonly MethodInfo MFpRoundInt = Rt(nameof(SimdFpRuntime.RoundToIntegral));
    private static readonly MethodInfo MFpVectorOp = Rt(nameof(SimdFpRuntime.VectorOp));

    private static MethodInfo Fast(string name) => typeof(SimdFpFast).GetMethod(name)!;

    private static readonly MethodInfo MFastArithD = Fast(nameof(SimdFpFast.ArithD));
    private static readonly MethodInfo MFastArithS = Fast(nameof(SimdFpFast.ArithS));
    private static readonly MethodInfo MFastMulAddD = Fast(nameof(SimdFpFast.MulAddD));
    private static readonly MethodInfo MFastMulAddS = Fast(nameof(SimdFpFast.MulAddS));
    private static readonly MethodInfo MFastSqrtD = Fast(nameof(SimdFpFast.SqrtD));
    private static readonly MethodInfo MFastSqrtS = Fast(nameof(SimdFpFast.SqrtS));
    private static readonly MethodInfo MFastVector2D = Fast(nameof(SimdFpFast.Vector2D));
    private static readonly MethodInfo MFastVector4S = Fast(nameof(SimdFpFast.Vector4S));

    /// <summary>Registers the SIMD&amp;FP natives (called from <see cref="RegisterNatives"/>).</summary>
    private static void RegisterSimdFp()
    {
        RegisterSimdMemory();
        RegisterFpScalar();
        RegisterSimdVector();
    }

    private static void RegisterFpScalar()
    {
        FlagUse none(uint w) => FlagUse.None;
        FlagUse writes(uint w) => FlagUse.Writes;
        FlagUse reads(uint w) => FlagUse.ReadsOrExits;

        string[] ops = ["FADD_scalar", "FSUB_scalar", "FMUL_scalar", "FDIV_scalar", "FNMUL_scalar"];
        int[] codes = [0, 1, 2, 3, 4];
        for (int k = 0; k < ops.Length; k++)
        {
            int op = codes[k];
            Register(ops[k], (e, i) => e.FpCall(FpSize(i.Word) == 64 ? MFastArithD : MFastArithS, op, Rd5(i.Word), Rn5(i.Word), Rm5(i.Word)), none);
        }
        string[] mm = ["FMAX_scalar", "FMIN_scalar", "FMAXNM_scalar", "FMINNM_scalar"];
        for (int k = 0; k < mm.Length; k++)
        {
            int op = k;
            Register(mm[k], (e, i) => e.FpCall(MFpMaxMin, op, FpSize(i.Word), Rd5(i.Word), Rn5(i.Word), Rm5(i.Word)), none);
        }
        foreach (var n in new[] { "FMADD", "FMSUB", "FNMADD", "FNMSUB" })
            Register(n, (e, i) =>
            {
                uint w = i.Word;
                bool o1 = ((w >> 21) & 1) != 0, o0 = ((w >> 15) & 1) != 0;
                e.FpCall(FpSize(w) == 64 ? MFastMulAddD : MFastMulAddS, o1 ? 1 : 0, o0 != o1 ? 1 : 0, Rd5(w), Rn5(w), Rm5(w), (int)((w >> 10) & 31));
            }, none);
        Register("FSQRT_scalar", (e, i) => e.FpCall(FpSize(i.Word) == 64 ? MFastSqrtD : MFastSqrtS, Rd5(i.Word), Rn5(i.Word)), none);
        Register("FMOV_reg", (e, i) => e.FpUnaryBits(i, 0), none);
        Register("FABS_scalar", (e, i) => e.FpUnaryBits(i, 1), none);
        Register("FNEG_scalar", (e, i) => e.FpUnaryBits(i, 2), none);
        Register("FMOV_scalar_imm", (e, i) =>
        {
            int size = FpSize(i.Word);
            e.LdcU8(FPCore.ExpandImm((i.Word >> 13) & 0xFF, size));
            e._il.Emit(OpCodes.Stloc, e.Temp(ref e._tR, typeof(ulong)));
            e.StVFrom(Rd5(i.Word), 0, e._tR!.Value);
            e.StVZero(Rd5(i.Word), 1);
        }, none);
        Register("FMOV_general", (e, i) => e.FmovGeneral(i), none, w => ((w >> 22) & 3) != 3);
        Register("FCMP", (e, i) => e.FpCompare(i, signalAll: false), writes);
        Register("FCMPE", (e, i) => e.FpCompare(i, signalAll: true), writes);
        Register("FCCMP", (e, i) => e.FpCondCompare(i, signalAll: false), reads);
        Register("FCCMPE", (e, i) => e.FpCondCompare(i, signalAll: true), reads);
        Register("FCSEL", (e, i) => e.FpSelect(i), reads);
        Register("FCVT", (e, i) =>
        {
            uint w = i.Word;
            int from = ((w >> 22) & 3) == 0 ? 32 : 64, to = ((w >> 15) & 3) == 0 ? 32 : 64;
            e.FpCall(MFpConvert, from, to, Rd5(w), Rn5(w));
        }, none, w => ((w >> 22) & 3) < 2 && ((w >> 15) & 3) < 2 && ((w >> 22) & 3) != ((w >> 15) & 3));
        Register("SCVTF_scalar_int", (e, i) => e.FpFromInt(i, unsigned: false), none);
        Register("UCVTF_scalar_int", (e, i) => e.FpFromInt(i, unsigned: true), none);
        string[] rint = ["FRINTN_scalar", "FRINTP_scalar", "FRINTM_scalar", "FRINTZ_scalar", "FRINTA_scalar", "FRINTX_scalar", "FRINTI_scalar"];
        for (int k = 0; k < rint.Length; k++)
        {
            int mode = k;
            Register(rint[k], (e, i) => e.FpCall(MFpRoundInt, mode, FpSize(i.Word), Rd5(i.Word), Rn5(i.Word)), none);
        }
        Register("SCVTF_simd_scalar", (e, i) => e.FpFromIntVector(i, unsigned: false), none);
        Register("UCVTF_simd_scalar", (e, i) => e.FpFromIntVector(i, unsigned: true), none);
        Register("FCVTZS_scalar_int", (e, i) => e.FpToIntZero(i, unsigned: false), none);
        Register("FCVTZU_scalar_int", (e, i) => e.FpToIntZero(i, unsigned: true), none);
        string[] vops = ["FADD_vector", "FSUB_vector", "FMUL_vector", "FDIV_vector", "FABD_vector", "FMLA_vector", "FMLS_vector"];
        for (int k = 0; k < vops.Length; k++)
        {
            int op = k;
            Register(vops[k], (e, i) =>
            {
                uint w = i.Word;
                int esize = ((w >> 22) & 1) != 0 ? 64 : 32, datasize = ((w >> 30) & 1) != 0 ? 128 : 64;
                if (datasize == 128) e.FpCall(esize == 64 ? MFastVector2D : MFastVector4S, op, Rd5(w), Rn5(w), Rm5(w));
                else e.FpCall(MFpVectorOp, op, esize, datasize, Rd5(w), Rn5(w), Rm5(w));
            }, none, w => !(((w >> 22) & 1) != 0 && ((w >> 30) & 1) == 0));
        }
    }

    /// <summary>SCVTF/UCVTF (vector, scalar form): the integer in the low esize bits of V[n].</summary>
    private void FpFromIntVector(GuestInstruction i, bool unsigned)
    {
        uint w = i.Word;
        int esize = FpSize(w);
        _il.Emit(OpCodes.Ldarg_0);
        LdV(Rn5(w), 0);
        _il.Emit(OpCodes.Ldc_I4, esize);
        _il.Emit(OpCodes.Ldc_I4, unsigned ? 1 : 0);
        _il.Emit(OpCodes.Ldc_I4, esize);
        _il.Emit(OpCodes.Ldc_I4, Rd5(w));
        _il.Emit(OpCodes.Call, MFpFromInt);
    }

    private static int FpSize(uint w) => ((w >> 22) & 1) != 0 ? 64 : 32;
    private static int Rd5(uint w) => (int)(w & 31);
    private static int Rn5(uint w) => (int)((w >> 5) & 31);
    private static int Rm5(uint w) => (int)((w >> 16) & 31);

    /// <summary>Calls <paramref name="m"/>(CpuState*, constant int arguments...).</summary>
    private void FpCall(MethodInfo m, params int[] args)
    {
        _il.Emit(OpCodes.Ldarg_0);
        foreach (var a in args) _il.Emit(OpCodes.Ldc_I4, a);
        _il.Emit(OpCodes.Call, m);
    }

    /// <summary>FMOV (register), FABS, FNEG: V[d] = V[n] (datasize bits), sign cleared / flipped.</summary>
    private void FpUnaryBits(GuestInstruction i, int op)
    {
        uint w = i.Word;
        int size = FpSize(w);
        var r = Temp(ref _tR, typeof(ulong));
        LdV(Rn5(w), 0);
        if (size == 32) { _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Conv_U8); }
        ulong sign = 1ul << (size - 1);
        if (op == 1) { LdcU8(~sign); _il.Emit(OpCodes.And); }
        if (op == 2) { LdcU8(sign); _il.Emit(OpCodes.Xor); }
        _il.Emit(OpCodes.Stloc, r);
        StVFrom(Rd5(w), 0, r);
        StVZero(Rd5(w), 1);
    }

    /// <summary>FMOV (general): W/S, X/D and X/V.D[1] in both directions.</summary>
    private void FmovGeneral(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0, toFloat = ((w >> 16) & 1) != 0;
        int part = ((w >> 19) & 1) != 0 ? 1 : 0;
        int d = Rd5(w), n = Rn5(w);
        var r = Temp(ref _tR, typeof(ulong));
        if (toFloat)
        {
            LdX(n, is64);
            _il.Emit(OpCodes.Stloc, r);
            StVFrom(d, part, r);
            if (part == 0) StVZero(d, 1);
        }
        else
        {
            LdV(n, part);
            StX(d, is64);
        }
    }

    private void FpCompare(GuestInstruction i, bool signalAll)
    {
        uint w = i.Word;
        bool withZero = ((w >> 3) & 1) != 0;
        FpCall(MFpCompare, FpSize(w), signalAll ? 1 : 0, withZero ? 1 : 0, Rn5(w), Rm5(w));
        if (_flagsLiveAfter[_index]) StNzcv();
        else _il.Emit(OpCodes.Pop);
    }

    private void FpCondCompare(GuestInstruction i, bool signalAll)
    {
        uint w = i.Word;
        _il.Emit(OpCodes.Ldarg_0);
        LdNzcv();
        _il.Emit(OpCodes.Ldc_I4, (int)((w >> 12) & 15));
        _il.Emit(OpCodes.Ldc_I4, (int)(w & 15));
        _il.Emit(OpCodes.Ldc_I4, FpSize(w));
        _il.Emit(OpCodes.Ldc_I4, signalAll ? 1 : 0);
        _il.Emit(OpCodes.Ldc_I4, Rn5(w));
        _il.Emit(OpCodes.Ldc_I4, Rm5(w));
        _il.Emit(OpCodes.Call, MFpCondCompare);
        StNzcv();
    }

    private void FpSelect(GuestInstruction i)
    {
        uint w = i.Word;
        _il.Emit(OpCodes.Ldarg_0);
        LdNzcv();
        _il.Emit(OpCodes.Ldc_I4, (int)((w >> 12) & 15));
        _il.Emit(OpCodes.Ldc_I4, FpSize(w));
        _il.Emit(OpCodes.Ldc_I4, Rd5(w));
        _il.Emit(OpCodes.Ldc_I4, Rn5(w));
        _il.Emit(OpCodes.Ldc_I4, Rm5(w));
        _il.Emit(OpCodes.Call, MFpSelect);
    }

    private void FpFromInt(GuestInstruction i, bool unsigned)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0;
        _il.Emit(OpCodes.Ldarg_0);
        LdX(Rn5(w), true);
        _il.Emit(OpCodes.Ldc_I4, is64 ? 64 : 32);
        _il.Emit(OpCodes.Ldc_I4, unsigned ? 1 : 0);
        _il.Emit(OpCodes.Ldc_I4, FpSize(w));
        _il.Emit(OpCodes.Ldc_I4, Rd5(w));
        _il.Emit(OpCodes.Call, MFpFromInt);
    }

    private void FpToIntZero(GuestInstruction i, bool unsigned)
    {
        uint w = i.Word;
        bool is64 = (w >> 31) != 0;
        FpCall(MFpToIntZero, FpSize(w), is64 ? 64 : 32, unsigned ? 1 : 0, Rn5(w));
        StX(Rd5(w), true);
    }
}

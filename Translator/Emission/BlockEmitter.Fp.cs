using System.Reflection;
using System.Reflection.Emit;
using A64Jit.Core.Decoding;
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
    private static readonly MethodInfo MFpCondCompare = Rt(nameof(SimdFpRuntime.CondCompare));
    private static readonly MethodInfo MFpSelect = Rt(nameof(SimdFpRuntime.Select));
    private static readonly MethodInfo MFpConvert = Rt(nameof(SimdFpRuntime.Convert));
    private static readonly MethodInfo MFpFromInt = Rt(nameof(SimdFpRuntime.FromInt));
    private static readonly MethodInfo MFpToIntZero = Rt(nameof(SimdFpRuntime.ToIntZero));
    private static readonly MethodInfo MFpRoundInt = Rt(nameof(SimdFpRuntime.RoundToIntegral));

    private static MethodInfo Fast(string name) => typeof(SimdFpFast).GetMethod(name)!;

    private static readonly MethodInfo MFastArithD = Fast(nameof(SimdFpFast.ArithD));
    private static readonly MethodInfo MFastArithS = Fast(nameof(SimdFpFast.ArithS));
    private static readonly MethodInfo MFastMulAddD = Fast(nameof(SimdFpFast.MulAddD));
    private static readonly MethodInfo MFastMulAddS = Fast(nameof(SimdFpFast.MulAddS));
    private static readonly MethodInfo MFastSqrtD = Fast(nameof(SimdFpFast.SqrtD));
    private static readonly MethodInfo MFastSqrtS = Fast(nameof(SimdFpFast.SqrtS));
    private static readonly MethodInfo MFastVector2D = Fast(nameof(SimdFpFast.Vector2D));
    private static readonly MethodInfo MFastVector4S = Fast(nameof(SimdFpFast.Vector4S));
    private static readonly MethodInfo MFastVector2S = Fast(nameof(SimdFpFast.Vector2S));
    private static readonly MethodInfo MFastCompare = Fast(nameof(SimdFpFast.Compare));
    private static readonly MethodInfo MFastMode = Fast(nameof(SimdFpFast.FastMode));

    // SimdFpFast.FastMode of the state, evaluated at the first use in each block: FPCR changes
    // only through MSR, which ends a block, and FPSR.IXC is only ever set within one, so a
    // value read in a block stays true to its end (a false one only costs the exact path).
    private IlLocal? _fpFast;
    private int _fpFastBlock = -1;

    // Low halves of V registers held in locals within a block. The cache is write-through (every
    // instruction still writes the state), so exits, faults, fallbacks and helper calls need no
    // write-back: an entry only saves reading back a value the block already has. An entry is
    // dropped when an instruction that may write that register without updating the local is
    // passed: a SIMD&FP native other than the cached operations writes at most Rd (data
    // processing) or Rt/Rt2 (loads; LD1 of several registers drops everything); a general-purpose
    // native writes none; a fallback, or a native registered after the SIMD&FP ones, drops
    // everything. Each block starts with an empty cache (region blocks are branch targets).
    private static readonly bool[] GpNatives = new bool[EncodingTable.All.Length];
    private static readonly byte[] SimdWrites = new byte[EncodingTable.All.Length];   // 1 Rd, 2 Rt and Rt2, 3 several registers
    private readonly IlLocal?[] _vLow = new IlLocal?[32];
    private readonly bool[] _vCached = new bool[32];
    private int _vBlock = -1, _vSeen;

    /// <summary>Registers the SIMD&amp;FP natives (called from <see cref="RegisterNatives"/>).</summary>
    private static void RegisterSimdFp()
    {
        for (int id = 0; id < Natives.Length; id++) GpNatives[id] = Natives[id] != null;
        var before = (NativeEmitter?[])Natives.Clone();
        RegisterSimdMemory();
        RegisterFpScalar();
        RegisterSimdVector();
        for (int id = 0; id < Natives.Length; id++)
        {
            if (Natives[id] == null || ReferenceEquals(Natives[id], before[id])) continue;
            GpNatives[id] = false;
            string name = EncodingTable.All[id].Name;
            // LD1..LD4 (multiple or single structures, replicate) write several registers from Rt on.
            SimdWrites[id] = name.StartsWith("LDP", StringComparison.Ordinal) || name.StartsWith("LDNP", StringComparison.Ordinal) ? (byte)2
                : name.Length > 2 && name.StartsWith("LD", StringComparison.Ordinal) && char.IsAsciiDigit(name[2]) ? (byte)3 : (byte)1;
        }
    }

    /// <summary>Pushes the block's fast-mode flag (reading FPCR and FPSR at its first use in the block).</summary>
    private void LdFpFast()
    {
        var local = _fpFast ??= _il.DeclareLocal(typeof(bool));
        if (_fpFastBlock != _blockIndex)
        {
            _fpFastBlock = _blockIndex;
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Call, MFastMode);
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Stloc, local);
            return;
        }
        _il.Emit(OpCodes.Ldloc, local);
    }

    private IlLocal VLow(int n) => _vLow[n] ??= _il.DeclareLocal(typeof(ulong));

    /// <summary>Brings the V cache up to the current instruction (drops what the instructions since the last cached operation may have written).</summary>
    private void FpSync()
    {
        if (_vBlock != _blockIndex)
        {
            Array.Clear(_vCached);
            _vBlock = _blockIndex;
            _vSeen = _index;
            return;
        }
        var ins = _block.Instructions;
        for (int k = _vSeen + 1; k < _index; k++)
        {
            var i = ins[k];
            int id = i.EncodingId;
            bool native = IsNative(i);
            if (native && GpNatives[id]) continue;
            switch (native ? SimdWrites[id] : 0)
            {
                case 1: _vCached[i.Word & 31] = false; break;
                case 2: _vCached[i.Word & 31] = false; _vCached[(i.Word >> 10) & 31] = false; break;
                default: Array.Clear(_vCached); break;
            }
        }
        _vSeen = _index;
    }

    /// <summary>Pushes the low 64 bits of V[n], from its local when the block already has them.</summary>
    private void FpLd(int n)
    {
        var local = VLow(n);
        if (_vCached[n]) { _il.Emit(OpCodes.Ldloc, local); return; }
        LdV(n, 0);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, local);
        _vCached[n] = true;
    }

    /// <summary>Keeps the value on the stack (the new low 64 bits of V[d], already in the state) as V[d]'s cached value.</summary>
    private void FpSetCached(int d)
    {
        _il.Emit(OpCodes.Stloc, VLow(d));
        _vCached[d] = true;
    }

    /// <summary>FADD/FSUB/FMUL/FDIV/FNMUL (scalar).</summary>
    private void FpArith(GuestInstruction i, int op)
    {
        uint w = i.Word;
        int d = Rd5(w), n = Rn5(w), m = Rm5(w);
        FpSync();
        _il.Emit(OpCodes.Ldarg_0);
        LdFpFast();
        _il.Emit(OpCodes.Ldc_I4, op);
        FpLd(n);
        FpLd(m);
        _il.Emit(OpCodes.Ldc_I4, d);
        _il.Emit(OpCodes.Ldc_I4, n);
        _il.Emit(OpCodes.Ldc_I4, m);
        _il.Emit(OpCodes.Call, FpSize(w) == 64 ? MFastArithD : MFastArithS);
        FpSetCached(d);
    }

    /// <summary>FMADD/FMSUB/FNMADD/FNMSUB.</summary>
    private void FpMulAdd(GuestInstruction i)
    {
        uint w = i.Word;
        bool o1 = ((w >> 21) & 1) != 0, o0 = ((w >> 15) & 1) != 0;
        int d = Rd5(w), n = Rn5(w), m = Rm5(w), a = (int)((w >> 10) & 31);
        FpSync();
        _il.Emit(OpCodes.Ldarg_0);
        LdFpFast();
        _il.Emit(OpCodes.Ldc_I4, o1 ? 1 : 0);
        _il.Emit(OpCodes.Ldc_I4, o0 != o1 ? 1 : 0);
        FpLd(n);
        FpLd(m);
        FpLd(a);
        _il.Emit(OpCodes.Ldc_I4, d);
        _il.Emit(OpCodes.Ldc_I4, n);
        _il.Emit(OpCodes.Ldc_I4, m);
        _il.Emit(OpCodes.Ldc_I4, a);
        _il.Emit(OpCodes.Call, FpSize(w) == 64 ? MFastMulAddD : MFastMulAddS);
        FpSetCached(d);
    }

    /// <summary>FSQRT (scalar).</summary>
    private void FpSqrt(GuestInstruction i)
    {
        uint w = i.Word;
        int d = Rd5(w), n = Rn5(w);
        FpSync();
        _il.Emit(OpCodes.Ldarg_0);
        LdFpFast();
        FpLd(n);
        _il.Emit(OpCodes.Ldc_I4, d);
        _il.Emit(OpCodes.Ldc_I4, n);
        _il.Emit(OpCodes.Call, FpSize(w) == 64 ? MFastSqrtD : MFastSqrtS);
        FpSetCached(d);
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
            Register(ops[k], (e, i) => e.FpArith(i, op), none);
        }
        string[] mm = ["FMAX_scalar", "FMIN_scalar", "FMAXNM_scalar", "FMINNM_scalar"];
        for (int k = 0; k < mm.Length; k++)
        {
            int op = k;
            Register(mm[k], (e, i) => e.FpCall(MFpMaxMin, op, FpSize(i.Word), Rd5(i.Word), Rn5(i.Word), Rm5(i.Word)), none);
        }
        foreach (var n in new[] { "FMADD", "FMSUB", "FNMADD", "FNMSUB" })
            Register(n, (e, i) => e.FpMulAdd(i), none);
        Register("FSQRT_scalar", (e, i) => e.FpSqrt(i), none);
        Register("FMOV_reg", (e, i) => e.FpUnaryBits(i, 0), none);
        Register("FABS_scalar", (e, i) => e.FpUnaryBits(i, 1), none);
        Register("FNEG_scalar", (e, i) => e.FpUnaryBits(i, 2), none);
        Register("FMOV_scalar_imm", (e, i) =>
        {
            int size = FpSize(i.Word);
            e.LdcU8(FPCore.ExpandImm((i.Word >> 13) & 0xFF, size));
            e._il.Emit(OpCodes.Stloc, e.Temp(ref e._tR, typeof(ulong)));
            e.StVScalar(Rd5(i.Word), e._tR!.Value);
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
                bool dbl = ((w >> 22) & 1) != 0, q = ((w >> 30) & 1) != 0;   // 1D is declined (reserved)
                e._il.Emit(OpCodes.Ldarg_0);
                e.LdFpFast();
                e._il.Emit(OpCodes.Ldc_I4, op);
                e._il.Emit(OpCodes.Ldc_I4, Rd5(w));
                e._il.Emit(OpCodes.Ldc_I4, Rn5(w));
                e._il.Emit(OpCodes.Ldc_I4, Rm5(w));
                e._il.Emit(OpCodes.Call, dbl ? MFastVector2D : q ? MFastVector4S : MFastVector2S);
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
        FpSync();
        FpLd(Rn5(w));
        if (size == 32) { _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Conv_U8); }
        ulong sign = 1ul << (size - 1);
        if (op == 1) { LdcU8(~sign); _il.Emit(OpCodes.And); }
        if (op == 2) { LdcU8(sign); _il.Emit(OpCodes.Xor); }
        _il.Emit(OpCodes.Stloc, r);
        StVScalar(Rd5(w), r);
        _il.Emit(OpCodes.Ldloc, r);
        FpSetCached(Rd5(w));
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
            if (part == 0) StVScalar(d, r);
            else StVFrom(d, part, r);
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
        FpSync();
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldc_I4, FpSize(w));
        _il.Emit(OpCodes.Ldc_I4, signalAll ? 1 : 0);
        FpLd(Rn5(w));
        if (withZero) LdcU8(0);
        else FpLd(Rm5(w));
        _il.Emit(OpCodes.Call, MFastCompare);
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

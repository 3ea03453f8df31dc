using A64Jit.Core.State;

namespace A64Jit.Runtime.Linux;

/// <summary>
/// What Linux shows user space when EL0 reads an ID register (HWCAP_CPUID): the kernel traps
/// the MRS and emulates it. MIDR_EL1 reads as the core's value, MPIDR_EL1 as just its RES1 bit
/// 31, REVIDR_EL1 as 0. The ID_AA64* feature registers show their user-visible fields
/// (Documentation/arch/arm64/cpu-feature-registers.rst) and hidden fields at the kernel's
/// safe value; the rest of the ID space (op0 3, op1 0, CRn 0, CRm 1-7) reads as zero.
/// </summary>
public static unsafe class IdRegisters
{
    /// <summary>ISS of an EC 0x18 trap: the register's op0/op1/CRn/CRm/op2 and the direction.</summary>
    public readonly record struct SysRegAccess(int Op0, int Op1, int CRn, int CRm, int Op2, int Rt, bool IsRead)
    {
        public static SysRegAccess FromIss(uint iss) => new(
            (int)((iss >> 20) & 3), (int)((iss >> 14) & 7), (int)((iss >> 10) & 15), (int)((iss >> 1) & 15),
            (int)((iss >> 17) & 7), (int)((iss >> 5) & 31), (iss & 1) != 0);
    }

    // Visible-field masks and the values of hidden fields.
    public const ulong Pfr0Visible = 0xFF0F_000F_00FF_0000;   // CSV3, CSV2, DIT, SVE, AdvSIMD, FP
    public const ulong Pfr0Hidden = 0x11;                     // EL1 and EL0: AArch64 only
    public const ulong Pfr1Visible = 0x0000_0000_0000_0FFF;   // MTE, SSBS, BT
    public const ulong Isar0Visible = 0xF0FF_FFFF_F0FF_FFF0;  // RNDR, TS, FHM, DP, SM4, SM3, SHA3, RDM, ATOMICS, CRC32, SHA2, SHA1, AES
    public const ulong Isar1Visible = 0x00FF_F0FF_FFFF_FFFF;  // I8MM..DPB
    public const ulong Mmfr0Hidden = 0xFF00_0000;             // TGran4 and TGran64 "not implemented" as the safe value
    public const ulong Mmfr2Visible = 0x0000_0000_000F_0000;  // AT
    public const ulong Dfr0Hidden = 0x6;                      // DebugVer: ARMv8.0 debug

    /// <summary>The value user space reads, or null when the access is not an emulated ID register read (SIGILL).</summary>
    public static ulong? Read(CpuState* s, SysRegAccess a) => Read(s, a, null);

    /// <summary>
    /// As <see cref="Read(CpuState*, SysRegAccess)"/>, with the feature fields limited to what
    /// <paramref name="caps"/> (the process's AT_HWCAP) reports, so that both views agree.
    /// </summary>
    public static ulong? Read(CpuState* s, SysRegAccess a, HwCap? caps)
    {
        var v = ReadRaw(s, a);
        if (v == null || caps is not { } c) return v;
        ulong x = v.Value;
        static ulong Field(ulong r, int shift, ulong value) => (r & ~(0xFul << shift)) | (value << shift);
        static ulong Get(ulong r, int shift) => (r >> shift) & 0xF;
        if ((a.CRm, a.Op2) == (4, 0))
        {
            if ((c & HwCap.Fp) == 0) x = Field(x, 16, 0xF);
            if ((c & HwCap.Asimd) == 0) x = Field(x, 20, 0xF);
        }
        else if ((a.CRm, a.Op2) == (6, 0))
        {
            ulong aes = (c & HwCap.Aes) == 0 ? 0 : (c & HwCap.Pmull) != 0 ? Math.Min(Get(x, 4), 2ul) : Math.Min(Get(x, 4), 1ul);
            x = Field(x, 4, aes);
            if ((c & HwCap.Sha1) == 0) x = Field(x, 8, 0);
            x = Field(x, 12, (c & HwCap.Sha2) == 0 ? 0 : Math.Min(Get(x, 12), 1ul)); // SHA512 has its own HWCAP, not offered
            if ((c & HwCap.Crc32) == 0) x = Field(x, 16, 0);
            if ((c & HwCap.Atomics) == 0) x = Field(x, 20, 0);
            x &= 0x0000_0000_00FF_FFF0ul; // RDM, SHA3, SM3, SM4, DP, FHM, TS, RNDR have HWCAPs that are not offered
        }
        else if ((a.CRm, a.Op2) == (6, 1)) x = 0; // DPB, JSCVT, FCMA, LRCPC, … are not offered
        else if ((a.CRm, a.Op2) == (4, 1)) x = 0; // BTI, SSBS, MTE are not offered
        return x;
    }

    private static ulong? ReadRaw(CpuState* s, SysRegAccess a)
    {
        if (!a.IsRead || a.Op0 != 3 || a.Op1 != 0 || a.CRn != 0 || a.CRm > 7) return null;
        if (a.CRm == 0)
            return a.Op2 switch
            {
                0 => s->Midr,
                5 => 0x8000_0000ul,
                6 => 0,
                _ => null,
            };
        return (a.CRm, a.Op2) switch
        {
            (4, 0) => (s->IdAa64Pfr0 & Pfr0Visible) | Pfr0Hidden,
            (4, 1) => s->IdAa64Pfr1 & Pfr1Visible,
            (5, 0) => Dfr0Hidden,
            (6, 0) => s->IdAa64Isar0 & Isar0Visible,
            (6, 1) => s->IdAa64Isar1 & Isar1Visible,
            (7, 0) => Mmfr0Hidden,
            (7, 2) => s->IdAa64Mmfr2 & Mmfr2Visible,
            _ => 0ul,
        };
    }
}

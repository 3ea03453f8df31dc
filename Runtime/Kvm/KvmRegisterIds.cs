namespace A64Jit.Runtime.Kvm;

/// <summary>
/// ONE_REG register ids for AArch64 (arch/arm64/include/uapi/asm/kvm.h): core registers
/// are addressed by their offset, in 32-bit words, into <c>struct kvm_regs</c>; system
/// registers by op0, op1, CRn, CRm and op2.
/// </summary>
public static class KvmRegisterIds
{
    public const ulong Arm64 = 0x6000_0000_0000_0000;
    public const ulong SizeU32 = 0x0020_0000_0000_0000;
    public const ulong SizeU64 = 0x0030_0000_0000_0000;
    public const ulong SizeU128 = 0x0040_0000_0000_0000;
    public const ulong SizeMask = 0x00F0_0000_0000_0000;
    public const ulong CoreGroup = 0x0010_0000;
    public const ulong SysregGroup = 0x0013_0000;
    public const ulong GroupMask = 0xFFFF_0000;

    // Offsets (bytes) in struct kvm_regs: user_pt_regs { regs[31], sp, pc, pstate }, sp_el1,
    // elr_el1, spsr[5], user_fpsimd_state { vregs[32] (16 bytes each), fpsr, fpcr }.
    private const int OffRegs = 0, OffSp = 248, OffPc = 256, OffPstate = 264, OffSpEl1 = 272, OffElrEl1 = 280,
        OffSpsr = 288, OffVregs = 336, OffFpsr = 336 + 512, OffFpcr = 336 + 512 + 4;

    private static ulong Core(ulong size, int byteOffset) => Arm64 | size | CoreGroup | (uint)(byteOffset / 4);

    public static ulong X(int n) => (uint)n <= 30 ? Core(SizeU64, OffRegs + 8 * n) : throw new ArgumentOutOfRangeException(nameof(n));
    public static readonly ulong Sp = Core(SizeU64, OffSp);
    public static readonly ulong Pc = Core(SizeU64, OffPc);
    public static readonly ulong Pstate = Core(SizeU64, OffPstate);
    public static readonly ulong SpEl1 = Core(SizeU64, OffSpEl1);
    public static readonly ulong ElrEl1 = Core(SizeU64, OffElrEl1);
    /// <summary>spsr[KVM_SPSR_EL1] (index 0).</summary>
    public static readonly ulong SpsrEl1 = Core(SizeU64, OffSpsr);
    public static ulong V(int n) => (uint)n <= 31 ? Core(SizeU128, OffVregs + 16 * n) : throw new ArgumentOutOfRangeException(nameof(n));
    public static readonly ulong Fpsr = Core(SizeU32, OffFpsr);
    public static readonly ulong Fpcr = Core(SizeU32, OffFpcr);

    /// <summary>A system register id from its MRS/MSR encoding.</summary>
    public static ulong Sysreg(int op0, int op1, int crn, int crm, int op2) =>
        Arm64 | SizeU64 | SysregGroup | (uint)((op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2);

    public static readonly ulong MidrEl1 = Sysreg(3, 0, 0, 0, 0);
    public static readonly ulong MpidrEl1 = Sysreg(3, 0, 0, 0, 5);
    public static readonly ulong IdAa64Pfr0El1 = Sysreg(3, 0, 0, 4, 0);
    public static readonly ulong IdAa64Pfr1El1 = Sysreg(3, 0, 0, 4, 1);
    public static readonly ulong IdAa64Isar0El1 = Sysreg(3, 0, 0, 6, 0);
    public static readonly ulong IdAa64Mmfr0El1 = Sysreg(3, 0, 0, 7, 0);
    public static readonly ulong SctlrEl1 = Sysreg(3, 0, 1, 0, 0);
    public static readonly ulong CpacrEl1 = Sysreg(3, 0, 1, 0, 2);
    public static readonly ulong Ttbr0El1 = Sysreg(3, 0, 2, 0, 0);
    public static readonly ulong Ttbr1El1 = Sysreg(3, 0, 2, 0, 1);
    public static readonly ulong TcrEl1 = Sysreg(3, 0, 2, 0, 2);
    public static readonly ulong EsrEl1 = Sysreg(3, 0, 5, 2, 0);
    public static readonly ulong FarEl1 = Sysreg(3, 0, 6, 0, 0);
    public static readonly ulong MairEl1 = Sysreg(3, 0, 10, 2, 0);
    public static readonly ulong VbarEl1 = Sysreg(3, 0, 12, 0, 0);
    public static readonly ulong ContextidrEl1 = Sysreg(3, 0, 13, 0, 1);
    public static readonly ulong TpidrEl1 = Sysreg(3, 0, 13, 0, 4);
    public static readonly ulong SpEl0 = Sysreg(3, 0, 4, 1, 0);
    public static readonly ulong TpidrEl0 = Sysreg(3, 3, 13, 0, 2);
    public static readonly ulong TpidrroEl0 = Sysreg(3, 3, 13, 0, 3);
    public static readonly ulong CntvCtlEl0 = Sysreg(3, 3, 14, 3, 1);
    public static readonly ulong CntvCvalEl0 = Sysreg(3, 3, 14, 3, 2);
}

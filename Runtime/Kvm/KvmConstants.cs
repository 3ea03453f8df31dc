namespace A64Jit.Runtime.Kvm;

/// <summary>Exit reasons, with the numbers of Linux's include/uapi/linux/kvm.h (rule C1).</summary>
public enum KvmExitReason : uint
{
    Unknown = 0,
    Exception = 1,
    Io = 2,
    Hypercall = 3,
    Debug = 4,
    Hlt = 5,
    Mmio = 6,
    Shutdown = 8,
    FailEntry = 9,
    Intr = 10,
    InternalError = 17,
    SystemEvent = 24,
    ArmNisv = 28,
}

/// <summary>The errno values the API returns (negated), as the KVM ioctls would set them.</summary>
public static class Errno
{
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int ENOEXEC = 8;
    public const int EBADF = 9;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EINVAL = 22;
    public const int ENOMEM = 12;
    public const int E2BIG = 7;
}

/// <summary>vCPU init feature bits (arch/arm64/include/uapi/asm/kvm.h, rule C2).</summary>
public static class VcpuFeature
{
    public const int PowerOff = 0;
    public const int El1_32Bit = 1;
    public const int Psci0_2 = 2;
    public const int PmuV3 = 3;
    public const int Sve = 4;
    public const int PtrauthAddress = 5;
    public const int PtrauthGeneric = 6;
    public const int HasEl2 = 7;
    public const int Count = 8;
}

/// <summary>KVM_ARM_TARGET_* values.</summary>
public static class VcpuTarget
{
    public const uint AemV8 = 0, FoundationV8 = 1, CortexA57 = 2, XgenePotenza = 3, CortexA53 = 4, GenericV8 = 5;
}

/// <summary>hardware_entry_failure_reason values for FAIL_ENTRY exits (rule C5).</summary>
public static class FailEntryReason
{
    /// <summary>KVM_ARM64_FAILED_ENTRY_NO_AARCH32_ALLOWED: the guest entered AArch32 EL0.</summary>
    public const ulong NoAarch32Allowed = 0xBADBAD32;
    /// <summary>KVM_ARM64_FAILED_ENTRY_INTERNAL_ERROR: an illegal exception return on entry.</summary>
    public const ulong InternalError = 0xE1215BAD;
}

/// <summary>KVM_SYSTEM_EVENT_* types.</summary>
public static class SystemEventType
{
    public const uint Shutdown = 1;
    public const uint Reset = 2;
    public const uint Crash = 3;
}

/// <summary>KVM_INTERNAL_ERROR_* sub-errors.</summary>
public static class InternalErrorKind
{
    public const uint Emulation = 1;
    public const uint SimulEx = 2;
    public const uint DeliveryEv = 3;
    public const uint UnexpectedExitReason = 4;
}

/// <summary>PSCI 0.2 function IDs and return values (Arm DEN 0022).</summary>
public static class Psci
{
    public const uint Version = 0x8400_0000;
    public const uint CpuSuspend32 = 0x8400_0001, CpuSuspend64 = 0xC400_0001;
    public const uint CpuOff = 0x8400_0002;
    public const uint CpuOn32 = 0x8400_0003, CpuOn64 = 0xC400_0003;
    public const uint AffinityInfo32 = 0x8400_0004, AffinityInfo64 = 0xC400_0004;
    public const uint MigrateInfoType = 0x8400_0006;
    public const uint SystemOff = 0x8400_0008;
    public const uint SystemReset = 0x8400_0009;
    public const uint Features = 0x8400_000A;

    public const long Success = 0, NotSupported = -1, InvalidParameters = -2, Denied = -3, AlreadyOn = -4,
        OnPending = -5, InternalFailure = -6, NotPresent = -7, Disabled = -8, InvalidAddress = -9;

    public const uint Version0_2 = 0x0000_0002;

    /// <summary>AFFINITY_INFO answers.</summary>
    public const long AffinityOn = 0, AffinityOff = 1, AffinityOnPending = 2;

    /// <summary>True for function IDs in the PSCI range (SMC32 0x8400_0000–0x8400_001F, SMC64 0xC400_0000–0xC400_001F).</summary>
    public static bool IsPsci(uint function) => (function & 0xBFFF_FFE0) == 0x8400_0000;
}

/// <summary>What the runtime does with an SMCCC function call (the KVM SMCCC filter).</summary>
public enum SmcccFilterAction
{
    /// <summary>Handled in the runtime (PSCI) or answered NOT_SUPPORTED.</summary>
    Handle = 0,
    /// <summary>Answered NOT_SUPPORTED without looking at it.</summary>
    Deny = 1,
    /// <summary>Forwarded to the VMM as a HYPERCALL exit.</summary>
    ForwardToUser = 2,
}

namespace A64Jit.Runtime.Kvm;

/// <summary>
/// The run structure shared by the VMM and a vCPU (the analogue of KVM's mmap'ed
/// <c>struct kvm_run</c>): the VMM sets <see cref="ImmediateExit"/> and completes MMIO
/// reads and hypercalls through it; after each run it holds the exit reason and the
/// fields of that reason.
/// </summary>
public sealed class KvmRun
{
    /// <summary>Set by the VMM: the next run returns at once with INTR and -EINTR (rule C8).</summary>
    public volatile bool ImmediateExit;

    public KvmExitReason ExitReason;

    /// <summary>MMIO exit (rule C6): phys_addr, len, is_write and the bytes as the vCPU stores or loads them.</summary>
    public MmioExit Mmio = new();

    /// <summary>FAIL_ENTRY: hardware_entry_failure_reason and cpu (rule C5).</summary>
    public ulong HardwareEntryFailureReason;
    public uint FailEntryCpu;

    /// <summary>SYSTEM_EVENT: type (SHUTDOWN 1, RESET 2) and data.</summary>
    public uint SystemEventType;
    public ulong[] SystemEventData = new ulong[16];
    public uint SystemEventDataCount;

    /// <summary>HYPERCALL: the SMCCC function ID in nr, the arguments X1..X6, flags (bit 0: issued by SMC).</summary>
    public ulong HypercallNr;
    public ulong[] HypercallArgs = new ulong[6];
    public ulong HypercallFlags;

    /// <summary>ARM_NISV: the ISS of the data abort and the faulting guest-physical address.</summary>
    public ulong ArmNisvEsrIss;
    public ulong ArmNisvFaultIpa;

    /// <summary>INTERNAL_ERROR: sub-error and a description.</summary>
    public uint InternalSuberror;
    public string InternalDescription = "";

    public sealed class MmioExit
    {
        public ulong PhysAddr;
        public readonly byte[] Data = new byte[8];
        public uint Len;
        public bool IsWrite;
    }
}

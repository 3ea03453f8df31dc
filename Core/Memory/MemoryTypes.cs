namespace A64Jit.Core.Memory;

[Flags]
public enum MemoryPermissions : byte
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
    ReadWrite = Read | Write,
    ReadExecute = Read | Execute,
    All = Read | Write | Execute,
}

public enum MemAccess : byte
{
    Read = 0,
    Write = 1,
    Fetch = 2,
}

public enum FaultKind : byte
{
    None = 0,
    /// <summary>No page is mapped at the address.</summary>
    Unmapped = 1,
    /// <summary>A page is mapped but does not allow the access.</summary>
    Permission = 2,
    /// <summary>The address is outside the guest address space.</summary>
    AddressSize = 3,
}

/// <summary>A failed guest memory access, described as a value.</summary>
public readonly record struct MemoryFault(FaultKind Kind, ulong Address, int Size, MemAccess Access)
{
    public bool IsFault => Kind != FaultKind.None;
    public override string ToString() => $"{Kind} fault: {Access} of {Size} byte(s) at 0x{Address:x}";
}

/// <summary>Thrown only by the convenience API of <see cref="GuestMemory"/>, never on an execution path.</summary>
public sealed class GuestMemoryException(MemoryFault fault) : Exception(fault.ToString())
{
    public MemoryFault Fault { get; } = fault;
}

/// <summary>How a <see cref="GuestMemory"/> is set up.</summary>
public sealed class GuestMemoryOptions
{
    /// <summary>The address space is 2^AddressBits bytes (20 to 48; default 48, as AArch64 Linux user space).</summary>
    public int AddressBits { get; init; } = 48;

    /// <summary>The most guest memory mapped at once, in bytes (default: no limit); see <see cref="GuestMemory.MemoryLimit"/>.</summary>
    public ulong MemoryLimit { get; init; } = ulong.MaxValue;

    /// <summary>
    /// Surrounds the host memory of every mapping with an inaccessible guard page and a
    /// canary-filled page on each side (and checks the canaries when the memory is freed),
    /// so that tests can prove with <see cref="GuestMemory.VerifyHostGuards"/> that no access
    /// ever left the guest's own host memory. Costs four host pages per mapping.
    /// </summary>
    public bool HostGuards { get; init; }
}

/// <summary>
/// A mapping would take more guest memory than <see cref="GuestMemory.MemoryLimit"/> allows.
/// It derives from <see cref="OutOfMemoryException"/> so that code that already turns a host
/// allocation failure into ENOMEM for the guest does the same for the limit.
/// </summary>
public sealed class GuestMemoryLimitException(ulong requested, ulong mapped, ulong limit)
    : OutOfMemoryException($"mapping 0x{requested:x} more bytes would exceed the guest memory limit (0x{mapped:x} of 0x{limit:x} bytes mapped)")
{
    public ulong Requested { get; } = requested;
    public ulong Mapped { get; } = mapped;
    public ulong Limit { get; } = limit;
}

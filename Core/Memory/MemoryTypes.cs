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

using System.Runtime.InteropServices;

namespace A64Jit.Core.Memory;

/// <summary>Host virtual memory: reserved-but-uncommitted ranges and zeroed committed ranges.</summary>
internal static unsafe partial class HostMemory
{
    private const int ProtNone = 0, ProtRead = 1, ProtWrite = 2;
    private const int MapPrivate = 0x02, MapAnonymous = 0x20, MapNoReserve = 0x4000;
    private static readonly nint MapFailed = -1;

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int Munmap(nint addr, nuint length);

    /// <summary>Reserves zero-filled memory that costs nothing until touched (the page table).</summary>
    public static void* Reserve(nuint bytes)
    {
        if (OperatingSystem.IsWindows()) return NativeMemory.AllocZeroed(bytes);
        nint p = Mmap(0, bytes, ProtRead | ProtWrite, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
        if (p == MapFailed) throw new OutOfMemoryException($"cannot reserve {bytes} bytes of host address space (errno {Marshal.GetLastPInvokeError()})");
        return (void*)p;
    }

    /// <summary>Zero-filled, page-aligned memory for guest pages.</summary>
    public static void* Commit(nuint bytes)
    {
        if (OperatingSystem.IsWindows()) return NativeMemory.AlignedAlloc(bytes, 4096);
        nint p = Mmap(0, bytes, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (p == MapFailed) throw new OutOfMemoryException($"cannot allocate {bytes} bytes of guest memory (errno {Marshal.GetLastPInvokeError()})");
        return (void*)p;
    }

    public static void Release(void* p, nuint bytes)
    {
        if (OperatingSystem.IsWindows()) { NativeMemory.Free(p); return; }
        Munmap((nint)p, bytes);
    }
}

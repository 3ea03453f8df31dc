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

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int Mprotect(nint addr, nuint length, int prot);

    /// <summary>Whether <see cref="CommitGuarded"/> can make inaccessible guard pages (POSIX hosts).</summary>
    public static bool HasGuardPages => !OperatingSystem.IsWindows();

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

    /// <summary>
    /// Read-write memory of <paramref name="total"/> bytes whose first and last
    /// <paramref name="guard"/> bytes are inaccessible (PROT_NONE), so that any host access
    /// that strays into them ends the process at once instead of going unnoticed.
    /// </summary>
    public static void* CommitGuarded(nuint total, nuint guard)
    {
        void* p = Commit(total);
        if (HasGuardPages && guard != 0)
        {
            if (Mprotect((nint)p, guard, ProtNone) != 0 || Mprotect((nint)((byte*)p + total - guard), guard, ProtNone) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                Release(p, total);
                throw new OutOfMemoryException($"cannot make guard pages (errno {errno})");
            }
        }
        return p;
    }

    /// <summary>Makes the last <paramref name="guard"/> bytes of a reserved range inaccessible.</summary>
    public static void ProtectTail(void* p, nuint total, nuint guard)
    {
        if (HasGuardPages) Mprotect((nint)((byte*)p + total - guard), guard, ProtNone);
    }

    public static void Release(void* p, nuint bytes)
    {
        if (OperatingSystem.IsWindows()) { NativeMemory.Free(p); return; }
        Munmap((nint)p, bytes);
    }
}

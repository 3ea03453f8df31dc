using A64Jit.Core.Memory;

namespace A64Jit.Runtime.Linux;

public sealed unsafe partial class LinuxSyscalls
{
    private const int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    private const int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_SHARED_VALIDATE = 3, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_FIXED_NOREPLACE = 0x100000;
    private const int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;
    private const int MADV_DONTNEED = 4;
    private const ulong PageMask = GuestMemory.PageMask;

    private static MemoryPermissions Perms(int prot)
    {
        var p = MemoryPermissions.None;
        if ((prot & PROT_READ) != 0) p |= MemoryPermissions.Read;
        if ((prot & PROT_WRITE) != 0) p |= MemoryPermissions.Write;
        if ((prot & PROT_EXEC) != 0) p |= MemoryPermissions.Execute;
        return p;
    }

    private static ulong PageUp(ulong n) => (n + PageMask) & ~PageMask;

    private bool AnyMapped(ulong address, ulong length)
    {
        for (ulong a = address; a < address + length; a += GuestMemory.PageSize) if (Mem.IsMapped(a)) return true;
        return false;
    }

    private bool AllMapped(ulong address, ulong length)
    {
        for (ulong a = address; a < address + length; a += GuestMemory.PageSize) if (!Mem.IsMapped(a)) return false;
        return true;
    }

    private bool InRange(ulong address, ulong length) => address + length >= address && address + length <= Mem.AddressLimit;

    private ulong DoBrk(ulong request)
    {
        ulong cur = _p.Brk;
        if (request < _p.BrkStart || _p.BrkStart == 0) return cur;
        ulong oldEnd = PageUp(cur), newEnd = PageUp(request);
        if (!InRange(request, 0) || newEnd > LinuxProcess.MmapBase) return cur;
        if (newEnd > oldEnd)
        {
            if (!Mem.CanMap(newEnd - oldEnd) || AnyMapped(oldEnd, newEnd - oldEnd)) return cur;
            Mem.Map(oldEnd, newEnd - oldEnd, MemoryPermissions.ReadWrite);
        }
        else if (newEnd < oldEnd) { _p.InvalidateCode(newEnd, oldEnd - newEnd); Mem.Unmap(newEnd, oldEnd - newEnd); }
        _p.Brk = request;
        return request;
    }

    private ulong? FindFree(ulong length, ulong hint)
    {
        ulong limit = _p.StackLimit != 0 ? _p.StackLimit - (1ul << 24) : LinuxProcess.StackTop;
        return Mem.FindFree(length, Math.Max(hint, LinuxProcess.MmapBase), limit) ?? Mem.FindFree(length, LinuxProcess.MmapBase, limit);
    }

    private long Mmap(ulong addr, ulong length, int prot, int flags, int fd, ulong offset)
    {
        if (length == 0) return -Errno.EINVAL;
        if ((offset & PageMask) != 0) return -Errno.EINVAL;
        int type = flags & 3;
        if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE) return -Errno.EINVAL;
        ulong len = PageUp(length);
        if (len < length || len == 0 || len > Mem.MemoryLimit) return -Errno.ENOMEM;
        bool anonymous = (flags & MAP_ANONYMOUS) != 0;
        int hostFd = -1;
        if (!anonymous && !_p.Files.TryGetHost(fd, out hostFd)) return -Errno.EBADF;

        ulong at;
        if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0)
        {
            if ((addr & PageMask) != 0) return -Errno.EINVAL;
            if (!InRange(addr, len) || addr < GuestMemory.PageSize) return -Errno.ENOMEM;
            if ((flags & MAP_FIXED) == 0 && AnyMapped(addr, len)) return -Errno.EEXIST;
            at = addr;
        }
        else
        {
            ulong hint = addr & ~PageMask;
            if (hint >= GuestMemory.PageSize && InRange(hint, len) && !AnyMapped(hint, len)) at = hint;
            else
            {
                var found = FindFree(len, _mmapHint);
                if (found == null) return -Errno.ENOMEM;
                at = found.Value;
            }
        }

        // The guest memory limit counts what stays mapped: pages this mapping replaces are given back.
        if (!Mem.CanMap(len - (ulong)Mem.MappedPages(at, len).Count * GuestMemory.PageSize)) return -Errno.ENOMEM;

        byte[]? data = null;
        if (!anonymous)
        {
            data = new byte[Math.Min(len, MaxIo)];
            long r;
            fixed (byte* b = data) r = HostCalls.Call(HostCalls.pread64, hostFd, (long)b, data.Length, (long)offset);
            if (r < 0) return r == -Errno.EISDIR ? -Errno.ENODEV : r;
            Array.Resize(ref data, (int)r);
        }

        if (AnyMapped(at, len)) { WriteBackShared(at, len, forget: true); _p.InvalidateCode(at, len); Mem.Unmap(at, len); }
        Mem.Map(at, len, Perms(prot));
        if (data != null && data.Length > 0) Mem.WritePrivileged(at, data);
        if (!anonymous && type != MAP_PRIVATE && data != null && data.Length > 0)
        {
            long dup = HostCalls.Call(HostCalls.dup, hostFd);
            if (dup >= 0) _shared.Add(new SharedMapping(at, (ulong)data.Length, (int)dup, offset));
        }
        if (at + len > _mmapHint && at >= LinuxProcess.MmapBase) _mmapHint = at + len;
        return (long)at;
    }

    private long Munmap(ulong addr, ulong length)
    {
        if ((addr & PageMask) != 0 || length == 0) return -Errno.EINVAL;
        ulong len = PageUp(length);
        if (!InRange(addr, len)) return -Errno.EINVAL;
        WriteBackShared(addr, len, forget: true);
        _p.InvalidateCode(addr, len);
        Mem.Unmap(addr, len);
        return 0;
    }

    // ------------------------------------------------------------------ shared file mappings

    /// <summary>A MAP_SHARED mapping of a file: guest pages [Start, Start+Length) mirror the file from Offset.</summary>
    private sealed record SharedMapping(ulong Start, ulong Length, int HostFd, ulong Offset);

    private readonly List<SharedMapping> _shared = new();

    /// <summary>
    /// Writes the guest's view of shared file mappings in [addr, addr+len) back to their
    /// files (msync, munmap, remapping and exit). Guest pages are private host memory, so
    /// a shared mapping reaches its file at these points, not at every store; mappings of
    /// other processes and changes made to the file behind the mapping are not seen.
    /// </summary>
    private void WriteBackShared(ulong addr, ulong len, bool forget)
    {
        for (int i = _shared.Count - 1; i >= 0; i--)
        {
            var m = _shared[i];
            ulong lo = Math.Max(addr, m.Start), hi = Math.Min(addr + len, m.Start + m.Length);
            if (lo >= hi) continue;
            var buffer = new byte[hi - lo];
            if (!AllMapped(lo & ~PageMask, PageUp(hi - (lo & ~PageMask)))) continue;
            Mem.ReadPrivileged(lo, buffer);
            fixed (byte* b = buffer) HostCalls.Call(HostCalls.pwrite64, m.HostFd, (long)b, buffer.Length, (long)(m.Offset + (lo - m.Start)));
            if (forget && lo == m.Start && hi == m.Start + m.Length)
            {
                HostCalls.Call(HostCalls.close, m.HostFd);
                _shared.RemoveAt(i);
            }
        }
    }

    private long Msync(ulong addr, ulong length, int flags)
    {
        if ((addr & PageMask) != 0 || (flags & ~7) != 0 || (flags & 5) == 5) return -Errno.EINVAL;
        ulong len = PageUp(length);
        if (!InRange(addr, len)) return -Errno.ENOMEM;
        if (!AllMapped(addr, len)) return -Errno.ENOMEM;
        WriteBackShared(addr, len, forget: false);
        return 0;
    }

    /// <summary>Writes every shared file mapping back (at exit) and closes their descriptors.</summary>
    internal void FlushSharedMappings() => WriteBackShared(0, ulong.MaxValue / 2, forget: true);

    private long Mprotect(ulong addr, ulong length, int prot)
    {
        if ((addr & PageMask) != 0) return -Errno.EINVAL;
        if ((prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | 0x01000000 | 0x02000000 /* GROWSDOWN/UP */ | 0x10 /* PROT_BTI */)) != 0) return -Errno.EINVAL;
        if (length == 0) return 0;
        ulong len = PageUp(length);
        if (!InRange(addr, len) || !AllMapped(addr, len)) return -Errno.ENOMEM;
        if ((prot & PROT_EXEC) == 0) _p.InvalidateCode(addr, len);
        Mem.Protect(addr, len, Perms(prot));
        return 0;
    }

    private long Mremap(ulong oldAddr, ulong oldSize, ulong newSize, int flags, ulong newAddr)
    {
        if ((oldAddr & PageMask) != 0) return -Errno.EINVAL;
        if ((flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) != 0 || ((flags & MREMAP_FIXED) != 0 && (flags & MREMAP_MAYMOVE) == 0)) return -Errno.EINVAL;
        ulong oldLen = PageUp(oldSize), newLen = PageUp(newSize);
        if (newLen == 0) return -Errno.EINVAL;
        if (oldLen == 0 || !InRange(oldAddr, oldLen) || !AllMapped(oldAddr, oldLen)) return -Errno.EFAULT;
        if (newLen > oldLen && !Mem.CanMap(newLen - oldLen)) return -Errno.ENOMEM;
        if ((flags & MREMAP_FIXED) == 0)
        {
            if (newLen <= oldLen)
            {
                if (newLen < oldLen) { _p.InvalidateCode(oldAddr + newLen, oldLen - newLen); Mem.Unmap(oldAddr + newLen, oldLen - newLen); }
                return (long)oldAddr;
            }
            if (InRange(oldAddr, newLen) && !AnyMapped(oldAddr + oldLen, newLen - oldLen))
            {
                Mem.Map(oldAddr + oldLen, newLen - oldLen, Mem.GetPermissions(oldAddr + oldLen - GuestMemory.PageSize));
                return (long)oldAddr;
            }
            if ((flags & MREMAP_MAYMOVE) == 0) return -Errno.ENOMEM;
        }
        // A move maps the new range before the old one is unmapped.
        if (!Mem.CanMap(newLen)) return -Errno.ENOMEM;
        ulong target;
        if ((flags & MREMAP_FIXED) != 0)
        {
            if ((newAddr & PageMask) != 0 || !InRange(newAddr, newLen)) return -Errno.EINVAL;
            if (newAddr < oldAddr + oldLen && oldAddr < newAddr + newLen) return -Errno.EINVAL;
            if (AnyMapped(newAddr, newLen)) { _p.InvalidateCode(newAddr, newLen); Mem.Unmap(newAddr, newLen); }
            target = newAddr;
        }
        else
        {
            var found = FindFree(newLen, _mmapHint);
            if (found == null) return -Errno.ENOMEM;
            target = found.Value;
        }
        ulong copy = Math.Min(oldLen, newLen);
        Mem.Map(target, newLen, MemoryPermissions.ReadWrite);
        var page = new byte[GuestMemory.PageSize];
        for (ulong o = 0; o < copy; o += GuestMemory.PageSize)
        {
            Mem.ReadPrivileged(oldAddr + o, page);
            Mem.WritePrivileged(target + o, page);
        }
        for (ulong o = 0; o < newLen; o += GuestMemory.PageSize)
            Mem.Protect(target + o, GuestMemory.PageSize, Mem.GetPermissions(oldAddr + Math.Min(o, oldLen - GuestMemory.PageSize)));
        _p.InvalidateCode(oldAddr, oldLen);
        Mem.Unmap(oldAddr, oldLen);
        if (target + newLen > _mmapHint && target >= LinuxProcess.MmapBase) _mmapHint = target + newLen;
        return (long)target;
    }

    private long Madvise(ulong addr, ulong length, int advice)
    {
        if ((addr & PageMask) != 0) return -Errno.EINVAL;
        ulong len = PageUp(length);
        if (!InRange(addr, len)) return -Errno.EINVAL;
        if (advice == MADV_DONTNEED)
        {
            if (!AllMapped(addr, len)) return -Errno.ENOMEM;
            var zero = new byte[GuestMemory.PageSize];
            for (ulong a = addr; a < addr + len; a += GuestMemory.PageSize) Mem.WritePrivileged(a, zero);
        }
        return 0;
    }
}

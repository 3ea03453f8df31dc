using A64Jit.Core.Elf;
using A64Jit.Core.Memory;

namespace A64Jit.Runtime.Linux;

/// <summary>Thrown when a program cannot be loaded; the message is one clear line for the user.</summary>
public sealed class LoadException(string message) : Exception(message);

/// <summary>Where a loaded image ended up.</summary>
public sealed record LoadedImage(
    ulong Entry,
    ulong LoadBias,
    ulong ProgramHeaderAddress,
    int ProgramHeaderEntrySize,
    int ProgramHeaderCount,
    ulong BrkStart,
    bool ExecutableStack);

/// <summary>
/// Loads static and static-pie AArch64 ELF executables into guest memory: PT_LOAD
/// segments with their permissions and zero-filled bss. Dynamically linked programs and
/// anything malformed are refused with a <see cref="LoadException"/>.
/// </summary>
public static class ElfLoader
{
    /// <summary>Where a static-pie (ET_DYN without PT_INTERP) is placed.</summary>
    public const ulong DefaultPieBase = 0x55_0000_0000;

    private const uint PfX = 1, PfW = 2, PfR = 4;
    private const int Elf32Size = 52;

    public static ElfFile Parse(byte[] data, string name)
    {
        if (data.Length == 0) throw new LoadException($"{name}: empty file, not an ELF executable");
        if (!ElfFile.LooksLikeElf(data)) throw new LoadException($"{name}: not an ELF executable");
        ElfFile elf;
        try { elf = new ElfFile(data); }
        catch (ElfFormatException ex) { throw new LoadException($"{name}: malformed ELF file: {ex.Message}"); }
        if (!elf.Is64)
        {
            if (elf.Machine == ElfFile.MachineArm && data.Length >= Elf32Size)
                throw new LoadException($"{name}: a 32-bit ARM (AArch32) program; A64Jit runs AArch64 programs only");
            throw new LoadException($"{name}: a 32-bit ELF file; A64Jit runs AArch64 (ELF64) programs only");
        }
        if (elf.Machine != ElfFile.MachineAArch64) throw new LoadException($"{name}: ELF machine {elf.Machine} is not AArch64 (183)");
        if (elf.Type != ElfFile.TypeExec && elf.Type != ElfFile.TypeDyn) throw new LoadException($"{name}: ELF type {elf.Type} is not an executable");
        if (elf.Segments.Any(s => s.Type == ElfFile.PtInterp))
            throw new LoadException($"{name}: dynamically linked programs (PT_INTERP) are not supported yet; build it with -static or -static-pie");
        if (!elf.Segments.Any(s => s.Type == ElfFile.PtLoad)) throw new LoadException($"{name}: no loadable segments");
        return elf;
    }

    public static LoadedImage Load(ElfFile elf, GuestMemory memory, string name, ulong pieBase = DefaultPieBase)
    {
        ulong bias = elf.Type == ElfFile.TypeDyn ? pieBase : 0;
        var loads = elf.Segments.Where(s => s.Type == ElfFile.PtLoad).ToList();
        ulong limit = memory.AddressLimit;
        foreach (var s in loads)
        {
            if (s.FileSize > s.MemorySize) throw new LoadException($"{name}: segment at 0x{s.VirtualAddress:x} has a file size larger than its memory size");
            if (s.Offset > (ulong)elf.Data.Length || s.FileSize > (ulong)elf.Data.Length - s.Offset) throw new LoadException($"{name}: segment at 0x{s.VirtualAddress:x} extends beyond the end of the file");
            ulong start = s.VirtualAddress + bias;
            if (start < s.VirtualAddress || s.MemorySize > limit || start > limit - s.MemorySize) throw new LoadException($"{name}: segment at 0x{s.VirtualAddress:x} lies outside the address space");
            if (start < GuestMemory.PageSize) throw new LoadException($"{name}: segment at 0x{s.VirtualAddress:x} would map page zero");
            if (s.MemorySize > 1ul << 36) throw new LoadException($"{name}: segment at 0x{s.VirtualAddress:x} is too large (0x{s.MemorySize:x} bytes)");
        }
        ulong entry = elf.Entry + bias;
        ulong total = 0;
        foreach (var s in loads)
        {
            ulong start = s.VirtualAddress + bias;
            total += ((start + s.MemorySize + GuestMemory.PageMask) & ~GuestMemory.PageMask) - (start & ~GuestMemory.PageMask);
        }
        if (!memory.CanMap(total)) throw new LoadException($"{name}: the segments need 0x{total:x} bytes, more than the guest memory limit (0x{memory.MemoryLimit:x} bytes)");

        ulong brk = 0;
        foreach (var s in loads)
        {
            ulong start = s.VirtualAddress + bias;
            ulong pageStart = start & ~GuestMemory.PageMask;
            ulong pageEnd = (start + s.MemorySize + GuestMemory.PageMask) & ~GuestMemory.PageMask;
            if (pageEnd == pageStart) continue;
            var perms = MemoryPermissions.None;
            if ((s.Flags & PfR) != 0) perms |= MemoryPermissions.Read;
            if ((s.Flags & PfW) != 0) perms |= MemoryPermissions.Write;
            if ((s.Flags & PfX) != 0) perms |= MemoryPermissions.Execute;
            // Segments may share a page at their edges: the page gets the union of their permissions.
            for (ulong p = pageStart; p < pageEnd;)
            {
                if (memory.IsMapped(p))
                {
                    memory.Protect(p, GuestMemory.PageSize, memory.GetPermissions(p) | perms);
                    p += GuestMemory.PageSize;
                    continue;
                }
                // A run of unmapped pages is one mapping (a large bss is one host allocation, not one per page).
                ulong q = p + GuestMemory.PageSize;
                while (q < pageEnd && !memory.IsMapped(q)) q += GuestMemory.PageSize;
                try { memory.Map(p, q - p, perms); }
                catch (OutOfMemoryException ex) { throw new LoadException($"{name}: cannot map the segment at 0x{s.VirtualAddress:x}: {ex.Message}"); }
                p = q;
            }
            if (s.FileSize > 0) memory.WritePrivileged(start, elf.Data.AsSpan((int)s.Offset, (int)s.FileSize));
            brk = Math.Max(brk, pageEnd);
        }

        // AT_PHDR: the program headers' address in memory (inside the first segment that maps them).
        ulong phdr = 0;
        foreach (var s in loads)
            if (elf.ProgramHeaderOffset >= s.Offset && elf.ProgramHeaderOffset < s.Offset + s.FileSize)
            {
                phdr = elf.ProgramHeaderOffset - s.Offset + s.VirtualAddress + bias;
                break;
            }
        var phdrSeg = elf.Segments.FirstOrDefault(s => s.Type == 6 /* PT_PHDR */);
        if (phdrSeg.Type == 6) phdr = phdrSeg.VirtualAddress + bias;

        var gnuStack = elf.Segments.FirstOrDefault(s => s.Type == ElfFile.PtGnuStack);
        bool execStack = gnuStack.Type == ElfFile.PtGnuStack && (gnuStack.Flags & PfX) != 0;
        return new LoadedImage(entry, bias, phdr, elf.ProgramHeaderEntrySize, elf.Segments.Count, brk, execStack);
    }
}

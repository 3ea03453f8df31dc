using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using A64Jit.Core.Memory;

namespace A64Jit.Runtime.Linux;

/// <summary>Identity and features reported to a new process through its auxiliary vector.</summary>
public sealed record ProcessIdentity(uint Uid, uint Euid, uint Gid, uint Egid, HwCap HwCap, ulong HwCap2 = 0, ulong ClockTicks = 100, ulong MinSigStackSize = 5120);

/// <summary>
/// Builds the initial stack of a Linux AArch64 process as the kernel lays it out: at the
/// top the strings (argv, envp, the executable's name), the platform string and the 16
/// AT_RANDOM bytes; below them, 16-byte aligned, argc, argv[], NULL, envp[], NULL and the
/// auxiliary vector ending in AT_NULL. Returns the initial SP (pointing at argc).
/// </summary>
public static class InitialStack
{
    public const string Platform = "aarch64";

    public static ulong Build(GuestMemory memory, ulong stackTop, IReadOnlyList<string> argv, IReadOnlyList<string> envp,
        string execFn, LoadedImage image, ProcessIdentity id, ReadOnlySpan<byte> randomBytes = default)
    {
        ulong p = stackTop;
        ulong PushBytes(ReadOnlySpan<byte> bytes)
        {
            p -= (ulong)bytes.Length;
            memory.WritePrivileged(p, bytes);
            return p;
        }
        ulong PushString(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s + "\0");
            return PushBytes(bytes);
        }

        // Strings, highest first: the executable's name, then envp, then argv (so argv[0] is lowest).
        p -= 8; // a terminating null word at the very top, as Linux leaves
        ulong execFnAddr = PushString(execFn);
        var envAddrs = new ulong[envp.Count];
        for (int i = envp.Count - 1; i >= 0; i--) envAddrs[i] = PushString(envp[i]);
        var argAddrs = new ulong[argv.Count];
        for (int i = argv.Count - 1; i >= 0; i--) argAddrs[i] = PushString(argv[i]);

        p &= ~0xFul;
        ulong platformAddr = PushString(Platform);
        Span<byte> random = stackalloc byte[16];
        if (randomBytes.Length == 16) randomBytes.CopyTo(random); else RandomNumberGenerator.Fill(random);
        p &= ~0xFul;
        ulong randomAddr = PushBytes(random);

        var auxv = new List<(ulong key, ulong value)>
        {
            (Auxv.AT_HWCAP, (ulong)id.HwCap),
            (Auxv.AT_PAGESZ, GuestMemory.PageSize),
            (Auxv.AT_CLKTCK, id.ClockTicks),
            (Auxv.AT_PHDR, image.ProgramHeaderAddress),
            (Auxv.AT_PHENT, (ulong)image.ProgramHeaderEntrySize),
            (Auxv.AT_PHNUM, (ulong)image.ProgramHeaderCount),
            (Auxv.AT_BASE, 0),
            (Auxv.AT_FLAGS, 0),
            (Auxv.AT_ENTRY, image.Entry),
            (Auxv.AT_UID, id.Uid),
            (Auxv.AT_EUID, id.Euid),
            (Auxv.AT_GID, id.Gid),
            (Auxv.AT_EGID, id.Egid),
            (Auxv.AT_SECURE, 0),
            (Auxv.AT_RANDOM, randomAddr),
            (Auxv.AT_HWCAP2, id.HwCap2),
            (Auxv.AT_EXECFN, execFnAddr),
            (Auxv.AT_PLATFORM, platformAddr),
            (Auxv.AT_MINSIGSTKSZ, id.MinSigStackSize),
            (Auxv.AT_NULL, 0),
        };

        int words = 1 + argv.Count + 1 + envp.Count + 1 + 2 * auxv.Count;
        p -= (ulong)words * 8;
        p &= ~0xFul;
        ulong sp = p;
        var table = new byte[words * 8];
        int k = 0;
        void Word(ulong v) { BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(k * 8), v); k++; }
        Word((ulong)argv.Count);
        foreach (var a in argAddrs) Word(a);
        Word(0);
        foreach (var e in envAddrs) Word(e);
        Word(0);
        foreach (var (key, value) in auxv) { Word(key); Word(value); }
        memory.WritePrivileged(sp, table);
        return sp;
    }
}

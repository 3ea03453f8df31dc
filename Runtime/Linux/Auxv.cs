namespace A64Jit.Runtime.Linux;

/// <summary>Auxiliary vector entry types (include/uapi/linux/auxvec.h).</summary>
public static class Auxv
{
    public const ulong AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
        AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15,
        AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31,
        AT_MINSIGSTKSZ = 51;
}

/// <summary>AArch64 AT_HWCAP bits (arch/arm64/include/uapi/asm/hwcap.h).</summary>
[Flags]
public enum HwCap : ulong
{
    None = 0,
    Fp = 1ul << 0,
    Asimd = 1ul << 1,
    EvtStrm = 1ul << 2,
    Aes = 1ul << 3,
    Pmull = 1ul << 4,
    Sha1 = 1ul << 5,
    Sha2 = 1ul << 6,
    Crc32 = 1ul << 7,
    Atomics = 1ul << 8,
    FpHp = 1ul << 9,
    AsimdHp = 1ul << 10,
    CpuId = 1ul << 11,
}

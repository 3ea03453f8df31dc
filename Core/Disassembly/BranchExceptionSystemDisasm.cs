using System.Globalization;
using static A64Jit.Core.Disassembly.Asm;

namespace A64Jit.Core.Disassembly;

/// <summary>GNU objdump text for the branch, exception generation and system group, one method per encoding of the table.</summary>
internal static class BranchExceptionSystemDisasm
{
    // ----- Reserved

    public static string UDF(uint w, ulong pc) => Op("udf", Dec(Bits(w, 15, 0)));

    // ----- Branches

    private static ulong Target(ulong pc, uint w, int hi, int lo) => pc + (ulong)(SignExtend(Bits(w, hi, lo), hi - lo + 1) << 2);

    /// <summary>objdump's comment naming the other condition mnemonics of a B.cond (SVE-style names included).</summary>
    private static readonly string?[] ConditionAliases =
    [
        "b.none", "b.any", "b.hs, b.nlast", "b.lo, b.ul, b.last", "b.first", "b.nfrst", null, null,
        "b.pmore", "b.plast", "b.tcont", "b.tstop", null, null, null, null,
    ];

    public static string B_cond(uint w, ulong pc)
    {
        uint cond = Bits(w, 3, 0);
        string text = Op("b." + Conditions[cond], Label(Target(pc, w, 23, 5)));
        return ConditionAliases[cond] is { } alt ? Comment(text, alt) : text;
    }

    public static string B(uint w, ulong pc) => Op("b", Label(Target(pc, w, 25, 0)));
    public static string BL(uint w, ulong pc) => Op("bl", Label(Target(pc, w, 25, 0)));

    public static string CBZ(uint w, ulong pc) => Op("cbz", R(Bit(w, 31), Rt(w)), Label(Target(pc, w, 23, 5)));
    public static string CBNZ(uint w, ulong pc) => Op("cbnz", R(Bit(w, 31), Rt(w)), Label(Target(pc, w, 23, 5)));

    private static string TestBranch(string mnemonic, uint w, ulong pc)
    {
        uint bit = (Bits(w, 31, 31) << 5) | Bits(w, 23, 19);
        return Op(mnemonic, R(Bit(w, 31), Rt(w)), Dec(bit), Label(Target(pc, w, 18, 5)));
    }

    public static string TBZ(uint w, ulong pc) => TestBranch("tbz", w, pc);
    public static string TBNZ(uint w, ulong pc) => TestBranch("tbnz", w, pc);

    public static string BR(uint w, ulong pc) => Op("br", X(Rn(w)));
    public static string BLR(uint w, ulong pc) => Op("blr", X(Rn(w)));
    public static string RET(uint w, ulong pc) => Rn(w) == 30 ? Op("ret") : Op("ret", X(Rn(w)));
    public static string ERET(uint w, ulong pc) => Op("eret");
    public static string DRPS(uint w, ulong pc) => Op("drps");

    // ----- Exception generation

    public static string SVC(uint w, ulong pc) => Op("svc", Hex(Bits(w, 20, 5)));
    public static string HVC(uint w, ulong pc) => Op("hvc", Hex(Bits(w, 20, 5)));
    public static string SMC(uint w, ulong pc) => Op("smc", Hex(Bits(w, 20, 5)));
    public static string BRK(uint w, ulong pc) => Op("brk", Hex(Bits(w, 20, 5)));
    public static string HLT(uint w, ulong pc) => Op("hlt", Hex(Bits(w, 20, 5)));

    private static string Dcps(string mnemonic, uint w) => Bits(w, 20, 5) == 0 ? Op(mnemonic) : Op(mnemonic, Hex(Bits(w, 20, 5)));
    public static string DCPS1(uint w, ulong pc) => Dcps("dcps1", w);
    public static string DCPS2(uint w, ulong pc) => Dcps("dcps2", w);
    public static string DCPS3(uint w, ulong pc) => Dcps("dcps3", w);

    // ----- Hints

    public static string NOP(uint w, ulong pc) => Op("nop");
    public static string YIELD(uint w, ulong pc) => Op("yield");
    public static string WFE(uint w, ulong pc) => Op("wfe");
    public static string WFI(uint w, ulong pc) => Op("wfi");
    public static string SEV(uint w, ulong pc) => Op("sev");
    public static string SEVL(uint w, ulong pc) => Op("sevl");

    /// <summary>The names objdump gives hint numbers (CRm:op2); null entries print as <c>hint #0x..</c>.</summary>
    private static readonly string?[] HintNames = BuildHintNames();

    private static string?[] BuildHintNames()
    {
        var n = new string?[128];
        n[0] = "nop"; n[1] = "yield"; n[2] = "wfe"; n[3] = "wfi"; n[4] = "sev"; n[5] = "sevl";
        n[7] = "xpaclri"; n[8] = "pacia1716"; n[10] = "pacib1716"; n[12] = "autia1716"; n[14] = "autib1716";
        n[16] = "esb"; n[17] = "psb\tcsync"; n[18] = "tsb\tcsync"; n[20] = "csdb"; n[22] = "clearbhb";
        n[24] = "paciaz"; n[25] = "paciasp"; n[26] = "pacibz"; n[27] = "pacibsp";
        n[28] = "autiaz"; n[29] = "autiasp"; n[30] = "autibz"; n[31] = "autibsp";
        n[32] = "bti"; n[34] = "bti\tc"; n[36] = "bti\tj"; n[38] = "bti\tjc";
        return n;
    }

    public static string HINT(uint w, ulong pc)
    {
        uint imm = Bits(w, 11, 5);
        return HintNames[imm] ?? Op("hint", Hex(imm));
    }

    // ----- Barriers

    private static readonly string?[] BarrierOptions =
        [null, "oshld", "oshst", "osh", null, "nshld", "nshst", "nsh", null, "ishld", "ishst", "ish", null, "ld", "st", "sy"];

    private static string BarrierOperand(uint crm) => BarrierOptions[crm] ?? "#0x" + crm.ToString("x2", CultureInfo.InvariantCulture);

    public static string CLREX(uint w, ulong pc) => Bits(w, 11, 8) == 15 ? Op("clrex") : Op("clrex", Hex(Bits(w, 11, 8)));

    public static string DSB(uint w, ulong pc)
    {
        uint crm = Bits(w, 11, 8);
        return crm switch
        {
            0 => Op("ssbb"),
            4 => Op("pssbb"),
            _ => Op("dsb", BarrierOperand(crm)),
        };
    }

    public static string DMB(uint w, ulong pc) => Op("dmb", BarrierOperand(Bits(w, 11, 8)));

    public static string ISB(uint w, ulong pc) => Bits(w, 11, 8) == 15 ? Op("isb") : Op("isb", Hex(Bits(w, 11, 8)));

    // ----- PSTATE

    public static string MSR_imm(uint w, ulong pc)
    {
        uint op1 = Bits(w, 18, 16), op2 = Bits(w, 7, 5);
        string field = op1 == 0 ? "spsel" : op2 == 6 ? "daifset" : "daifclr";
        return Op("msr", field, Hex(Bits(w, 11, 8)));
    }

    // ----- System instructions

    /// <summary>objdump's generic system register name <c>s&lt;op0&gt;_&lt;op1&gt;_c&lt;CRn&gt;_c&lt;CRm&gt;_&lt;op2&gt;</c>.</summary>
    private static string GenericSysReg(uint w) =>
        $"s{Bits(w, 20, 19)}_{Bits(w, 18, 16)}_c{Bits(w, 15, 12)}_c{Bits(w, 11, 8)}_{Bits(w, 7, 5)}";

    public static string SYS(uint w, ulong pc)
    {
        if (BranchExceptionSystemTables.SysAliases.TryGetValue(Bits(w, 18, 5), out var alias))
            return alias.HasRegister ? Op(alias.Mnemonic, alias.Operation, X(Rt(w))) : Op(alias.Mnemonic, alias.Operation);
        string op1 = Dec(Bits(w, 18, 16)), crn = "C" + Bits(w, 15, 12), crm = "C" + Bits(w, 11, 8), op2 = Dec(Bits(w, 7, 5));
        return Rt(w) == 31 ? Op("sys", op1, crn, crm, op2) : Op("sys", op1, crn, crm, op2, X(Rt(w)));
    }

    public static string SYSL(uint w, ulong pc) =>
        Op("sysl", X(Rt(w)), Dec(Bits(w, 18, 16)), "C" + Bits(w, 15, 12), "C" + Bits(w, 11, 8), Dec(Bits(w, 7, 5)));

    // ----- System register move

    /// <summary>The register name objdump prints for op0 (2 or 3):op1:CRn:CRm:op2, both directions.</summary>
    private static string SysRegName(uint w, bool write)
    {
        uint key = Bits(w, 19, 5);
        if (write && key == BranchExceptionSystemTables.DbgDtrKey) return "dbgdtrtx_el0";
        return BranchExceptionSystemTables.SysRegs.TryGetValue(key, out var name) ? name : GenericSysReg(w);
    }

    public static string MSR_reg(uint w, ulong pc) => Op("msr", SysRegName(w, true), X(Rt(w)));
    public static string MRS(uint w, ulong pc) => Op("mrs", X(Rt(w)), SysRegName(w, false));
}

/// <summary>
/// The names GNU objdump (binutils 2.40) prints in the system instruction space: system
/// register names for MRS/MSR (op0 = 2, 3) and the operation names of SYS aliases
/// (AT, DC, IC, TLBI, CFP, DVP, CPP). Every other encoding prints in the generic form.
/// </summary>
internal static class BranchExceptionSystemTables
{
    public readonly record struct SysAlias(string Mnemonic, string Operation, bool HasRegister);

    /// <summary>Key of op0 = 2, op1 = 3, CRn = 0, CRm = 5, op2 = 0: dbgdtrrx_el0 when read, dbgdtrtx_el0 when written.</summary>
    public const uint DbgDtrKey = (0u << 14) | (3u << 11) | (0u << 7) | (5u << 3) | 0u;

    /// <summary>Keyed by op0&lt;0&gt;:op1:CRn:CRm:op2 (instruction bits 19:5).</summary>
    public static readonly Dictionary<uint, string> SysRegs = ParseSysRegs();

    /// <summary>Keyed by op1:CRn:CRm:op2 (instruction bits 18:5).</summary>
    public static readonly Dictionary<uint, SysAlias> SysAliases = ParseSysAliases();

    private static Dictionary<uint, string> ParseSysRegs()
    {
        var d = new Dictionary<uint, string>();
        foreach (var line in SysRegText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            uint key = ((uint.Parse(f[0], CultureInfo.InvariantCulture) & 1) << 14) | (uint.Parse(f[1], CultureInfo.InvariantCulture) << 11)
                | (uint.Parse(f[2], CultureInfo.InvariantCulture) << 7) | (uint.Parse(f[3], CultureInfo.InvariantCulture) << 3) | uint.Parse(f[4], CultureInfo.InvariantCulture);
            d[key] = f[5];
        }
        return d;
    }

    private static Dictionary<uint, SysAlias> ParseSysAliases()
    {
        var d = new Dictionary<uint, SysAlias>();
        foreach (var line in SysAliasText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            uint key = (uint.Parse(f[0], CultureInfo.InvariantCulture) << 11) | (uint.Parse(f[1], CultureInfo.InvariantCulture) << 7)
                | (uint.Parse(f[2], CultureInfo.InvariantCulture) << 3) | uint.Parse(f[3], CultureInfo.InvariantCulture);
            d[key] = new SysAlias(f[4], f[5], f.Length > 6);
        }
        return d;
    }

    // op1 CRn CRm op2 mnemonic operation [r = takes Xt]
    private const string SysAliasText = """
0  7  1 0 ic ialluis
0  7  5 0 ic iallu
0  7  6 1 dc ivac r
0  7  6 2 dc isw r
0  7  6 3 dc igvac r
0  7  6 4 dc igsw r
0  7  6 5 dc igdvac r
0  7  6 6 dc igdsw r
0  7  8 0 at s1e1r r
0  7  8 1 at s1e1w r
0  7  8 2 at s1e0r r
0  7  8 3 at s1e0w r
0  7  9 0 at s1e1rp r
0  7  9 1 at s1e1wp r
0  7 10 2 dc csw r
0  7 10 4 dc cgsw r
0  7 10 6 dc cgdsw r
0  7 14 2 dc cisw r
0  7 14 4 dc cigsw r
0  7 14 6 dc cigdsw r
0  8  1 0 tlbi vmalle1os
0  8  1 1 tlbi vae1os r
0  8  1 2 tlbi aside1os r
0  8  1 3 tlbi vaae1os r
0  8  1 5 tlbi vale1os r
0  8  1 7 tlbi vaale1os r
0  8  2 1 tlbi rvae1is r
0  8  2 3 tlbi rvaae1is r
0  8  2 5 tlbi rvale1is r
0  8  2 7 tlbi rvaale1is r
0  8  3 0 tlbi vmalle1is
0  8  3 1 tlbi vae1is r
0  8  3 2 tlbi aside1is r
0  8  3 3 tlbi vaae1is r
0  8  3 5 tlbi vale1is r
0  8  3 7 tlbi vaale1is r
0  8  5 1 tlbi rvae1os r
0  8  5 3 tlbi rvaae1os r
0  8  5 5 tlbi rvale1os r
0  8  5 7 tlbi rvaale1os r
0  8  6 1 tlbi rvae1 r
0  8  6 3 tlbi rvaae1 r
0  8  6 5 tlbi rvale1 r
0  8  6 7 tlbi rvaale1 r
0  8  7 0 tlbi vmalle1
0  8  7 1 tlbi vae1 r
0  8  7 2 tlbi aside1 r
0  8  7 3 tlbi vaae1 r
0  8  7 5 tlbi vale1 r
0  8  7 7 tlbi vaale1 r
3  7  3 4 cfp rctx r
3  7  3 5 dvp rctx r
3  7  3 7 cpp rctx r
3  7  4 1 dc zva r
3  7  4 3 dc gva r
3  7  4 4 dc gzva r
3  7  5 1 ic ivau r
3  7 10 1 dc cvac r
3  7 10 3 dc cgvac r
3  7 10 5 dc cgdvac r
3  7 11 1 dc cvau r
3  7 12 1 dc cvap r
3  7 12 3 dc cgvap r
3  7 12 5 dc cgdvap r
3  7 13 1 dc cvadp r
3  7 13 3 dc cgvadp r
3  7 13 5 dc cgdvadp r
3  7 14 1 dc civac r
3  7 14 3 dc cigvac r
3  7 14 5 dc cigdvac r
4  7  8 0 at s1e2r r
4  7  8 1 at s1e2w r
4  7  8 4 at s12e1r r
4  7  8 5 at s12e1w r
4  7  8 6 at s12e0r r
4  7  8 7 at s12e0w r
4  8  0 1 tlbi ipas2e1is r
4  8  0 2 tlbi ripas2e1is r
4  8  0 5 tlbi ipas2le1is r
4  8  0 6 tlbi ripas2le1is r
4  8  1 0 tlbi alle2os
4  8  1 1 tlbi vae2os r
4  8  1 4 tlbi alle1os
4  8  1 5 tlbi vale2os r
4  8  1 6 tlbi vmalls12e1os
4  8  2 1 tlbi rvae2is r
4  8  2 5 tlbi rvale2is r
4  8  3 0 tlbi alle2is
4  8  3 1 tlbi vae2is r
4  8  3 4 tlbi alle1is
4  8  3 5 tlbi vale2is r
4  8  3 6 tlbi vmalls12e1is
4  8  4 0 tlbi ipas2e1os r
4  8  4 1 tlbi ipas2e1 r
4  8  4 2 tlbi ripas2e1 r
4  8  4 3 tlbi ripas2e1os r
4  8  4 4 tlbi ipas2le1os r
4  8  4 5 tlbi ipas2le1 r
4  8  4 6 tlbi ripas2le1 r
4  8  4 7 tlbi ripas2le1os r
4  8  5 1 tlbi rvae2os r
4  8  5 5 tlbi rvale2os r
4  8  6 1 tlbi rvae2 r
4  8  6 5 tlbi rvale2 r
4  8  7 0 tlbi alle2
4  8  7 1 tlbi vae2 r
4  8  7 4 tlbi alle1
4  8  7 5 tlbi vale2 r
4  8  7 6 tlbi vmalls12e1
6  7  8 0 at s1e3r r
6  7  8 1 at s1e3w r
6  7 14 1 dc cipapa r
6  7 14 5 dc cigdpapa r
6  8  1 0 tlbi alle3os
6  8  1 1 tlbi vae3os r
6  8  1 4 tlbi paallos
6  8  1 5 tlbi vale3os r
6  8  2 1 tlbi rvae3is r
6  8  2 5 tlbi rvale3is r
6  8  3 0 tlbi alle3is
6  8  3 1 tlbi vae3is r
6  8  3 5 tlbi vale3is r
6  8  4 3 tlbi rpaos r
6  8  4 7 tlbi rpalos r
6  8  5 1 tlbi rvae3os r
6  8  5 5 tlbi rvale3os r
6  8  6 1 tlbi rvae3 r
6  8  6 5 tlbi rvale3 r
6  8  7 0 tlbi alle3
6  8  7 1 tlbi vae3 r
6  8  7 4 tlbi paall
6  8  7 5 tlbi vale3 r
""";

    // op0 op1 CRn CRm op2 name (the name MRS prints; MSR prints the same except dbgdtrtx_el0, see DbgDtrKey)
    private const string SysRegText = """
2 0  0  0 2 osdtrrx_el1
2 0  0  0 4 dbgbvr0_el1
2 0  0  0 5 dbgbcr0_el1
2 0  0  0 6 dbgwvr0_el1
2 0  0  0 7 dbgwcr0_el1
2 0  0  1 4 dbgbvr1_el1
2 0  0  1 5 dbgbcr1_el1
2 0  0  1 6 dbgwvr1_el1
2 0  0  1 7 dbgwcr1_el1
2 0  0  2 0 mdccint_el1
2 0  0  2 2 mdscr_el1
2 0  0  2 4 dbgbvr2_el1
2 0  0  2 5 dbgbcr2_el1
2 0  0  2 6 dbgwvr2_el1
2 0  0  2 7 dbgwcr2_el1
2 0  0  3 2 osdtrtx_el1
2 0  0  3 4 dbgbvr3_el1
2 0  0  3 5 dbgbcr3_el1
2 0  0  3 6 dbgwvr3_el1
2 0  0  3 7 dbgwcr3_el1
2 0  0  4 4 dbgbvr4_el1
2 0  0  4 5 dbgbcr4_el1
2 0  0  4 6 dbgwvr4_el1
2 0  0  4 7 dbgwcr4_el1
2 0  0  5 4 dbgbvr5_el1
2 0  0  5 5 dbgbcr5_el1
2 0  0  5 6 dbgwvr5_el1
2 0  0  5 7 dbgwcr5_el1
2 0  0  6 2 oseccr_el1
2 0  0  6 4 dbgbvr6_el1
2 0  0  6 5 dbgbcr6_el1
2 0  0  6 6 dbgwvr6_el1
2 0  0  6 7 dbgwcr6_el1
2 0  0  7 4 dbgbvr7_el1
2 0  0  7 5 dbgbcr7_el1
2 0  0  7 6 dbgwvr7_el1
2 0  0  7 7 dbgwcr7_el1
2 0  0  8 4 dbgbvr8_el1
2 0  0  8 5 dbgbcr8_el1
2 0  0  8 6 dbgwvr8_el1
2 0  0  8 7 dbgwcr8_el1
2 0  0  9 4 dbgbvr9_el1
2 0  0  9 5 dbgbcr9_el1
2 0  0  9 6 dbgwvr9_el1
2 0  0  9 7 dbgwcr9_el1
2 0  0 10 4 dbgbvr10_el1
2 0  0 10 5 dbgbcr10_el1
2 0  0 10 6 dbgwvr10_el1
2 0  0 10 7 dbgwcr10_el1
2 0  0 11 4 dbgbvr11_el1
2 0  0 11 5 dbgbcr11_el1
2 0  0 11 6 dbgwvr11_el1
2 0  0 11 7 dbgwcr11_el1
2 0  0 12 4 dbgbvr12_el1
2 0  0 12 5 dbgbcr12_el1
2 0  0 12 6 dbgwvr12_el1
2 0  0 12 7 dbgwcr12_el1
2 0  0 13 4 dbgbvr13_el1
2 0  0 13 5 dbgbcr13_el1
2 0  0 13 6 dbgwvr13_el1
2 0  0 13 7 dbgwcr13_el1
2 0  0 14 4 dbgbvr14_el1
2 0  0 14 5 dbgbcr14_el1
2 0  0 14 6 dbgwvr14_el1
2 0  0 14 7 dbgwcr14_el1
2 0  0 15 4 dbgbvr15_el1
2 0  0 15 5 dbgbcr15_el1
2 0  0 15 6 dbgwvr15_el1
2 0  0 15 7 dbgwcr15_el1
2 0  1  0 0 mdrar_el1
2 0  1  0 4 oslar_el1
2 0  1  1 4 oslsr_el1
2 0  1  3 4 osdlr_el1
2 0  1  4 4 dbgprcr_el1
2 0  7  8 6 dbgclaimset_el1
2 0  7  9 6 dbgclaimclr_el1
2 0  7 14 6 dbgauthstatus_el1
2 0  8  0 0 csrcr_el1
2 0  8  0 1 csrptr_el1
2 0  8  0 3 csrptridx_el1
2 1  0  0 1 trctraceidr
2 1  0  0 2 trcvictlr
2 1  0  0 4 trcseqevr0
2 1  0  0 5 trccntrldvr0
2 1  0  0 6 trcidr8
2 1  0  0 7 trcimspec0
2 1  0  1 0 trcprgctlr
2 1  0  1 1 trcqctlr
2 1  0  1 2 trcviiectlr
2 1  0  1 4 trcseqevr1
2 1  0  1 5 trccntrldvr1
2 1  0  1 6 trcidr9
2 1  0  1 7 trcimspec1
2 1  0  2 0 trcprocselr
2 1  0  2 2 trcvissctlr
2 1  0  2 4 trcseqevr2
2 1  0  2 5 trccntrldvr2
2 1  0  2 6 trcidr10
2 1  0  2 7 trcimspec2
2 1  0  3 0 trcstatr
2 1  0  3 2 trcvipcssctlr
2 1  0  3 5 trccntrldvr3
2 1  0  3 6 trcidr11
2 1  0  3 7 trcimspec3
2 1  0  4 0 trcconfigr
2 1  0  4 5 trccntctlr0
2 1  0  4 6 trcidr12
2 1  0  4 7 trcimspec4
2 1  0  5 5 trccntctlr1
2 1  0  5 6 trcidr13
2 1  0  5 7 trcimspec5
2 1  0  6 0 trcauxctlr
2 1  0  6 4 trcseqrstevr
2 1  0  6 5 trccntctlr2
2 1  0  6 7 trcimspec6
2 1  0  7 4 trcseqstr
2 1  0  7 5 trccntctlr3
2 1  0  7 7 trcimspec7
2 1  0  8 0 trceventctl0r
2 1  0  8 2 trcvdctlr
2 1  0  8 4 trcextinselr0
2 1  0  8 5 trccntvr0
2 1  0  8 7 trcidr0
2 1  0  9 0 trceventctl1r
2 1  0  9 2 trcvdsacctlr
2 1  0  9 4 trcextinselr1
2 1  0  9 5 trccntvr1
2 1  0  9 7 trcidr1
2 1  0 10 0 trcrsr
2 1  0 10 2 trcvdarcctlr
2 1  0 10 4 trcextinselr2
2 1  0 10 5 trccntvr2
2 1  0 10 7 trcidr2
2 1  0 11 0 trcstallctlr
2 1  0 11 4 trcextinselr3
2 1  0 11 5 trccntvr3
2 1  0 11 7 trcidr3
2 1  0 12 0 trctsctlr
2 1  0 12 7 trcidr4
2 1  0 13 0 trcsyncpr
2 1  0 13 7 trcidr5
2 1  0 14 0 trcccctlr
2 1  0 14 7 trcidr6
2 1  0 15 0 trcbbctlr
2 1  0 15 7 trcidr7
2 1  1  0 1 trcrsctlr16
2 1  1  0 2 trcssccr0
2 1  1  0 3 trcsspcicr0
2 1  1  0 4 trcoslar
2 1  1  1 1 trcrsctlr17
2 1  1  1 2 trcssccr1
2 1  1  1 3 trcsspcicr1
2 1  1  1 4 trcoslsr
2 1  1  2 0 trcrsctlr2
2 1  1  2 1 trcrsctlr18
2 1  1  2 2 trcssccr2
2 1  1  2 3 trcsspcicr2
2 1  1  3 0 trcrsctlr3
2 1  1  3 1 trcrsctlr19
2 1  1  3 2 trcssccr3
2 1  1  3 3 trcsspcicr3
2 1  1  4 0 trcrsctlr4
2 1  1  4 1 trcrsctlr20
2 1  1  4 2 trcssccr4
2 1  1  4 3 trcsspcicr4
2 1  1  4 4 trcpdcr
2 1  1  5 0 trcrsctlr5
2 1  1  5 1 trcrsctlr21
2 1  1  5 2 trcssccr5
2 1  1  5 3 trcsspcicr5
2 1  1  5 4 trcpdsr
2 1  1  6 0 trcrsctlr6
2 1  1  6 1 trcrsctlr22
2 1  1  6 2 trcssccr6
2 1  1  6 3 trcsspcicr6
2 1  1  7 0 trcrsctlr7
2 1  1  7 1 trcrsctlr23
2 1  1  7 2 trcssccr7
2 1  1  7 3 trcsspcicr7
2 1  1  8 0 trcrsctlr8
2 1  1  8 1 trcrsctlr24
2 1  1  8 2 trcsscsr0
2 1  1  9 0 trcrsctlr9
2 1  1  9 1 trcrsctlr25
2 1  1  9 2 trcsscsr1
2 1  1 10 0 trcrsctlr10
2 1  1 10 1 trcrsctlr26
2 1  1 10 2 trcsscsr2
2 1  1 11 0 trcrsctlr11
2 1  1 11 1 trcrsctlr27
2 1  1 11 2 trcsscsr3
2 1  1 12 0 trcrsctlr12
2 1  1 12 1 trcrsctlr28
2 1  1 12 2 trcsscsr4
2 1  1 13 0 trcrsctlr13
2 1  1 13 1 trcrsctlr29
2 1  1 13 2 trcsscsr5
2 1  1 14 0 trcrsctlr14
2 1  1 14 1 trcrsctlr30
2 1  1 14 2 trcsscsr6
2 1  1 15 0 trcrsctlr15
2 1  1 15 1 trcrsctlr31
2 1  1 15 2 trcsscsr7
2 1  2  0 0 trcacvr0
2 1  2  0 1 trcacvr8
2 1  2  0 2 trcacatr0
2 1  2  0 3 trcacatr8
2 1  2  0 4 trcdvcvr0
2 1  2  0 5 trcdvcvr4
2 1  2  0 6 trcdvcmr0
2 1  2  0 7 trcdvcmr4
2 1  2  2 0 trcacvr1
2 1  2  2 1 trcacvr9
2 1  2  2 2 trcacatr1
2 1  2  2 3 trcacatr9
2 1  2  4 0 trcacvr2
2 1  2  4 1 trcacvr10
2 1  2  4 2 trcacatr2
2 1  2  4 3 trcacatr10
2 1  2  4 4 trcdvcvr1
2 1  2  4 5 trcdvcvr5
2 1  2  4 6 trcdvcmr1
2 1  2  4 7 trcdvcmr5
2 1  2  6 0 trcacvr3
2 1  2  6 1 trcacvr11
2 1  2  6 2 trcacatr3
2 1  2  6 3 trcacatr11
2 1  2  8 0 trcacvr4
2 1  2  8 1 trcacvr12
2 1  2  8 2 trcacatr4
2 1  2  8 3 trcacatr12
2 1  2  8 4 trcdvcvr2
2 1  2  8 5 trcdvcvr6
2 1  2  8 6 trcdvcmr2
2 1  2  8 7 trcdvcmr6
2 1  2 10 0 trcacvr5
2 1  2 10 1 trcacvr13
2 1  2 10 2 trcacatr5
2 1  2 10 3 trcacatr13
2 1  2 12 0 trcacvr6
2 1  2 12 1 trcacvr14
2 1  2 12 2 trcacatr6
2 1  2 12 3 trcacatr14
2 1  2 12 4 trcdvcvr3
2 1  2 12 5 trcdvcvr7
2 1  2 12 6 trcdvcmr3
2 1  2 12 7 trcdvcmr7
2 1  2 14 0 trcacvr7
2 1  2 14 1 trcacvr15
2 1  2 14 2 trcacatr7
2 1  2 14 3 trcacatr15
2 1  3  0 0 trccidcvr0
2 1  3  0 1 trcvmidcvr0
2 1  3  0 2 trccidcctlr0
2 1  3  1 2 trccidcctlr1
2 1  3  2 0 trccidcvr1
2 1  3  2 1 trcvmidcvr1
2 1  3  2 2 trcvmidcctlr0
2 1  3  3 2 trcvmidcctlr1
2 1  3  4 0 trccidcvr2
2 1  3  4 1 trcvmidcvr2
2 1  3  6 0 trccidcvr3
2 1  3  6 1 trcvmidcvr3
2 1  3  8 0 trccidcvr4
2 1  3  8 1 trcvmidcvr4
2 1  3 10 0 trccidcvr5
2 1  3 10 1 trcvmidcvr5
2 1  3 12 0 trccidcvr6
2 1  3 12 1 trcvmidcvr6
2 1  3 14 0 trccidcvr7
2 1  3 14 1 trcvmidcvr7
2 1  7  0 4 trcitctrl
2 1  7  2 7 trcdevid
2 1  7  3 7 trcdevtype
2 1  7  4 7 trcpidr4
2 1  7  5 7 trcpidr5
2 1  7  6 7 trcpidr6
2 1  7  7 7 trcpidr7
2 1  7  8 6 trcclaimset
2 1  7  8 7 trcpidr0
2 1  7  9 6 trcclaimclr
2 1  7  9 7 trcpidr1
2 1  7 10 6 trcdevaff0
2 1  7 10 7 trcpidr2
2 1  7 11 6 trcdevaff1
2 1  7 11 7 trcpidr3
2 1  7 12 6 trclar
2 1  7 12 7 trccidr0
2 1  7 13 6 trclsr
2 1  7 13 7 trccidr1
2 1  7 14 6 trcauthstatus
2 1  7 14 7 trccidr2
2 1  7 15 6 trcdevarch
2 1  7 15 7 trccidr3
2 1  8  0 0 brbinf0_el1
2 1  8  0 1 brbsrc0_el1
2 1  8  0 2 brbtgt0_el1
2 1  8  0 4 brbinf16_el1
2 1  8  0 5 brbsrc16_el1
2 1  8  0 6 brbtgt16_el1
2 1  8  1 0 brbinf1_el1
2 1  8  1 1 brbsrc1_el1
2 1  8  1 2 brbtgt1_el1
2 1  8  1 4 brbinf17_el1
2 1  8  1 5 brbsrc17_el1
2 1  8  1 6 brbtgt17_el1
2 1  8  2 0 brbinf2_el1
2 1  8  2 1 brbsrc2_el1
2 1  8  2 2 brbtgt2_el1
2 1  8  2 4 brbinf18_el1
2 1  8  2 5 brbsrc18_el1
2 1  8  2 6 brbtgt18_el1
2 1  8  3 0 brbinf3_el1
2 1  8  3 1 brbsrc3_el1
2 1  8  3 2 brbtgt3_el1
2 1  8  3 4 brbinf19_el1
2 1  8  3 5 brbsrc19_el1
2 1  8  3 6 brbtgt19_el1
2 1  8  4 0 brbinf4_el1
2 1  8  4 1 brbsrc4_el1
2 1  8  4 2 brbtgt4_el1
2 1  8  4 4 brbinf20_el1
2 1  8  4 5 brbsrc20_el1
2 1  8  4 6 brbtgt20_el1
2 1  8  5 0 brbinf5_el1
2 1  8  5 1 brbsrc5_el1
2 1  8  5 2 brbtgt5_el1
2 1  8  5 4 brbinf21_el1
2 1  8  5 5 brbsrc21_el1
2 1  8  5 6 brbtgt21_el1
2 1  8  6 0 brbinf6_el1
2 1  8  6 1 brbsrc6_el1
2 1  8  6 2 brbtgt6_el1
2 1  8  6 4 brbinf22_el1
2 1  8  6 5 brbsrc22_el1
2 1  8  6 6 brbtgt22_el1
2 1  8  7 0 brbinf7_el1
2 1  8  7 1 brbsrc7_el1
2 1  8  7 2 brbtgt7_el1
2 1  8  7 4 brbinf23_el1
2 1  8  7 5 brbsrc23_el1
2 1  8  7 6 brbtgt23_el1
2 1  8  8 0 brbinf8_el1
2 1  8  8 1 brbsrc8_el1
2 1  8  8 2 brbtgt8_el1
2 1  8  8 4 brbinf24_el1
2 1  8  8 5 brbsrc24_el1
2 1  8  8 6 brbtgt24_el1
2 1  8  9 0 brbinf9_el1
2 1  8  9 1 brbsrc9_el1
2 1  8  9 2 brbtgt9_el1
2 1  8  9 4 brbinf25_el1
2 1  8  9 5 brbsrc25_el1
2 1  8  9 6 brbtgt25_el1
2 1  8 10 0 brbinf10_el1
2 1  8 10 1 brbsrc10_el1
2 1  8 10 2 brbtgt10_el1
2 1  8 10 4 brbinf26_el1
2 1  8 10 5 brbsrc26_el1
2 1  8 10 6 brbtgt26_el1
2 1  8 11 0 brbinf11_el1
2 1  8 11 1 brbsrc11_el1
2 1  8 11 2 brbtgt11_el1
2 1  8 11 4 brbinf27_el1
2 1  8 11 5 brbsrc27_el1
2 1  8 11 6 brbtgt27_el1
2 1  8 12 0 brbinf12_el1
2 1  8 12 1 brbsrc12_el1
2 1  8 12 2 brbtgt12_el1
2 1  8 12 4 brbinf28_el1
2 1  8 12 5 brbsrc28_el1
2 1  8 12 6 brbtgt28_el1
2 1  8 13 0 brbinf13_el1
2 1  8 13 1 brbsrc13_el1
2 1  8 13 2 brbtgt13_el1
2 1  8 13 4 brbinf29_el1
2 1  8 13 5 brbsrc29_el1
2 1  8 13 6 brbtgt29_el1
2 1  8 14 0 brbinf14_el1
2 1  8 14 1 brbsrc14_el1
2 1  8 14 2 brbtgt14_el1
2 1  8 14 4 brbinf30_el1
2 1  8 14 5 brbsrc30_el1
2 1  8 14 6 brbtgt30_el1
2 1  8 15 0 brbinf15_el1
2 1  8 15 1 brbsrc15_el1
2 1  8 15 2 brbtgt15_el1
2 1  8 15 4 brbinf31_el1
2 1  8 15 5 brbsrc31_el1
2 1  8 15 6 brbtgt31_el1
2 1  9  0 0 brbcr_el1
2 1  9  0 1 brbfcr_el1
2 1  9  0 2 brbts_el1
2 1  9  1 0 brbinfinj_el1
2 1  9  1 1 brbsrcinj_el1
2 1  9  1 2 brbtgtinj_el1
2 1  9  2 0 brbidr0_el1
2 2  0  0 0 teecr32_el1
2 2  1  0 0 teehbr32_el1
2 3  0  1 0 mdccsr_el0
2 3  0  4 0 dbgdtr_el0
2 3  0  5 0 dbgdtrrx_el0
2 3  8  0 0 csrcr_el0
2 3  8  0 1 csrptr_el0
2 3  8  0 2 csridr_el0
2 3  8  0 3 csrptridx_el0
2 4  0  7 0 dbgvcr32_el2
2 4  8  0 0 csrcr_el2
2 4  8  0 1 csrptr_el2
2 4  8  0 3 csrptridx_el2
2 4  9  0 0 brbcr_el2
2 5  8  0 0 csrcr_el12
2 5  8  0 1 csrptr_el12
2 5  9  0 0 brbcr_el12
3 0  0  0 0 midr_el1
3 0  0  0 4 mpuir_el1
3 0  0  0 5 mpidr_el1
3 0  0  0 6 revidr_el1
3 0  0  1 0 id_pfr0_el1
3 0  0  1 1 id_pfr1_el1
3 0  0  1 2 id_dfr0_el1
3 0  0  1 3 id_afr0_el1
3 0  0  1 4 id_mmfr0_el1
3 0  0  1 5 id_mmfr1_el1
3 0  0  1 6 id_mmfr2_el1
3 0  0  1 7 id_mmfr3_el1
3 0  0  2 0 id_isar0_el1
3 0  0  2 1 id_isar1_el1
3 0  0  2 2 id_isar2_el1
3 0  0  2 3 id_isar3_el1
3 0  0  2 4 id_isar4_el1
3 0  0  2 5 id_isar5_el1
3 0  0  2 6 id_mmfr4_el1
3 0  0  2 7 id_isar6_el1
3 0  0  3 0 mvfr0_el1
3 0  0  3 1 mvfr1_el1
3 0  0  3 2 mvfr2_el1
3 0  0  3 4 id_pfr2_el1
3 0  0  3 5 id_dfr1_el1
3 0  0  3 6 id_mmfr5_el1
3 0  0  4 0 id_aa64pfr0_el1
3 0  0  4 1 id_aa64pfr1_el1
3 0  0  4 4 id_aa64zfr0_el1
3 0  0  4 5 id_aa64smfr0_el1
3 0  0  5 0 id_aa64dfr0_el1
3 0  0  5 1 id_aa64dfr1_el1
3 0  0  5 4 id_aa64afr0_el1
3 0  0  5 5 id_aa64afr1_el1
3 0  0  6 0 id_aa64isar0_el1
3 0  0  6 1 id_aa64isar1_el1
3 0  0  6 2 id_aa64isar2_el1
3 0  0  7 0 id_aa64mmfr0_el1
3 0  0  7 1 id_aa64mmfr1_el1
3 0  0  7 2 id_aa64mmfr2_el1
3 0  1  0 0 sctlr_el1
3 0  1  0 1 actlr_el1
3 0  1  0 2 cpacr_el1
3 0  1  0 5 rgsr_el1
3 0  1  0 6 gcr_el1
3 0  1  2 0 zcr_el1
3 0  1  2 1 trfcr_el1
3 0  1  2 4 smpri_el1
3 0  1  2 6 smcr_el1
3 0  2  0 0 ttbr0_el1
3 0  2  0 1 ttbr1_el1
3 0  2  0 2 tcr_el1
3 0  2  1 0 apiakeylo_el1
3 0  2  1 1 apiakeyhi_el1
3 0  2  1 2 apibkeylo_el1
3 0  2  1 3 apibkeyhi_el1
3 0  2  2 0 apdakeylo_el1
3 0  2  2 1 apdakeyhi_el1
3 0  2  2 2 apdbkeylo_el1
3 0  2  2 3 apdbkeyhi_el1
3 0  2  3 0 apgakeylo_el1
3 0  2  3 1 apgakeyhi_el1
3 0  4  0 0 spsr_el1
3 0  4  0 1 elr_el1
3 0  4  1 0 sp_el0
3 0  4  2 0 spsel
3 0  4  2 2 currentel
3 0  4  2 3 pan
3 0  4  2 4 uao
3 0  4  3 0 allint
3 0  4  6 0 icc_pmr_el1
3 0  5  1 0 afsr0_el1
3 0  5  1 1 afsr1_el1
3 0  5  2 0 esr_el1
3 0  5  3 0 erridr_el1
3 0  5  3 1 errselr_el1
3 0  5  4 0 erxfr_el1
3 0  5  4 1 erxctlr_el1
3 0  5  4 2 erxstatus_el1
3 0  5  4 3 erxaddr_el1
3 0  5  4 4 erxpfgf_el1
3 0  5  4 5 erxpfgctl_el1
3 0  5  4 6 erxpfgcdn_el1
3 0  5  5 0 erxmisc0_el1
3 0  5  5 1 erxmisc1_el1
3 0  5  5 2 erxmisc2_el1
3 0  5  5 3 erxmisc3_el1
3 0  5  6 0 tfsr_el1
3 0  5  6 1 tfsre0_el1
3 0  6  0 0 far_el1
3 0  6  1 1 prenr_el1
3 0  6  2 1 prselr_el1
3 0  6  8 0 prbar_el1
3 0  6  8 1 prlar_el1
3 0  6  8 4 prbar1_el1
3 0  6  8 5 prlar1_el1
3 0  6  9 0 prbar2_el1
3 0  6  9 1 prlar2_el1
3 0  6  9 4 prbar3_el1
3 0  6  9 5 prlar3_el1
3 0  6 10 0 prbar4_el1
3 0  6 10 1 prlar4_el1
3 0  6 10 4 prbar5_el1
3 0  6 10 5 prlar5_el1
3 0  6 11 0 prbar6_el1
3 0  6 11 1 prlar6_el1
3 0  6 11 4 prbar7_el1
3 0  6 11 5 prlar7_el1
3 0  6 12 0 prbar8_el1
3 0  6 12 1 prlar8_el1
3 0  6 12 4 prbar9_el1
3 0  6 12 5 prlar9_el1
3 0  6 13 0 prbar10_el1
3 0  6 13 1 prlar10_el1
3 0  6 13 4 prbar11_el1
3 0  6 13 5 prlar11_el1
3 0  6 14 0 prbar12_el1
3 0  6 14 1 prlar12_el1
3 0  6 14 4 prbar13_el1
3 0  6 14 5 prlar13_el1
3 0  6 15 0 prbar14_el1
3 0  6 15 1 prlar14_el1
3 0  6 15 4 prbar15_el1
3 0  6 15 5 prlar15_el1
3 0  7  4 0 par_el1
3 0  9  9 0 pmscr_el1
3 0  9  9 1 pmsnevfr_el1
3 0  9  9 2 pmsicr_el1
3 0  9  9 3 pmsirr_el1
3 0  9  9 4 pmsfcr_el1
3 0  9  9 5 pmsevfr_el1
3 0  9  9 6 pmslatfr_el1
3 0  9  9 7 pmsidr_el1
3 0  9 10 0 pmblimitr_el1
3 0  9 10 1 pmbptr_el1
3 0  9 10 3 pmbsr_el1
3 0  9 10 7 pmbidr_el1
3 0  9 11 0 trblimitr_el1
3 0  9 11 1 trbptr_el1
3 0  9 11 2 trbbaser_el1
3 0  9 11 3 trbsr_el1
3 0  9 11 4 trbmar_el1
3 0  9 11 6 trbtrg_el1
3 0  9 11 7 trbidr_el1
3 0  9 14 1 pmintenset_el1
3 0  9 14 2 pmintenclr_el1
3 0  9 14 6 pmmir_el1
3 0 10  2 0 mair_el1
3 0 10  3 0 amair_el1
3 0 10  4 0 lorsa_el1
3 0 10  4 1 lorea_el1
3 0 10  4 2 lorn_el1
3 0 10  4 3 lorc_el1
3 0 10  4 4 mpamidr_el1
3 0 10  4 7 lorid_el1
3 0 10  5 0 mpam1_el1
3 0 10  5 1 mpam0_el1
3 0 10  5 3 mpamsm_el1
3 0 12  0 0 vbar_el1
3 0 12  0 1 rvbar_el1
3 0 12  0 2 rmr_el1
3 0 12  1 0 isr_el1
3 0 12  1 1 disr_el1
3 0 12  8 0 icc_iar0_el1
3 0 12  8 1 icc_eoir0_el1
3 0 12  8 2 icc_hppir0_el1
3 0 12  8 3 icc_bpr0_el1
3 0 12  8 4 icc_ap0r0_el1
3 0 12  8 5 icc_ap0r1_el1
3 0 12  8 6 icc_ap0r2_el1
3 0 12  8 7 icc_ap0r3_el1
3 0 12  9 0 icc_ap1r0_el1
3 0 12  9 1 icc_ap1r1_el1
3 0 12  9 2 icc_ap1r2_el1
3 0 12  9 3 icc_ap1r3_el1
3 0 12  9 5 icc_nmiar1_el1
3 0 12 11 1 icc_dir_el1
3 0 12 11 3 icc_rpr_el1
3 0 12 11 5 icc_sgi1r_el1
3 0 12 11 6 icc_asgi1r_el1
3 0 12 11 7 icc_sgi0r_el1
3 0 12 12 0 icc_iar1_el1
3 0 12 12 1 icc_eoir1_el1
3 0 12 12 2 icc_hppir1_el1
3 0 12 12 3 icc_bpr1_el1
3 0 12 12 4 icc_ctlr_el1
3 0 12 12 5 icc_sre_el1
3 0 12 12 6 icc_igrpen0_el1
3 0 12 12 7 icc_igrpen1_el1
3 0 13  0 1 contextidr_el1
3 0 13  0 4 tpidr_el1
3 0 13  0 5 accdata_el1
3 0 13  0 7 scxtnum_el1
3 0 14  1 0 cntkctl_el1
3 1  0  0 0 ccsidr_el1
3 1  0  0 1 clidr_el1
3 1  0  0 2 ccsidr2_el1
3 1  0  0 4 gmid_el1
3 1  0  0 6 smidr_el1
3 1  0  0 7 aidr_el1
3 2  0  0 0 csselr_el1
3 3  0  0 1 ctr_el0
3 3  0  0 7 dczid_el0
3 3  2  4 0 rndr
3 3  2  4 1 rndrrs
3 3  4  2 0 nzcv
3 3  4  2 1 daif
3 3  4  2 2 svcr
3 3  4  2 5 dit
3 3  4  2 6 ssbs
3 3  4  2 7 tco
3 3  4  4 0 fpcr
3 3  4  4 1 fpsr
3 3  4  5 0 dspsr_el0
3 3  4  5 1 dlr_el0
3 3  9 12 0 pmcr_el0
3 3  9 12 1 pmcntenset_el0
3 3  9 12 2 pmcntenclr_el0
3 3  9 12 3 pmovsclr_el0
3 3  9 12 4 pmswinc_el0
3 3  9 12 5 pmselr_el0
3 3  9 12 6 pmceid0_el0
3 3  9 12 7 pmceid1_el0
3 3  9 13 0 pmccntr_el0
3 3  9 13 1 pmxevtyper_el0
3 3  9 13 2 pmxevcntr_el0
3 3  9 14 0 pmuserenr_el0
3 3  9 14 3 pmovsset_el0
3 3 13  0 2 tpidr_el0
3 3 13  0 3 tpidrro_el0
3 3 13  0 5 tpidr2_el0
3 3 13  0 7 scxtnum_el0
3 3 13  2 0 amcr_el0
3 3 13  2 1 amcfgr_el0
3 3 13  2 2 amcgcr_el0
3 3 13  2 3 amuserenr_el0
3 3 13  2 4 amcntenclr0_el0
3 3 13  2 5 amcntenset0_el0
3 3 13  2 6 amcg1idr_el0
3 3 13  3 0 amcntenclr1_el0
3 3 13  3 1 amcntenset1_el0
3 3 13  4 0 amevcntr00_el0
3 3 13  4 1 amevcntr01_el0
3 3 13  4 2 amevcntr02_el0
3 3 13  4 3 amevcntr03_el0
3 3 13  6 0 amevtyper00_el0
3 3 13  6 1 amevtyper01_el0
3 3 13  6 2 amevtyper02_el0
3 3 13  6 3 amevtyper03_el0
3 3 13 12 0 amevcntr10_el0
3 3 13 12 1 amevcntr11_el0
3 3 13 12 2 amevcntr12_el0
3 3 13 12 3 amevcntr13_el0
3 3 13 12 4 amevcntr14_el0
3 3 13 12 5 amevcntr15_el0
3 3 13 12 6 amevcntr16_el0
3 3 13 12 7 amevcntr17_el0
3 3 13 13 0 amevcntr18_el0
3 3 13 13 1 amevcntr19_el0
3 3 13 13 2 amevcntr110_el0
3 3 13 13 3 amevcntr111_el0
3 3 13 13 4 amevcntr112_el0
3 3 13 13 5 amevcntr113_el0
3 3 13 13 6 amevcntr114_el0
3 3 13 13 7 amevcntr115_el0
3 3 13 14 0 amevtyper10_el0
3 3 13 14 1 amevtyper11_el0
3 3 13 14 2 amevtyper12_el0
3 3 13 14 3 amevtyper13_el0
3 3 13 14 4 amevtyper14_el0
3 3 13 14 5 amevtyper15_el0
3 3 13 14 6 amevtyper16_el0
3 3 13 14 7 amevtyper17_el0
3 3 13 15 0 amevtyper18_el0
3 3 13 15 1 amevtyper19_el0
3 3 13 15 2 amevtyper110_el0
3 3 13 15 3 amevtyper111_el0
3 3 13 15 4 amevtyper112_el0
3 3 13 15 5 amevtyper113_el0
3 3 13 15 6 amevtyper114_el0
3 3 13 15 7 amevtyper115_el0
3 3 14  0 0 cntfrq_el0
3 3 14  0 1 cntpct_el0
3 3 14  0 2 cntvct_el0
3 3 14  0 5 cntpctss_el0
3 3 14  0 6 cntvctss_el0
3 3 14  2 0 cntp_tval_el0
3 3 14  2 1 cntp_ctl_el0
3 3 14  2 2 cntp_cval_el0
3 3 14  3 0 cntv_tval_el0
3 3 14  3 1 cntv_ctl_el0
3 3 14  3 2 cntv_cval_el0
3 3 14  8 0 pmevcntr0_el0
3 3 14  8 1 pmevcntr1_el0
3 3 14  8 2 pmevcntr2_el0
3 3 14  8 3 pmevcntr3_el0
3 3 14  8 4 pmevcntr4_el0
3 3 14  8 5 pmevcntr5_el0
3 3 14  8 6 pmevcntr6_el0
3 3 14  8 7 pmevcntr7_el0
3 3 14  9 0 pmevcntr8_el0
3 3 14  9 1 pmevcntr9_el0
3 3 14  9 2 pmevcntr10_el0
3 3 14  9 3 pmevcntr11_el0
3 3 14  9 4 pmevcntr12_el0
3 3 14  9 5 pmevcntr13_el0
3 3 14  9 6 pmevcntr14_el0
3 3 14  9 7 pmevcntr15_el0
3 3 14 10 0 pmevcntr16_el0
3 3 14 10 1 pmevcntr17_el0
3 3 14 10 2 pmevcntr18_el0
3 3 14 10 3 pmevcntr19_el0
3 3 14 10 4 pmevcntr20_el0
3 3 14 10 5 pmevcntr21_el0
3 3 14 10 6 pmevcntr22_el0
3 3 14 10 7 pmevcntr23_el0
3 3 14 11 0 pmevcntr24_el0
3 3 14 11 1 pmevcntr25_el0
3 3 14 11 2 pmevcntr26_el0
3 3 14 11 3 pmevcntr27_el0
3 3 14 11 4 pmevcntr28_el0
3 3 14 11 5 pmevcntr29_el0
3 3 14 11 6 pmevcntr30_el0
3 3 14 12 0 pmevtyper0_el0
3 3 14 12 1 pmevtyper1_el0
3 3 14 12 2 pmevtyper2_el0
3 3 14 12 3 pmevtyper3_el0
3 3 14 12 4 pmevtyper4_el0
3 3 14 12 5 pmevtyper5_el0
3 3 14 12 6 pmevtyper6_el0
3 3 14 12 7 pmevtyper7_el0
3 3 14 13 0 pmevtyper8_el0
3 3 14 13 1 pmevtyper9_el0
3 3 14 13 2 pmevtyper10_el0
3 3 14 13 3 pmevtyper11_el0
3 3 14 13 4 pmevtyper12_el0
3 3 14 13 5 pmevtyper13_el0
3 3 14 13 6 pmevtyper14_el0
3 3 14 13 7 pmevtyper15_el0
3 3 14 14 0 pmevtyper16_el0
3 3 14 14 1 pmevtyper17_el0
3 3 14 14 2 pmevtyper18_el0
3 3 14 14 3 pmevtyper19_el0
3 3 14 14 4 pmevtyper20_el0
3 3 14 14 5 pmevtyper21_el0
3 3 14 14 6 pmevtyper22_el0
3 3 14 14 7 pmevtyper23_el0
3 3 14 15 0 pmevtyper24_el0
3 3 14 15 1 pmevtyper25_el0
3 3 14 15 2 pmevtyper26_el0
3 3 14 15 3 pmevtyper27_el0
3 3 14 15 4 pmevtyper28_el0
3 3 14 15 5 pmevtyper29_el0
3 3 14 15 6 pmevtyper30_el0
3 3 14 15 7 pmccfiltr_el0
3 4  0  0 0 vpidr_el2
3 4  0  0 4 mpuir_el2
3 4  0  0 5 vmpidr_el2
3 4  1  0 0 sctlr_el2
3 4  1  0 1 actlr_el2
3 4  1  1 0 hcr_el2
3 4  1  1 1 mdcr_el2
3 4  1  1 2 cptr_el2
3 4  1  1 3 hstr_el2
3 4  1  1 4 hfgrtr_el2
3 4  1  1 5 hfgwtr_el2
3 4  1  1 6 hfgitr_el2
3 4  1  1 7 hacr_el2
3 4  1  2 0 zcr_el2
3 4  1  2 1 trfcr_el2
3 4  1  2 2 hcrx_el2
3 4  1  2 5 smprimap_el2
3 4  1  2 6 smcr_el2
3 4  1  3 1 sder32_el2
3 4  2  0 0 ttbr0_el2
3 4  2  0 1 ttbr1_el2
3 4  2  0 2 tcr_el2
3 4  2  1 0 vttbr_el2
3 4  2  1 2 vtcr_el2
3 4  2  2 0 vncr_el2
3 4  2  6 0 vsttbr_el2
3 4  2  6 2 vstcr_el2
3 4  3  0 0 dacr32_el2
3 4  3  1 4 hdfgrtr_el2
3 4  3  1 5 hdfgwtr_el2
3 4  3  1 6 hafgrtr_el2
3 4  4  0 0 spsr_el2
3 4  4  0 1 elr_el2
3 4  4  1 0 sp_el1
3 4  4  3 0 spsr_irq
3 4  4  3 1 spsr_abt
3 4  4  3 2 spsr_und
3 4  4  3 3 spsr_fiq
3 4  5  0 1 ifsr32_el2
3 4  5  1 0 afsr0_el2
3 4  5  1 1 afsr1_el2
3 4  5  2 0 esr_el2
3 4  5  2 3 vsesr_el2
3 4  5  3 0 fpexc32_el2
3 4  5  6 0 tfsr_el2
3 4  6  0 0 far_el2
3 4  6  0 4 hpfar_el2
3 4  6  1 1 prenr_el2
3 4  6  2 1 prselr_el2
3 4  6  8 0 prbar_el2
3 4  6  8 1 prlar_el2
3 4  6  8 4 prbar1_el2
3 4  6  8 5 prlar1_el2
3 4  6  9 0 prbar2_el2
3 4  6  9 1 prlar2_el2
3 4  6  9 4 prbar3_el2
3 4  6  9 5 prlar3_el2
3 4  6 10 0 prbar4_el2
3 4  6 10 1 prlar4_el2
3 4  6 10 4 prbar5_el2
3 4  6 10 5 prlar5_el2
3 4  6 11 0 prbar6_el2
3 4  6 11 1 prlar6_el2
3 4  6 11 4 prbar7_el2
3 4  6 11 5 prlar7_el2
3 4  6 12 0 prbar8_el2
3 4  6 12 1 prlar8_el2
3 4  6 12 4 prbar9_el2
3 4  6 12 5 prlar9_el2
3 4  6 13 0 prbar10_el2
3 4  6 13 1 prlar10_el2
3 4  6 13 4 prbar11_el2
3 4  6 13 5 prlar11_el2
3 4  6 14 0 prbar12_el2
3 4  6 14 1 prlar12_el2
3 4  6 14 4 prbar13_el2
3 4  6 14 5 prlar13_el2
3 4  6 15 0 prbar14_el2
3 4  6 15 1 prlar14_el2
3 4  6 15 4 prbar15_el2
3 4  6 15 5 prlar15_el2
3 4  9  9 0 pmscr_el2
3 4 10  2 0 mair_el2
3 4 10  3 0 amair_el2
3 4 10  4 0 mpamhcr_el2
3 4 10  4 1 mpamvpmv_el2
3 4 10  5 0 mpam2_el2
3 4 10  6 0 mpamvpm0_el2
3 4 10  6 1 mpamvpm1_el2
3 4 10  6 2 mpamvpm2_el2
3 4 10  6 3 mpamvpm3_el2
3 4 10  6 4 mpamvpm4_el2
3 4 10  6 5 mpamvpm5_el2
3 4 10  6 6 mpamvpm6_el2
3 4 10  6 7 mpamvpm7_el2
3 4 12  0 0 vbar_el2
3 4 12  0 1 rvbar_el2
3 4 12  0 2 rmr_el2
3 4 12  1 1 vdisr_el2
3 4 12  8 0 ich_ap0r0_el2
3 4 12  8 1 ich_ap0r1_el2
3 4 12  8 2 ich_ap0r2_el2
3 4 12  8 3 ich_ap0r3_el2
3 4 12  9 0 ich_ap1r0_el2
3 4 12  9 1 ich_ap1r1_el2
3 4 12  9 2 ich_ap1r2_el2
3 4 12  9 3 ich_ap1r3_el2
3 4 12  9 5 icc_sre_el2
3 4 12 11 0 ich_hcr_el2
3 4 12 11 1 ich_vtr_el2
3 4 12 11 2 ich_misr_el2
3 4 12 11 3 ich_eisr_el2
3 4 12 11 5 ich_elrsr_el2
3 4 12 11 7 ich_vmcr_el2
3 4 12 12 0 ich_lr0_el2
3 4 12 12 1 ich_lr1_el2
3 4 12 12 2 ich_lr2_el2
3 4 12 12 3 ich_lr3_el2
3 4 12 12 4 ich_lr4_el2
3 4 12 12 5 ich_lr5_el2
3 4 12 12 6 ich_lr6_el2
3 4 12 12 7 ich_lr7_el2
3 4 12 13 0 ich_lr8_el2
3 4 12 13 1 ich_lr9_el2
3 4 12 13 2 ich_lr10_el2
3 4 12 13 3 ich_lr11_el2
3 4 12 13 4 ich_lr12_el2
3 4 12 13 5 ich_lr13_el2
3 4 12 13 6 ich_lr14_el2
3 4 12 13 7 ich_lr15_el2
3 4 13  0 1 contextidr_el2
3 4 13  0 2 tpidr_el2
3 4 13  0 7 scxtnum_el2
3 4 13  8 0 amevcntvoff00_el2
3 4 13  8 1 amevcntvoff01_el2
3 4 13  8 2 amevcntvoff02_el2
3 4 13  8 3 amevcntvoff03_el2
3 4 13  8 4 amevcntvoff04_el2
3 4 13  8 5 amevcntvoff05_el2
3 4 13  8 6 amevcntvoff06_el2
3 4 13  8 7 amevcntvoff07_el2
3 4 13  9 0 amevcntvoff08_el2
3 4 13  9 1 amevcntvoff09_el2
3 4 13  9 2 amevcntvoff010_el2
3 4 13  9 3 amevcntvoff011_el2
3 4 13  9 4 amevcntvoff012_el2
3 4 13  9 5 amevcntvoff013_el2
3 4 13  9 6 amevcntvoff014_el2
3 4 13  9 7 amevcntvoff015_el2
3 4 13 10 0 amevcntvoff10_el2
3 4 13 10 1 amevcntvoff11_el2
3 4 13 10 2 amevcntvoff12_el2
3 4 13 10 3 amevcntvoff13_el2
3 4 13 10 4 amevcntvoff14_el2
3 4 13 10 5 amevcntvoff15_el2
3 4 13 10 6 amevcntvoff16_el2
3 4 13 10 7 amevcntvoff17_el2
3 4 13 11 0 amevcntvoff18_el2
3 4 13 11 1 amevcntvoff19_el2
3 4 13 11 2 amevcntvoff110_el2
3 4 13 11 3 amevcntvoff111_el2
3 4 13 11 4 amevcntvoff112_el2
3 4 13 11 5 amevcntvoff113_el2
3 4 13 11 6 amevcntvoff114_el2
3 4 13 11 7 amevcntvoff115_el2
3 4 14  0 3 cntvoff_el2
3 4 14  0 6 cntpoff_el2
3 4 14  1 0 cnthctl_el2
3 4 14  2 0 cnthp_tval_el2
3 4 14  2 1 cnthp_ctl_el2
3 4 14  2 2 cnthp_cval_el2
3 4 14  3 0 cnthv_tval_el2
3 4 14  3 1 cnthv_ctl_el2
3 4 14  3 2 cnthv_cval_el2
3 4 14  4 0 cnthvs_tval_el2
3 4 14  4 1 cnthvs_ctl_el2
3 4 14  4 2 cnthvs_cval_el2
3 4 14  5 0 cnthps_tval_el2
3 4 14  5 1 cnthps_ctl_el2
3 4 14  5 2 cnthps_cval_el2
3 5  1  0 0 sctlr_el12
3 5  1  0 2 cpacr_el12
3 5  1  2 0 zcr_el12
3 5  1  2 1 trfcr_el12
3 5  1  2 6 smcr_el12
3 5  2  0 0 ttbr0_el12
3 5  2  0 1 ttbr1_el12
3 5  2  0 2 tcr_el12
3 5  4  0 0 spsr_el12
3 5  4  0 1 elr_el12
3 5  5  1 0 afsr0_el12
3 5  5  1 1 afsr1_el12
3 5  5  2 0 esr_el12
3 5  5  6 0 tfsr_el12
3 5  6  0 0 far_el12
3 5  9  9 0 pmscr_el12
3 5 10  2 0 mair_el12
3 5 10  3 0 amair_el12
3 5 10  5 0 mpam1_el12
3 5 12  0 0 vbar_el12
3 5 13  0 1 contextidr_el12
3 5 13  0 7 scxtnum_el12
3 5 14  1 0 cntkctl_el12
3 5 14  2 0 cntp_tval_el02
3 5 14  2 1 cntp_ctl_el02
3 5 14  2 2 cntp_cval_el02
3 5 14  3 0 cntv_tval_el02
3 5 14  3 1 cntv_ctl_el02
3 5 14  3 2 cntv_cval_el02
3 6  1  0 0 sctlr_el3
3 6  1  0 1 actlr_el3
3 6  1  1 0 scr_el3
3 6  1  1 1 sder32_el3
3 6  1  1 2 cptr_el3
3 6  1  2 0 zcr_el3
3 6  1  2 6 smcr_el3
3 6  1  3 1 mdcr_el3
3 6  2  0 0 ttbr0_el3
3 6  2  0 2 tcr_el3
3 6  2  1 4 gptbr_el3
3 6  2  1 6 gpccr_el3
3 6  4  0 0 spsr_el3
3 6  4  0 1 elr_el3
3 6  4  1 0 sp_el2
3 6  5  1 0 afsr0_el3
3 6  5  1 1 afsr1_el3
3 6  5  2 0 esr_el3
3 6  5  6 0 tfsr_el3
3 6  6  0 0 far_el3
3 6  6  0 5 mfar_el3
3 6 10  2 0 mair_el3
3 6 10  3 0 amair_el3
3 6 10  5 0 mpam3_el3
3 6 12  0 0 vbar_el3
3 6 12  0 1 rvbar_el3
3 6 12  0 2 rmr_el3
3 6 12 12 4 icc_ctlr_el3
3 6 12 12 5 icc_sre_el3
3 6 12 12 7 icc_igrpen1_el3
3 6 13  0 2 tpidr_el3
3 6 13  0 7 scxtnum_el3
3 7 14  2 0 cntps_tval_el1
3 7 14  2 1 cntps_ctl_el1
3 7 14  2 2 cntps_cval_el1
""";
}

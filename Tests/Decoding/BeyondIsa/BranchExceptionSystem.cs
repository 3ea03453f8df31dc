namespace A64Jit.Tests.Decoding;

public static partial class BeyondIsa
{
    /// <summary>
    /// Encodings near the BranchExceptionSystem group that objdump decodes but that belong to
    /// architecture extensions outside A64Jit's ISA (ARMv8.0-A plus LSE and LDAPR).
    /// </summary>
    private static readonly Pattern[] BranchExceptionSystem =
    [
        // Conditional branch (immediate) with o0 = 1: BC.cond
        new(0xFF00_0010, 0x5400_0010, "HBC (BC.cond)"),

        // Unconditional branch (register), pointer-authentication forms
        new(0xFFFF_F81F, 0xD61F_081F, "PAuth (BRAAZ, BRABZ)"),
        new(0xFFFF_F81F, 0xD63F_081F, "PAuth (BLRAAZ, BLRABZ)"),
        new(0xFFFF_FBFF, 0xD65F_0BFF, "PAuth (RETAA, RETAB)"),
        new(0xFFFF_FBFF, 0xD69F_0BFF, "PAuth (ERETAA, ERETAB)"),
        new(0xFFFF_F800, 0xD71F_0800, "PAuth (BRAA, BRAB)"),
        new(0xFFFF_F800, 0xD73F_0800, "PAuth (BLRAA, BLRAB)"),

        // Transactional memory: TCANCEL (exception generation opc = 011), TSTART, TTEST, TCOMMIT
        new(0xFFE0_001F, 0xD460_0000, "TME (TCANCEL)"),
        new(0xFFFF_FFE0, 0xD523_3060, "TME (TSTART)"),
        new(0xFFFF_FFE0, 0xD523_3160, "TME (TTEST)"),
        new(0xFFFF_FFFF, 0xD503_307F, "TME (TCOMMIT)"),

        // System instructions with register argument (CRn = 0001): WFET, WFIT
        new(0xFFFF_FFC0, 0xD503_1000, "WFxT (WFET, WFIT)"),

        // Barriers: SB (op2 = 111, CRm = 0000), DSB with nXS (op2 = 001, CRm = xx10)
        new(0xFFFF_FFFF, 0xD503_30FF, "SB"),
        new(0xFFFF_F3FF, 0xD503_323F, "XS (DSB nXS)"),

        // PSTATE: flag manipulation (CRn = 0100, op1 = 000, op2 = 000/001/010)
        new(0xFFFF_FFFF, 0xD500_401F, "FlagM (CFINV)"),
        new(0xFFFF_FFFF, 0xD500_403F, "FlagM2 (XAFLAG)"),
        new(0xFFFF_FFFF, 0xD500_405F, "FlagM2 (AXFLAG)"),

        // PSTATE: MSR (immediate) to fields of later extensions (CRm = 000x)
        new(0xFFFF_FEFF, 0xD500_407F, "UAO (MSR UAO, #imm)"),
        new(0xFFFF_FEFF, 0xD500_409F, "PAN (MSR PAN, #imm)"),
        new(0xFFFF_FEFF, 0xD501_401F, "NMI (MSR ALLINT, #imm)"),
        new(0xFFFF_FEFF, 0xD503_403F, "SSBS (MSR SSBS, #imm)"),
        new(0xFFFF_FEFF, 0xD503_405F, "DIT (MSR DIT, #imm)"),
        new(0xFFFF_FEFF, 0xD503_409F, "MTE (MSR TCO, #imm)"),
        new(0xFFFF_FEFF, 0xD503_427F, "SME (SMSTART/SMSTOP SM)"),
        new(0xFFFF_FCFF, 0xD503_447F, "SME (SMSTART/SMSTOP ZA, SM and ZA)"),
    ];
}

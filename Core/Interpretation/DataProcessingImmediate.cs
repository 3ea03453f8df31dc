using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

/// <summary>Semantics of the data processing (immediate) group, one method per encoding of the table.</summary>
public static class DataProcessingImmediate
{
    // ------------------------------------------------------------------ Add/subtract (immediate)

    /// <summary>imm = ZeroExtend(imm12, datasize), shifted left by 12 when sh == 1.</summary>
    private static ulong AddSubImmediate(uint w) => (ulong)Bits(w, 21, 10) << (Bit(w, 22) ? 12 : 0);

    private static Outcome AddSubImm(ExecContext c, uint w, bool subOp, bool setFlags)
    {
        int d = Rd(w), n = Rn(w);
        int datasize = DataSize(w);
        ulong imm = AddSubImmediate(w);

        ulong operand1 = c.XOrSP(n, datasize);
        ulong operand2 = imm;
        bool carryIn = false;
        if (subOp)
        {
            operand2 = Trunc(~operand2, datasize);
            carryIn = true;
        }
        ulong result = AddWithCarry(operand1, operand2, carryIn, datasize, out uint nzcv);

        if (setFlags)
        {
            c.Nzcv = nzcv;
            c.SetX(d, datasize, result);
        }
        else
        {
            c.SetXOrSP(d, datasize, result);
        }
        return Outcome.Continue;
    }

    public static Outcome ADD_imm(ExecContext c, uint w) => AddSubImm(c, w, subOp: false, setFlags: false);
    public static Outcome ADDS_imm(ExecContext c, uint w) => AddSubImm(c, w, subOp: false, setFlags: true);
    public static Outcome SUB_imm(ExecContext c, uint w) => AddSubImm(c, w, subOp: true, setFlags: false);
    public static Outcome SUBS_imm(ExecContext c, uint w) => AddSubImm(c, w, subOp: true, setFlags: true);
}

using System.Runtime.CompilerServices;

namespace A64Jit.Core.Disassembly;

/// <summary>Small shared pieces of GNU objdump's A64 syntax.</summary>
internal static class Asm
{
    // ----- bit fields
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Bits(uint w, int hi, int lo) => (w >> lo) & (uint)((1ul << (hi - lo + 1)) - 1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Bit(uint w, int n) => ((w >> n) & 1) != 0;
    public static long SignExtend(ulong value, int bits) => (long)(value << (64 - bits)) >> (64 - bits);
    public static int Rd(uint w) => (int)(w & 31);
    public static int Rn(uint w) => (int)((w >> 5) & 31);
    public static int Rt(uint w) => (int)(w & 31);
    public static int Rt2(uint w) => (int)((w >> 10) & 31);
    public static int Rm(uint w) => (int)((w >> 16) & 31);
    public static int Ra(uint w) => (int)((w >> 10) & 31);

    // ----- text
    public static string Op(string mnemonic) => mnemonic;
    public static string Op(string mnemonic, string a) => mnemonic + "\t" + a;
    public static string Op(string mnemonic, string a, string b) => mnemonic + "\t" + a + ", " + b;
    public static string Op(string mnemonic, string a, string b, string c) => mnemonic + "\t" + a + ", " + b + ", " + c;
    public static string Op(string mnemonic, string a, string b, string c, string d) => mnemonic + "\t" + a + ", " + b + ", " + c + ", " + d;
    public static string Op(string mnemonic, params string[] operands) => operands.Length == 0 ? mnemonic : mnemonic + "\t" + string.Join(", ", operands);

    /// <summary>Appends objdump's trailing comment (e.g. <c>// #1</c>) separated by a tab.</summary>
    public static string Comment(string text, string comment) => text + "\t// " + comment;

    // ----- general registers: "z" forms name register 31 xzr/wzr, "sp" forms sp/wsp
    public static string X(int n) => n == 31 ? "xzr" : "x" + n;
    public static string W(int n) => n == 31 ? "wzr" : "w" + n;
    public static string Xsp(int n) => n == 31 ? "sp" : "x" + n;
    public static string Wsp(int n) => n == 31 ? "wsp" : "w" + n;
    public static string R(bool sf, int n) => sf ? X(n) : W(n);
    public static string Rsp(bool sf, int n) => sf ? Xsp(n) : Wsp(n);

    // ----- immediates and addresses
    public static string Hex(ulong v) => "#0x" + v.ToString("x");
    public static string Dec(long v) => "#" + v;
    public static string Label(ulong address) => "0x" + address.ToString("x");

    public static readonly string[] Conditions = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"];
    /// <summary>The other names objdump lists in its comment after a condition (SVE-style names); null where it prints none.</summary>
    public static readonly string?[] ConditionAliases =
        ["none", "any", "hs, nlast", "lo, ul, last", "first", "nfrst", null, null, "pmore", "plast", "tcont", "tstop", null, null, null, null];

    /// <summary><paramref name="text"/> ending in condition <paramref name="cond"/>, with objdump's trailing comment (e.g. <c>// eq = none</c>) where it prints one.</summary>
    public static string WithConditionComment(string text, long cond) =>
        ConditionAliases[cond] is { } alias ? Comment(text, Conditions[cond] + " = " + alias) : text;

    public static readonly string[] Shifts = ["lsl", "lsr", "asr", "ror"];
    public static readonly string[] Extends = ["uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"];
}

/// <summary>Disassembles single instruction words in GNU objdump syntax.</summary>
public static class Disassembler
{
    /// <summary>The text objdump prints for <paramref name="word"/> at <paramref name="pc"/> (mnemonic, tab, operands).</summary>
    public static string Format(uint word, ulong pc)
    {
        var e = Decoding.Decoder.DecodeEncoding(word);
        return e == null ? Undefined(word) : e.Format(word, pc);
    }

    public static string Undefined(uint word) => $".inst\t0x{word:x8} ; undefined";

    /// <summary>One output line of <c>a64jit disasm</c>: <c>ADDR:&lt;TAB&gt;WORD&lt;TAB&gt;TEXT</c>.</summary>
    public static string Line(uint word, ulong pc) => $"{pc:x}:\t{word:x8}\t{Format(word, pc)}";
}

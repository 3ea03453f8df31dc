using System.Runtime.CompilerServices;
using A64Jit.Core.Decoding;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// The interpreter's decoded-instruction cache: a direct-mapped table indexed by PC whose
/// entries hold an instruction word and the semantics method it decodes to.
/// </summary>
/// <remarks>
/// <para>
/// Decoding is a pure function of the word, so an entry is valid exactly when its word
/// equals the word just fetched at PC. The interpreter fetches every instruction through
/// the page-table fast path anyway (that fetch is what checks the execute permission and
/// makes instruction aborts precise); it then compares the fetched word with the entry at
/// <c>(PC / 4) mod Size</c> and, when they match, calls the cached method without
/// decoding. A mismatch (first execution, a slot shared with other code, or code that
/// changed) decodes and refills the slot.
/// </para>
/// <para>
/// Because the check is against the bytes in memory at the moment of execution, the cache
/// needs no invalidation: self-modifying code, a page unmapped and mapped again with other
/// contents, a page whose permissions changed, writes by other cores or by the runtime
/// through any path (even one that bypasses <see cref="Memory.GuestMemory.CodeWrite"/>)
/// are all seen on the next fetch. It also takes no part in the code-page marks that the
/// translator's cache uses, so any number of interpreters and translators share one
/// <see cref="Memory.GuestMemory"/>. <see cref="Flush"/> exists for callers that want the
/// memory back in a known state; it never changes what executes.
/// </para>
/// <para>
/// One cache belongs to one <see cref="Interpreter"/> and is used by the thread running
/// it. Entries live in a pinned array, so the run loop holds a raw pointer to them.
/// </para>
/// </remarks>
public sealed unsafe class DecodeCache
{
    /// <summary>log2 of the number of entries: 4096 entries cover 16 KiB of contiguous code without conflicts.</summary>
    public const int SizeBits = 12;
    public const int Size = 1 << SizeBits;
    public const ulong IndexMask = Size - 1;

    /// <summary>One decoded instruction: the word and its semantics method.</summary>
    public struct Entry
    {
        public delegate*<ExecContext, uint, Outcome> Handler;
        public uint Word;
    }

    private readonly Entry[] _entries;
    private readonly delegate*<ExecContext, uint, Outcome> _zeroHandler;

    public DecodeCache()
    {
        _entries = GC.AllocateArray<Entry>(Size, pinned: true);
        Entries = (Entry*)Unsafe.AsPointer(ref _entries[0]);
        // An empty slot holds word 0 with the method word 0 decodes to, so every slot is
        // always a correct (word, method) pair and a lookup needs no emptiness test.
        _zeroHandler = Interpreter.Handler(Decoder.Decode(0));
        Flush();
    }

    /// <summary>The first entry (the array is pinned for the life of the cache).</summary>
    public Entry* Entries { get; }

    /// <summary>Slot refills (a word met in its slot for the first time), for reports and tests.</summary>
    public long Fills { get; private set; }

    /// <summary>The slot for the instruction at <paramref name="pc"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Entry* Slot(ulong pc) => Entries + ((pc >> 2) & IndexMask);

    /// <summary>Decodes <paramref name="word"/> into <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Fill(Entry* slot, uint word)
    {
        slot->Handler = Interpreter.Handler(Decoder.Decode(word));
        slot->Word = word;
        Fills++;
    }

    /// <summary>Empties every slot.</summary>
    public void Flush()
    {
        for (int i = 0; i < Size; i++)
        {
            Entries[i].Handler = _zeroHandler;
            Entries[i].Word = 0;
        }
    }

    /// <summary>The method cached for <paramref name="word"/> at <paramref name="pc"/>, or null when the slot holds another word.</summary>
    public delegate*<ExecContext, uint, Outcome> Lookup(ulong pc, uint word)
    {
        var e = Slot(pc);
        return e->Word == word ? e->Handler : null;
    }
}

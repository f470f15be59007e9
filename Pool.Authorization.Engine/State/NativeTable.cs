using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// A fixed-length table of unmanaged rows in native memory, allocated and zeroed once at startup and
/// never grown (STYLE.md "allocate at startup"). Why not a managed array: the engine's large tables (a
/// million cards, the holds, the recent answers) are read at random, one row per decision, so every
/// access is a cache miss and, over hundreds of megabytes of 4 KiB pages, also a TLB miss
/// (docs/benchmarks-engine.md). Here a table of at least <see cref="HugePageBytes"/> starts on a 2 MiB
/// boundary, its length is rounded up to whole 2 MiB pages, and on Linux it is advised
/// <c>madvise(MADV_HUGEPAGE)</c> before it is first touched, so with transparent huge pages set to
/// <c>madvise</c> or <c>always</c> the kernel backs it with 2 MiB pages (one TLB entry covers 512 times
/// more). Rows start on a <see cref="CacheLineBytes"/> boundary, so a 64-byte row is exactly one cache line.
/// <para>
/// Elsewhere, or when the advice fails, the table simply has 4 KiB pages (nothing else changes).
/// The memory is freed by <see cref="Dispose"/>, or by the finalizer when the owner forgot: dispose only
/// when no thread can read the table any more (a row reference into freed memory is not caught).
/// </para>
/// </summary>
internal sealed unsafe class NativeTable<T> : IDisposable
    where T : unmanaged
{
    /// <summary>x86-64 and arm64 cache line.</summary>
    public const int CacheLineBytes = 64;

    /// <summary>One transparent huge page on x86-64 (and arm64 with 4 KiB base pages).</summary>
    public const int HugePageBytes = 2 * 1024 * 1024;

    private T* _rows;
    private int _length;
    private readonly nuint _bytes;

    public NativeTable(int length, bool adviseHugePages)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        _length = length;
        var rowBytes = (nuint)sizeof(T);
        var bytes = (nuint)length * rowBytes;
        var alignment = (nuint)CacheLineBytes;
        if (bytes >= HugePageBytes)
        {
            // Whole huge pages: the kernel only backs an aligned 2 MiB range with a huge page.
            bytes = (bytes + HugePageBytes - 1) & ~((nuint)HugePageBytes - 1);
            alignment = HugePageBytes;
        }

        _bytes = bytes;
        _rows = (T*)NativeMemory.AlignedAlloc(bytes, alignment);
        GC.AddMemoryPressure((long)bytes);
        if (adviseHugePages && alignment == HugePageBytes)
        {
            HugePagesAdvised = HugePageAdvice.TryAdvise(_rows, bytes);
        }

        // Zeroed now (after the advice, so the first touch already faults in huge pages): an empty row is
        // all zeros, and no page fault is left for the hot path.
        NativeMemory.Clear(_rows, bytes);
    }

    ~NativeTable() => Free();

    /// <summary>Rows; 0 once disposed, so every later access fails the range check.</summary>
    public int Length => _length;

    /// <summary>Bytes reserved (rounded up to whole huge pages for large tables).</summary>
    public long Bytes => (long)_bytes;

    /// <summary>The kernel accepted <c>madvise(MADV_HUGEPAGE)</c> for this table.</summary>
    public bool HugePagesAdvised { get; }

    /// <summary>The first row (tests check alignment and the huge-page backing through it).</summary>
    public nint Address => (nint)_rows;

    public ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            // A real check in Release too: a wrong index into native memory would not throw by itself.
            if ((uint)index >= (uint)_length)
            {
                ThrowIndex(index);
            }

            return ref _rows[index];
        }
    }

    /// <summary>The row's address without a range check, for prefetching (a prefetch never faults).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T* AddressOf(int index)
    {
        Debug.Assert((uint)index < (uint)_length, "prefetch addresses stay in the table");
        return _rows + index;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        var rows = _rows;
        if (rows == null)
        {
            return;
        }

        _rows = null;
        _length = 0;
        NativeMemory.AlignedFree(rows);
        GC.RemoveMemoryPressure((long)_bytes);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowIndex(int index)
    {
        ObjectDisposedException.ThrowIf(_rows == null, this);
        throw new IndexOutOfRangeException($"Row {index} of a table of {_length}.");
    }
}

using System.Buffers;

namespace Pool.Fuzz;

/// <summary>A segment of a multi-segment sequence, to feed the frame reader data split like a socket's reads.</summary>
internal sealed class ChunkSegment : ReadOnlySequenceSegment<byte>
{
    public ChunkSegment(ReadOnlyMemory<byte> memory) => Memory = memory;

    public ChunkSegment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new ChunkSegment(memory) { RunningIndex = RunningIndex + Memory.Length };
        Next = next;
        return next;
    }

    /// <summary>A sequence over <paramref name="data"/> in chunks of <paramref name="chunkBytes"/>.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, int chunkBytes)
    {
        if (data.Length <= chunkBytes)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var first = new ChunkSegment(data.AsMemory(0, chunkBytes));
        var last = first;
        for (var offset = chunkBytes; offset < data.Length; offset += chunkBytes)
        {
            last = last.Append(data.AsMemory(offset, Math.Min(chunkBytes, data.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}

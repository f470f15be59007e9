using System.Buffers;

namespace Pool.Tests.Codec;

/// <summary>Multi-segment sequences, to give the frame reader data split as a socket would split it.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>A sequence of <paramref name="data"/> cut at each of <paramref name="cuts"/> (ascending offsets).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Prepend(0).Append(data.Length).ToArray();
        Segments? first = null;
        Segments? last = null;
        for (var index = 0; index + 1 < bounds.Length; index++)
        {
            var segment = new Segments(data.AsMemory(bounds[index], bounds[index + 1] - bounds[index]), bounds[index]);
            if (last is null)
            {
                first = segment;
            }
            else
            {
                last.Next = segment;
            }

            last = segment;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }
}

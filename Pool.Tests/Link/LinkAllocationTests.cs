using System.Buffers;
using System.Security.Cryptography;
using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Framing;
using Pool.Modules.Authorization.Link;
using Pool.Tests.Infrastructure;

namespace Pool.Tests.Link;

/// <summary>The link's per-request work around the engine (read, map, answer) allocates nothing (STYLE.md).</summary>
[TestFixture]
public sealed class LinkAllocationTests
{
    private sealed class Tokenizer : IPanTokenizer
    {
        private static readonly byte[] Key = new byte[32];

        public void ComputeToken(ReadOnlySpan<byte> panDigits, Span<byte> destination) => HMACSHA256.HashData(Key, panDigits, destination);
    }

    [Test]
    public void ReadMapAndAnswer_AfterWarmUp_AllocateNothing()
    {
        var frame = SpecMessage.ExamplePurchase().With(48, "PA=Y").ToBytes();
        var tokenizer = new Tokenizer();
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        var outcome = new AuthorizationOutcome(ResponseCode.Approved, ApprovalCode.FromString("A1B2C3"), 1200, 1200, true, 8800, recordProduced: true, isRetransmission: false);

        void Once()
        {
            IsoMessageReader.TryRead(frame, IsoDialects.PoolLink, out var message, out _);
            RequestMapper.TryMap(frame, in message, tokenizer, out _, out _);
            output.ResetWrittenCount();
            ResponseBuilder.WriteDecision(output, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2, frame, in message, in outcome);
        }

        for (var i = 0; i < 1_000; i++)
        {
            Once();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Once();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(output.WrittenCount, Is.GreaterThan(100), "an answer was written");
    }
}

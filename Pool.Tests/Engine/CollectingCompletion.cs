using System.Collections.Concurrent;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;

namespace Pool.Tests.Engine;

/// <summary>Collects answers by correlation; waits on a condition with a deadline, never a sleep.</summary>
internal sealed class CollectingCompletion : IDecisionCompletion
{
    public ConcurrentDictionary<long, AuthorizationOutcome> Answers { get; } = new();

    public int Calls;

    public void OnAnswered(long correlation, in AuthorizationOutcome outcome)
    {
        if (!Answers.TryAdd(correlation, outcome))
        {
            throw new InvalidOperationException($"request {correlation} answered twice");
        }

        // Counted after the answer is stored, so a waiter that sees the count finds the answer.
        Interlocked.Increment(ref Calls);
    }

    public static void WaitUntil(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            Thread.Yield();
            Thread.Sleep(1);
        }
    }
}

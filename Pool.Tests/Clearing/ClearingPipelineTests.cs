using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;
using Pool.Modules.Authorization.Contracts;
using Pool.Modules.Clearing.Contracts;
using Pool.Modules.Clearing.Posting;

namespace Pool.Tests.Clearing;

/// <summary>
/// Batches in flight (docs/clearing.md "Pipelined batches"): the next batch is matched while the previous one is
/// still in the engine, and the file still posts as if its presentments were matched one at a time in record order.
/// </summary>
[TestFixture]
public sealed class ClearingPipelineTests : ClearingFixture
{
    private readonly GatedPostingsModule _gate = new();

    // Batches of two, so a four-detail file is two batches.
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Clearing:PostingBatchMax"] = "2" };

    protected override IReadOnlyList<IModule>? AdditionalModules => [_gate];

    [Test]
    public async Task SecondBatchMatchedBeforeTheFirstIsPosted_DoesNotMatchTheHoldTheFirstReleases()
    {
        var card = await NewCardAsync(10_000);
        var code = await ApproveAsync(card, 1_000);
        var file = new ClearingFileText();
        file.Add("05", card.Pan, 1_000, code, "432812345678");
        file.Add("06", card.Pan, 50);
        file.Add("06", card.Pan, 60);
        file.Add("05", card.Pan, 300, code, "432812345678");
        // The first batch's postings wait until the second batch was matched: its matching sees the hold open.
        _gate.HoldFirstPostingsUntilMatches(2);

        var report = await ImportAsync(file);

        Assert.That(_gate.HeldBack, Is.True, "the first batch was held back while the second was matched");
        Assert.That((report.Matched, report.ForcePosted, report.Credits), Is.EqualTo((new ClearingTotal(1, 1_000), new ClearingTotal(1, 300), new ClearingTotal(2, 110))));
        Assert.That(await BalanceAsync(card), Is.EqualTo((8_810L, 0L, 8_810L)));
        await AssertLedgerBalancedAsync();
    }

    /// <summary>Wraps the importer's matcher and postings: the first postings call waits until the matcher was called a given number of times.</summary>
    private sealed class GatedPostingsModule : IModule
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource _matched = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _matchesWanted;
        private int _matches;
        private bool _armed;

        public string Name => "clearing-pipeline-test";

        public int Order => 1000;

        public bool HeldBack { get; private set; }

        public void HoldFirstPostingsUntilMatches(int matches)
        {
            lock (_lock)
            {
                _matchesWanted = matches;
                _matches = 0;
                _armed = true;
                _matched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void AddServices(IServiceCollection services, IConfiguration configuration)
        {
            services.AddSingleton<IPresentmentMatcher>(provider => new CountingMatcher(
                new EnginePresentmentMatcher(provider.GetRequiredService<IAuthorizationLedgerGateway>(), provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Pool.Modules.Clearing.ClearingOptions>>()),
                this));
            services.AddSingleton<IClearingPostings>(provider => new GatedPostings(new EngineClearingPostings(provider.GetRequiredService<IAuthorizationLedgerGateway>()), this));
        }

        public void MapEndpoints(IEndpointRouteBuilder endpoints)
        {
        }

        private void Matched()
        {
            lock (_lock)
            {
                if (++_matches >= _matchesWanted)
                {
                    _matched.TrySetResult();
                }
            }
        }

        private async Task BeforePostingAsync()
        {
            Task wait;
            lock (_lock)
            {
                if (!_armed)
                {
                    return;
                }

                _armed = false;
                wait = _matched.Task;
            }

            await wait.WaitAsync(TimeSpan.FromSeconds(30));
            HeldBack = true;
        }

        private sealed class CountingMatcher(IPresentmentMatcher inner, GatedPostingsModule gate) : IPresentmentMatcher
        {
            public Task<bool> WaitForAuthorizationsAsync(CancellationToken cancellationToken) => inner.WaitForAuthorizationsAsync(cancellationToken);

            public async Task<IReadOnlyList<string?>> FindAsync(IReadOnlyList<PresentmentToMatch> presentments, CancellationToken cancellationToken)
            {
                var found = await inner.FindAsync(presentments, cancellationToken);
                gate.Matched();
                return found;
            }
        }

        private sealed class GatedPostings(IClearingPostings inner, GatedPostingsModule gate) : IClearingPostings
        {
            public async Task<IReadOnlyList<PostingResult>> PostAsync(IReadOnlyList<PostingInstruction> postings, CancellationToken cancellationToken)
            {
                await gate.BeforePostingAsync();
                return await inner.PostAsync(postings, cancellationToken);
            }
        }
    }
}

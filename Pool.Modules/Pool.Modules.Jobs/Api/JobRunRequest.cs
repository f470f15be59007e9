namespace Pool.Modules.Jobs.Api;

/// <summary>The optional body of <c>POST /api/jobs/{name}/runs</c>: the run's parameters, as <c>job run --param k=v</c> gives them.</summary>
internal sealed record JobRunRequest(Dictionary<string, string>? Parameters);

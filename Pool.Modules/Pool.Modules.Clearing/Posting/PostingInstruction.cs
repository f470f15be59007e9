namespace Pool.Modules.Clearing.Posting;

/// <summary>One money movement clearing asks for.</summary>
/// <param name="IdempotencyKey"><c>clearing:{transaction code}:{ARN}</c>: a re-run after a crash posts nothing twice.</param>
/// <param name="Kind">What it does.</param>
/// <param name="CardId">The card.</param>
/// <param name="CardholderId">Its cardholder (whose deposit account moves).</param>
/// <param name="AmountMinor">Yen, 0 or more (0 moves no money but still releases a matched hold).</param>
/// <param name="AuthorizationId">For <see cref="PostingKind.MatchedPresentment"/>: the matched authorization.</param>
/// <param name="ReleasesHold">For a matched presentment: the last of its clearing sequence, which releases what remains of the hold.</param>
/// <param name="Arn">The ARN, as the transfer's reference.</param>
internal sealed record PostingInstruction(
    string IdempotencyKey,
    PostingKind Kind,
    string CardId,
    string CardholderId,
    long AmountMinor,
    string? AuthorizationId,
    bool ReleasesHold,
    string Arn);

namespace IdentityServer.Retention;

/// <summary>What one retention run deleted, by kind of row.</summary>
internal sealed record RetentionResult(
    long Tokens, long Authorizations, int Codes, int Counters, int MfaTickets, int RevokedAccessTokens,
    int QueuedMessages, int AuditEvents, int Keys);

namespace IdentityServer.Keys;

/// <summary>SPEC 7 (GET keys): where a key is in its life.</summary>
internal enum KeyStatus
{
    /// <summary>Published, not signing yet.</summary>
    Next,
    /// <summary>Signs new tokens.</summary>
    Active,
    /// <summary>Superseded; published until every token it signed has expired.</summary>
    Previous,
    /// <summary>Withdrawn at once: unpublished, its tokens refused.</summary>
    Revoked,
    /// <summary>Past its retirement: unpublished.</summary>
    Retired,
}

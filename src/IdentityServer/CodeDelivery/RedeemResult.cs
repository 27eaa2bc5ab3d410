using IdentityServer.Data;

namespace IdentityServer.CodeDelivery;

/// <summary>The outcome of one try: <see cref="Redeemed"/> on success; the row tried (when it was live) and whether the try exhausted it.</summary>
internal sealed record RedeemResult(OneTimeCode? Redeemed, OneTimeCode? Tried, bool Exhausted)
{
    public static readonly RedeemResult NotLive = new(null, null, false);
}

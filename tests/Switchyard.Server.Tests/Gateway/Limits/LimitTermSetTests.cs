using Switchyard.Core.Gateway;
using Switchyard.Core.Identity;
using Switchyard.Server.Gateway.Limits;

namespace Switchyard.Server.Tests.Gateway.Limits;

/// <summary>Which terms apply to a caller, and whose count each is (the documented precedence).</summary>
public sealed class LimitTermSetTests
{
    private static readonly CallerIdentity Alice = Caller(PrincipalKind.User, "alice", "analysts", "writers");
    private static readonly CallerIdentity Robot = Caller(PrincipalKind.ServicePrincipal, "robot-app", "writers");

    [Fact]
    public void EndpointTerms_ApplyToEveryone_AndUserTermsToUsersOnly()
    {
        var set = Set(Term(LimitKey.Endpoint, null, 10), Term(LimitKey.User, null, 5), Term(LimitKey.ServicePrincipal, null, 3));

        Assert.Equal(["endpoint: 10", "user alice: 5"], Applying(set, Alice));
        Assert.Equal(["endpoint: 10", "service principal robot-app: 3"], Applying(set, Robot));
    }

    [Fact]
    public void ATermNamingTheCaller_OverridesTheDefaultsOfItsKey()
    {
        var set = Set(Term(LimitKey.User, null, 5), Term(LimitKey.User, "alice", 50), Term(LimitKey.User, "bob", 1));

        Assert.Equal(["user alice: 50"], Applying(set, Alice));
        Assert.Equal(["user carol: 5"], Applying(set, Caller(PrincipalKind.User, "carol")));
    }

    [Fact]
    public void ACallerInSeveralGroups_IsCountedByTheMostGenerousGroupTermPerWindowAndMeasure()
    {
        var set = Set(
            Term(LimitKey.UserGroup, "analysts", 20),
            Term(LimitKey.UserGroup, "writers", 40),
            Term(LimitKey.UserGroup, "analysts", 1000, LimitMeasure.Tokens),
            Term(LimitKey.UserGroup, "analysts", 100, window: LimitWindow.Hour));

        Assert.Equal(["group writers: 40", "group analysts: 100 per hour", "group analysts: 1000 tokens"], Applying(set, Alice));
        Assert.Equal(["group writers: 40"], Applying(set, Robot));
    }

    [Fact]
    public void DefaultGroupTerms_CountEachGroup_UnlessATermNamesIt()
    {
        var set = Set(Term(LimitKey.UserGroup, null, 10), Term(LimitKey.UserGroup, "writers", 5));

        // analysts by the default (10) beats writers' own 5.
        Assert.Equal(["group analysts: 10"], Applying(set, Alice));
        Assert.Equal(["group writers: 5"], Applying(set, Robot));
        Assert.Empty(Applying(set, Caller(PrincipalKind.User, "loner")));
    }

    [Fact]
    public void OnATie_ANamedGroupTermWins_ThenTheGroupFirstInOrdinalOrder()
    {
        Assert.Equal(["group writers: 10"], Applying(Set(Term(LimitKey.UserGroup, null, 10), Term(LimitKey.UserGroup, "writers", 10)), Alice));
        Assert.Equal(["group analysts: 10"], Applying(Set(Term(LimitKey.UserGroup, null, 10)), Alice));
    }

    private static List<string> Applying(LimitTermSet set, CallerIdentity caller)
    {
        var applied = new List<AppliedLimit>();
        set.AddApplying(caller, applied);
        return [.. applied.Select(limit =>
            $"{(limit.Whom.Length == 0 ? "endpoint" : limit.Whom)}: {limit.Term.Amount}"
            + (limit.Term.Measure == LimitMeasure.Tokens ? " tokens" : "")
            + (limit.Term.Window == LimitWindow.Minute ? "" : $" per {limit.Term.Window.ToWire()}"))];
    }

    private static LimitTermSet Set(params LimitTerm[] terms) => new(terms);

    private static LimitTerm Term(LimitKey key, string? principal, long amount, LimitMeasure measure = LimitMeasure.Calls, LimitWindow window = LimitWindow.Minute) =>
        new("ai_gateway.rate_limits[0]", key, principal, measure, window, amount);

    private static CallerIdentity Caller(PrincipalKind kind, string name, params string[] groups) =>
        new("1", kind, name, name, groups.ToHashSet(StringComparer.Ordinal));
}

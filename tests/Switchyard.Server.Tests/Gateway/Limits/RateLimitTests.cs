using System.Text;

namespace Switchyard.Server.Tests.Gateway.Limits;

/// <summary>Calls per window for each key over real HTTP, on a fake clock: who is counted, what a refusal says, when it lifts.</summary>
public sealed class RateLimitTests(LimitsHost host) : IClassFixture<LimitsHost>
{
    [Fact]
    public async Task EndpointKey_CountsEveryCaller_RefusesWith429NamingTheRule_RetryAfterAndHeaders()
    {
        var endpoint = await host.CreateEchoEndpointAsync("rl-endpoint", """{"rate_limits": [{"calls": 3, "key": "endpoint", "renewal_period": "minute"}]}""");
        host.NextMinute();

        var first = await host.QueryAsync(host.Alice, endpoint);
        Assert.Equal((3, 2, 60), LimitsHost.RateHeaders(first));
        await host.QueryOkAsync(host.Bob, endpoint);
        host.Clock.Advance(TimeSpan.FromSeconds(37));
        var third = await host.QueryAsync(host.Robot, endpoint);
        Assert.Equal((3, 0, 23), LimitsHost.RateHeaders(third));
        var refused = await host.QueryAsync(host.Carol, endpoint);

        var message = await ApiAssert.ErrorAsync(refused, 429, "REQUEST_LIMIT_EXCEEDED");
        Assert.Equal("Exceeded the rate limit ai_gateway.rate_limits[0] of 3 calls per minute on endpoint rl-endpoint; retry in 23 s.", message);
        Assert.Equal(TimeSpan.FromSeconds(23), refused.Headers.RetryAfter?.Delta);
        Assert.Equal((3, 0, 23), LimitsHost.RateHeaders(refused));
    }

    [Theory]
    [InlineData("minute", 60)]
    [InlineData("hour", 3600)]
    [InlineData("day", 86400)]
    public async Task EachWindow_EndsOnTheUtcClock_AndTheCountStartsAgain(string window, int length)
    {
        var endpoint = await host.CreateEchoEndpointAsync($"rl-window-{window}", $$"""{"rate_limits": [{"calls": 2, "key": "user", "renewal_period": "{{window}}"}]}""");
        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        host.Clock.Advance(TimeSpan.FromSeconds(length - (now % length)));

        await host.QueryOkAsync(host.Alice, endpoint, 2);
        host.Clock.Advance(TimeSpan.FromSeconds(length - 1));
        var refused = await host.QueryAsync(host.Alice, endpoint);
        var message = await ApiAssert.ErrorAsync(refused, 429, "REQUEST_LIMIT_EXCEEDED");
        Assert.Contains($"of 2 calls per {window} for user alice@example.com on endpoint {endpoint}; retry in 1 s.", message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        host.Clock.Advance(TimeSpan.FromSeconds(1));

        var again = await host.QueryAsync(host.Alice, endpoint);
        await ApiAssert.OkJsonAsync(again);
        Assert.Equal((2, 1, length), LimitsHost.RateHeaders(again));
    }

    [Fact]
    public async Task UserKey_GivesEachUserTheirOwnCount_AndARuleNamingAUserOverridesTheDefault()
    {
        var endpoint = await host.CreateEchoEndpointAsync("rl-user", """{"rate_limits": [ {"calls": 1, "key": "user", "renewal_period": "minute"}, {"calls": 3, "key": "user", "principal": "alice@example.com", "renewal_period": "minute"}]}""");
        host.NextMinute();

        await host.QueryOkAsync(host.Bob, endpoint);
        await host.QueryOkAsync(host.Carol, endpoint);
        await host.QueryOkAsync(host.Alice, endpoint, 3);
        await host.QueryOkAsync(host.Robot, endpoint, 2);

        Assert.Equal($"Exceeded the rate limit ai_gateway.rate_limits[0] of 1 call per minute for user bob@example.com on endpoint {endpoint}; retry in 60 s.",
            await ApiAssert.ErrorAsync(await host.QueryAsync(host.Bob, endpoint), 429, "REQUEST_LIMIT_EXCEEDED"));
        Assert.Contains("ai_gateway.rate_limits[1] of 3 calls per minute for user alice@example.com",
            await ApiAssert.ErrorAsync(await host.QueryAsync(host.Alice, endpoint), 429, "REQUEST_LIMIT_EXCEEDED"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServicePrincipalKey_CountsServicePrincipalsOnly()
    {
        var endpoint = await host.CreateEchoEndpointAsync("rl-sp", """{"rate_limits": [{"calls": 1, "key": "service_principal", "renewal_period": "minute"}]}""");
        host.NextMinute();

        await host.QueryOkAsync(host.Robot, endpoint);
        await host.QueryOkAsync(host.Alice, endpoint, 3);

        Assert.Contains($"for service principal {host.Robot.Name} on endpoint {endpoint}",
            await ApiAssert.ErrorAsync(await host.QueryAsync(host.Robot, endpoint), 429, "REQUEST_LIMIT_EXCEEDED"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryApplicableRuleMustAdmit_TheStricterWins_AndARefusedQueryTakesNothingFromTheOthers()
    {
        var endpoint = await host.CreateEchoEndpointAsync("rl-stricter", """{"rate_limits": [ {"calls": 4, "key": "endpoint", "renewal_period": "minute"}, {"calls": 2, "key": "user", "renewal_period": "minute"}]}""");
        host.NextMinute();

        var admitted = await host.QueryAsync(host.Alice, endpoint);
        Assert.Equal((2, 1, 60), LimitsHost.RateHeaders(admitted)); // the user rule is the tighter
        await host.QueryOkAsync(host.Alice, endpoint);
        Assert.Contains("ai_gateway.rate_limits[1] of 2 calls per minute for user alice@example.com",
            await ApiAssert.ErrorAsync(await host.QueryAsync(host.Alice, endpoint), 429, "REQUEST_LIMIT_EXCEEDED"), StringComparison.Ordinal);

        // Alice's refusal took none of the endpoint's 4: bob and carol still get 2.
        await host.QueryOkAsync(host.Bob, endpoint);
        await host.QueryOkAsync(host.Carol, endpoint);
        Assert.Contains("ai_gateway.rate_limits[0] of 4 calls per minute on endpoint",
            await ApiAssert.ErrorAsync(await host.QueryAsync(host.Carol, endpoint), 429, "REQUEST_LIMIT_EXCEEDED"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamedGroupRule_IsOneCountSharedByItsMembers()
    {
        var endpoint = await host.CreateEchoEndpointAsync("rl-group", """{"rate_limits": [{"calls": 2, "key": "user_group", "principal": "analysts", "renewal_period": "minute"}]}""");
        host.NextMinute();

        await host.QueryOkAsync(host.Bob, endpoint);
        await host.QueryOkAsync(host.Alice, endpoint);
        await host.QueryOkAsync(host.Carol, endpoint, 3);

        Assert.Contains("ai_gateway.rate_limits[0] of 2 calls per minute for group analysts",
            await ApiAssert.ErrorAsync(await host.QueryAsync(host.Bob, endpoint), 429, "REQUEST_LIMIT_EXCEEDED"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerInTwoGroups_IsCountedByTheMostGenerousGroupRuleOnly()
    {
        var endpoint = await host.CreateEchoEndpointAsync("rl-generous", """{"rate_limits": [ {"calls": 2, "key": "user_group", "principal": "analysts", "renewal_period": "minute"}, {"calls": 4, "key": "user_group", "principal": "writers", "renewal_period": "minute"}]}""");
        host.NextMinute();

        await host.QueryOkAsync(host.Alice, endpoint, 4);
        Assert.Contains("ai_gateway.rate_limits[1] of 4 calls per minute for group writers",
            await ApiAssert.ErrorAsync(await host.QueryAsync(host.Alice, endpoint), 429, "REQUEST_LIMIT_EXCEEDED"), StringComparison.Ordinal);

        // Alice counted against writers only: analysts' count is untouched for bob.
        await host.QueryOkAsync(host.Bob, endpoint, 2);
        Assert.Contains("for group analysts",
            await ApiAssert.ErrorAsync(await host.QueryAsync(host.Bob, endpoint), 429, "REQUEST_LIMIT_EXCEEDED"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultGroupRule_GivesEachGroupItsOwnCount()
    {
        var endpoint = await host.CreateEchoEndpointAsync("rl-each-group", """{"rate_limits": [{"calls": 1, "key": "user_group", "renewal_period": "minute"}]}""");
        host.NextMinute();

        await host.QueryOkAsync(host.Bob, endpoint);
        await host.QueryOkAsync(host.Robot, endpoint);

        Assert.Contains("for group analysts", await ApiAssert.ErrorAsync(await host.QueryAsync(host.Bob, endpoint), 429, "REQUEST_LIMIT_EXCEEDED"), StringComparison.Ordinal);
        Assert.Contains("for group writers", await ApiAssert.ErrorAsync(await host.QueryAsync(host.Robot, endpoint), 429, "REQUEST_LIMIT_EXCEEDED"), StringComparison.Ordinal);
        await host.QueryOkAsync(host.Carol, endpoint, 2); // in no group: no group rule counts her
    }

    [Fact]
    public async Task ARuleSetTo0_Disables_With403NamingIt()
    {
        var endpoint = await host.CreateEchoEndpointAsync("rl-zero", """{"rate_limits": [{"calls": 0, "key": "user", "principal": "bob@example.com", "renewal_period": "minute"}]}""");

        Assert.Equal($"Endpoint {endpoint} is disabled by a rate limit set to 0 (ai_gateway.rate_limits[0]: 0 calls per minute for user bob@example.com).",
            await ApiAssert.ErrorAsync(await host.QueryAsync(host.Bob, endpoint), 403, "PERMISSION_DENIED"));
        await host.QueryOkAsync(host.Alice, endpoint);

        await host.PutGatewayAsync(endpoint, """{"rate_limits": [{"calls": 0, "renewal_period": "minute"}]}""");
        Assert.Contains("is disabled by a rate limit set to 0 (ai_gateway.rate_limits[0]: 0 calls per minute)",
            await ApiAssert.ErrorAsync(await host.QueryAsync(host.Alice, endpoint), 403, "PERMISSION_DENIED"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PuttingTheSameRulesAgain_KeepsTheCounts_AndAChangedRuleStartsFresh()
    {
        const string Rules = """{"rate_limits": [{"calls": 2, "key": "user", "renewal_period": "minute"}]}""";
        var endpoint = await host.CreateEchoEndpointAsync("rl-reput", Rules);
        host.NextMinute();
        await host.QueryOkAsync(host.Alice, endpoint, 2);

        await host.PutGatewayAsync(endpoint, Rules);
        await ApiAssert.ErrorAsync(await host.QueryAsync(host.Alice, endpoint), 429, "REQUEST_LIMIT_EXCEEDED");

        await host.PutGatewayAsync(endpoint, """{"rate_limits": [{"calls": 2, "key": "user", "renewal_period": "hour"}]}""");
        await host.QueryOkAsync(host.Alice, endpoint, 2);
    }

    [Fact]
    public async Task TheOpenAiCompatibleRoute_IsLimitedByTheSameCounts()
    {
        var endpoint = await host.CreateEchoEndpointAsync("rl-openai", """{"rate_limits": [{"calls": 2, "key": "user", "renewal_period": "minute"}]}""");
        host.NextMinute();
        await host.QueryOkAsync(host.Alice, endpoint);

        var body = $$"""{"model": "{{endpoint}}", "messages": [{"role": "user", "content": "ping"}]}""";
        var byModel = await host.As(host.Alice).PostAsync("/serving-endpoints/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        await ApiAssert.OkJsonAsync(byModel);
        Assert.Equal((2, 0, 60), LimitsHost.RateHeaders(byModel));

        var refused = await host.As(host.Alice).PostAsync("/serving-endpoints/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        await ApiAssert.ErrorAsync(refused, 429, "REQUEST_LIMIT_EXCEEDED");
    }
}

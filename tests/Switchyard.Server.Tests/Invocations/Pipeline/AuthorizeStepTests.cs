using Switchyard.Core.Permissions;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Tests.Invocations.Pipeline;

public sealed class AuthorizeStepTests
{
    [Theory]
    [InlineData(PermissionLevel.CanQuery)]
    [InlineData(PermissionLevel.CanManage)]
    public async Task A_caller_with_CAN_QUERY_or_more_goes_on(PermissionLevel level)
    {
        var harness = new StepHarness();
        harness.Invocation.Access = StepHarness.GrantedTo("alice", level);

        await harness.RunAsync(new AuthorizeStep());

        Assert.True(harness.Reached);
        Assert.Equal(200, harness.Context.Response.StatusCode);
    }

    [Fact]
    public async Task A_grant_to_one_of_the_callers_groups_counts()
    {
        var harness = new StepHarness();
        harness.Invocation.Access = StepHarness.GrantedTo("analysts", PermissionLevel.CanQuery, AclPrincipalType.Group);

        await harness.RunAsync(new AuthorizeStep());

        Assert.True(harness.Reached);
    }

    [Fact]
    public async Task CAN_VIEW_is_refused_with_403_naming_caller_and_endpoint_and_stops_the_query()
    {
        var harness = new StepHarness();
        harness.Invocation.Access = StepHarness.GrantedTo("alice", PermissionLevel.CanView);

        await harness.RunAsync(new AuthorizeStep());

        Assert.False(harness.Reached);
        Assert.Equal(403, harness.Context.Response.StatusCode);
        Assert.Equal("PERMISSION_DENIED", (string?)harness.Error()["error_code"]);
        Assert.Equal("alice does not have CAN_QUERY permission on serving endpoint e.", (string?)harness.Error()["message"]);
    }
}

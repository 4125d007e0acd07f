using Switchyard.Server.Hosting;

var app = SwitchyardHost.Build(args);
app.Lifetime.ApplicationStarted.Register(() => SwitchyardHost.PrintBanner(app));
await app.RunAsync();

using Switchyard.Bench.Config;
using Switchyard.Bench.Driving;
using Switchyard.Bench.External;
using Switchyard.Bench.Gateway;
using Switchyard.Bench.Llm;
using Switchyard.Bench.Load;
using Switchyard.Bench.Models;
using Switchyard.Bench.Profiling;
using Switchyard.Bench.Providers;
using Switchyard.Bench.Raw;
using Switchyard.Bench.Serving;
using Switchyard.Bench.Shadow;

// One binary, several roles, so that each side of a comparison runs in its own process:
// the orchestrator ("run") starts the servers and the raw ORT worker as children and drives
// them with wrk, which is a process of its own too.
var mode = args.Length > 0 ? args[0] : "help";
var rest = args.Length > 0 ? args[1..] : [];
return mode switch
{
    "serve-switchyard" => await SwitchyardServer.RunAsync(rest),
    "serve-floor" => await FloorServer.RunAsync(rest),
    "serve-relay" => await RelayServer.RunAsync(rest),
    "raw-ort" => RawOrtWorker.Run(rest),
    "probe-mlp" => MlpProbe.Run(rest),
    "probe-score" => ScoreProbe.Run(rest),
    "probe-server" => await ServerProbe.RunAsync(rest),
    "write-models" => ModelWriter.Run(rest),
    "perf-groups" => PerfGroups.Run(rest),
    "run" => await BenchRun.RunAsync(rest),
    "run-external" => await ExternalRun.RunAsync(rest),
    "open-loop" => await OpenLoopClient.RunWorkerAsync(rest),
    "run-gateway" => await GatewayRun.RunAsync(rest),
    "run-shadow" => await ShadowRun.RunAsync(rest),
    "run-llm" => await LlmRun.RunAsync(rest),
    "run-config-scale" => await ConfigScaleRun.RunAsync(rest),
    "provider-calls" => await ProviderCallRun.RunAsync(rest),
    "run-wake-burst" => await WakeBurstRun.RunAsync(rest),
    "llm-direct" => await DirectEngineWorker.RunAsync(rest),
    "write-gguf" => WriteGguf(rest),
    _ => Usage(),
};

static int WriteGguf(string[] args)
{
    if (args.Length < 1)
    {
        return Usage();
    }

    Directory.CreateDirectory(args[0]);
    Console.WriteLine(BenchGguf.Tiny(args[0]));
    Console.WriteLine(BenchGguf.Larger(args[0], args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 512,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Switchyard.Bench <mode> [options]
          run [--seconds N] [--warmup N] [--rounds N] [--connections N] [--wrk-threads N] [--mlp I,H,O] [--out FILE]
                                 the whole comparison; prints a Markdown table
          run-external [--seconds N] [--warmup N] [--rounds N] [--rate R] [--connections 16,64] [--floors-only] [--no-relays] [--out FILE]
                                 external models through Switchyard against nginx stand-ins, the nginx split and .NET relays
          run-gateway [--seconds N] [--warmup N] [--rounds N] [--rate R] [--connections N] [--settle S] [--gateway-config FILE] [--out FILE]
                                 the tiny model on one endpoint with the AI Gateway's hot-path work and one without
          run-shadow [--seconds N] [--warmup N] [--rounds N] [--rate R] [--sample P] [--settle S] [--out FILE]
                                 the primary's p50/p99 on one endpoint with a shadow of the same model and one without
          run-config-scale [--endpoints N] [--updates N] [--reads N] [--lists N] [--out FILE]
                                 traffic-only config changes, GETs and lists with N endpoints live
          run-wake-burst [--endpoints N] [--rounds N] [--out FILE]
                                 N scaled-to-zero endpoints woken by one burst of a query each
          provider-calls [--calls N] [--rounds N]
                                 one chat call per provider through an in-memory handler: our side's µs and bytes per call
          open-loop [--token T] [--connections N]
                                 open-loop generator; reads "run|warm URL BODY_FILE SECONDS RATE" lines on stdin
          run-llm [--seconds N] [--warmup N] [--rounds N] [--concurrency 1,4,8] [--max-tokens N] [--tiny-only] [--embedding E] [--layers L] [--direct-only] [--out FILE]
                                 LLM engine tokens/s through a provisioned-throughput endpoint against the engine in-process
          llm-direct --gguf FILE  the engine in-process; reads "run|warm SECONDS CONCURRENCY MAX_TOKENS PROMPT_FILE" lines on stdin
          write-gguf DIR [E L]   writes the tiny dense GGUF and a larger random-weight one (default E=512, L=8)
          serve-switchyard ...   the real server (SwitchyardHost.Build), flags as the server's
          serve-floor --urls U --body-file F
                                 bare Kestrel route answering the bytes of F
          serve-relay --urls U --kind bare|yarp --upstream A [--upstream B]
                                 the .NET proxy floors of run-external: Kestrel relaying to the upstreams in turn
          raw-ort --model DIR --body-file F --threads N
                                 raw ONNX Runtime loop; reads "run SECONDS" lines on stdin
          probe-mlp [I,H,O ...]  times one ORT Run at batch 1 for MLP sizes
          probe-mlp --rows 1,2,4,8,16 [--mlp I,H,O]
                                 what a row of one MLP costs at each batch size, one loop alone and one per core
          write-models DIR [I,H,O] writes both model folders and bodies, for profiling by hand
          probe-score [I,H,O]    splits the runtime's Score into parse, Run and the rest, no HTTP
          probe-server [SECONDS] [I,H,O] [--alloc-types] [--only tiny|mlp|mlp-batched|chat|stream] [--Logging:…]
                                 the server in this process under wrk: CPU µs and bytes allocated per request
          perf-groups REPORT|- CPU_US
                                 a perf report of one serving process, grouped (kernel, HTTP, runtime, ORT, JSON…), in µs per request
        """);
    return 2;
}

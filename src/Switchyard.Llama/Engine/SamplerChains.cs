using LLama.Native;

namespace Switchyard.Llama.Engine;

/// <summary>Builds llama.cpp sampler chains from <see cref="SamplingSettings"/>.</summary>
internal static class SamplerChains
{
    public static SafeLLamaSamplerChainHandle Create(SamplingSettings settings)
    {
        var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        if (settings.IsGreedy)
        {
            chain.AddGreedySampler();
            return chain;
        }

        if (settings.TopK > 0)
        {
            chain.AddTopK(settings.TopK);
        }

        if (settings.TopP < 1f)
        {
            chain.AddTopP(settings.TopP, 1);
        }

        chain.AddTemperature(settings.Temperature);
        chain.AddDistributionSampler(settings.Seed);
        return chain;
    }
}

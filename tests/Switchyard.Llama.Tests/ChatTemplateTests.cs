using Switchyard.Core.Llm;
using Switchyard.Llama.Chat;

namespace Switchyard.Llama.Tests;

public sealed class ChatTemplateTests
{
    private static readonly ChatMessage[] Conversation =
    [
        new("system", "Be brief."),
        new("user", "Hi"),
        new("assistant", "Hello."),
        new("user", "Bye"),
    ];

    [Theory]
    [InlineData("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}", ChatTemplateFamily.ChatMl)]
    [InlineData("{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' }}{% endfor %}", ChatTemplateFamily.Llama3)]
    [InlineData("{{ bos_token }}{% for message in messages %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% endfor %}", ChatTemplateFamily.MistralInstruct)]
    [InlineData("{% if messages[0]['role'] == 'system' %}{{ '<<SYS>>\\n' + system + '\\n<</SYS>>\\n\\n' }}{% endif %}[INST]", ChatTemplateFamily.Llama2)]
    [InlineData("{{ '<start_of_turn>' + role + '\\n' }}", ChatTemplateFamily.Gemma)]
    [InlineData("{{'<|user|>' + '\\n' + message['content'] + '<|end|>'}}", ChatTemplateFamily.Phi3)]
    [InlineData("{{ 'Human: ' + message['content'] }}", ChatTemplateFamily.Fallback)]
    [InlineData(null, ChatTemplateFamily.Fallback)]
    public void Detect_RecognisesTheFamilyByItsMarkers(string? jinja, ChatTemplateFamily family) =>
        Assert.Equal(family, ChatTemplate.Detect(jinja));

    [Fact]
    public void TinyModelTemplate_IsMistralInstruct() =>
        Assert.Equal(ChatTemplateFamily.MistralInstruct, ChatTemplate.Detect(SampleModels.Gguf.TinyLlamaModels.ChatTemplate));

    [Fact]
    public void ChatMl() =>
        Assert.Equal(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n",
            new ChatTemplate(ChatTemplateFamily.ChatMl).Render(Conversation));

    [Fact]
    public void Llama3() =>
        Assert.Equal(
            "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n",
            new ChatTemplate(ChatTemplateFamily.Llama3).Render(Conversation));

    [Fact]
    public void MistralInstruct_SystemLeadsTheFirstUserTurn() =>
        Assert.Equal(
            "[INST] Be brief.\n\nHi [/INST]Hello.</s>[INST] Bye [/INST]",
            new ChatTemplate(ChatTemplateFamily.MistralInstruct, "</s>").Render(Conversation));

    [Fact]
    public void Llama2_SystemInASysBlock() =>
        Assert.Equal(
            "[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST] Hello. </s><s>[INST] Bye [/INST]",
            new ChatTemplate(ChatTemplateFamily.Llama2, "</s>").Render(Conversation));

    [Fact]
    public void Gemma_AssistantIsModel() =>
        Assert.Equal(
            "<start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\nHello.<end_of_turn>\n<start_of_turn>user\nBye<end_of_turn>\n<start_of_turn>model\n",
            new ChatTemplate(ChatTemplateFamily.Gemma).Render(Conversation));

    [Fact]
    public void Phi3() =>
        Assert.Equal(
            "<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\nHello.<|end|>\n<|user|>\nBye<|end|>\n<|assistant|>\n",
            new ChatTemplate(ChatTemplateFamily.Phi3).Render(Conversation));

    [Fact]
    public void Fallback_PlainRoleLines() =>
        Assert.Equal(
            "<|system|>\nBe brief.\n<|user|>\nHi\n<|assistant|>\nHello.\n<|user|>\nBye\n<|assistant|>\n",
            ChatTemplate.For(null, null).Render(Conversation));

    [Fact]
    public async Task ModelWithoutTemplate_UsesTheFallback()
    {
        using var model = TinyModels.Load(TinyModels.DenseWithoutTemplate);
        Assert.Equal(ChatTemplateFamily.Fallback, model.Template.Family);
        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Chat, Messages = [new("user", "Hi")], MaxTokens = 2, Temperature = 0 }, default);
        Assert.Equal(model.Engine.Tokenize("<|user|>\nHi\n<|assistant|>\n", true).Length, answer.Usage!.PromptTokens);
    }
}

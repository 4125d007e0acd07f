// The example request a snippet sends: an LLM task's own shape, or a custom model's input built from
// its signature (example.js, shared with the query panel).
import { exampleFor, exampleForEntity } from '../example.js';
import { llmTaskOf, servesLlm } from '../pages/chat.js';

const LLM_BODIES = {
  'llm/v1/chat': { messages: [{ role: 'user', content: 'Hello' }], max_tokens: 64 },
  'llm/v1/completions': { prompt: 'Hello', max_tokens: 64 },
  'llm/v1/embeddings': { input: 'Hello' },
};

/**
 * The request for a target (the endpoint's served entities, or one of them) as
 * { body, task, note }: task is the LLM task, or null for a custom model; note says when the
 * body is a placeholder because the model's signature could not be read.
 */
export async function requestFor(entities) {
  if (servesLlm(entities)) {
    const task = llmTaskOf(entities);
    return { body: LLM_BODIES[task] || LLM_BODIES['llm/v1/chat'], task, note: null };
  }
  // A custom model: the first custom entity's signature, as the query panel does for the split.
  const model = entities.find((e) => e.entity_name && !servesLlm([e]));
  if (!model) return { body: exampleFor(null), task: null, note: 'No model signature to build the input from: replace the input with your model\'s.' };
  try {
    return { body: await exampleForEntity(model), task: null, note: null };
  } catch (error) {
    return { body: exampleFor(null), task: null, note: `The model's signature could not be read (${error.message}): replace the input with your model's.` };
  }
}

// Builds an example request body from a model version's signature.
import { get, enc } from './api.js';

const SAMPLE = { double: 1, float: 1, long: 1, integer: 1, boolean: true, string: 'text', binary: '', datetime: '2026-01-01T00:00:00' };

/** Column signatures give dataframe_split with one row; tensor signatures give "inputs". */
export function exampleFor(signature) {
  const inputs = (signature && signature.inputs) || [];
  if (inputs.length === 0) return { dataframe_split: { columns: ['x'], data: [[1]] } };
  if (inputs.every((input) => input.type !== 'tensor' && input.name)) {
    return { dataframe_split: { columns: inputs.map((i) => i.name), data: [inputs.map((i, n) => (typeof SAMPLE[i.type] === 'number' ? n + 1 : SAMPLE[i.type] ?? 1))] } };
  }
  const tensor = (input) => {
    const shape = (input.shape || [1]).map((d) => (d < 0 ? 1 : d));
    const build = (dims) => (dims.length === 0 ? 1 : Array.from({ length: dims[0] }, () => build(dims.slice(1))));
    return build(shape);
  };
  if (inputs.length === 1) return { inputs: tensor(inputs[0]) };
  return { inputs: Object.fromEntries(inputs.map((i, n) => [i.name || `input${n}`, tensor(i)])) };
}

/**
 * The example for a custom model's served entity, from its registry version's signature. Rejects when
 * the version cannot be read (a caller without EXECUTE on the model, say); callers keep a placeholder.
 */
export async function exampleForEntity(entity) {
  const version = await get(`/api/2.1/unity-catalog/models/${enc(entity.entity_name)}/versions/${enc(entity.entity_version)}`);
  return exampleFor(version.signature);
}

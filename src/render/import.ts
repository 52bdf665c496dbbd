// What `catalog import` (and `--model config.json`) tells the user on stderr: the entry in one line, then what it
// could not read or represent, what it assumed, and what it derived or took from a config class default.
import type { ImportNote } from '../catalog/hf-config.ts';
import type { ModelEntry } from '../catalog/schema.ts';
import { kvBytesPerToken, linearStateBytesPerSequence } from '../core/memory/kv-cache.ts';
import { fmtInt } from './format.ts';

const GROUPS: Array<[string, ReadonlyArray<ImportNote['code']>]> = [
  ['could not read or represent', ['NOT_REPRESENTABLE', 'IGNORED']],
  ['assumed', ['ASSUMED']],
  ['from config class defaults', ['CLASS_DEFAULT']],
  ['derived', ['DERIVED', 'TEXT_CONFIG']],
];

export function describeEntry(e: ModelEntry): string {
  const a = e.architecture;
  const attn = a.attention.kind === 'mla' ? `MLA (kv_lora_rank ${a.attention.kvLoraRank})` : `${a.numAttentionHeads}q/${a.numKeyValueHeads}kv heads × ${a.headDim}`;
  const moe = a.moe ? `, MoE ${a.moe.expertsPerToken}/${a.moe.numExperts}${a.moe.numSharedExperts ? ` +${a.moe.numSharedExperts} shared` : ''}${a.moe.firstDenseLayers ? `, ${a.moe.firstDenseLayers} dense layers` : ''}` : '';
  const swa = a.layerPattern.kind === 'sliding' ? `, ${a.layerPattern.slidingLayers} layers window ${fmtInt(a.layerPattern.window)}`
    : a.layerPattern.kind === 'hybrid-linear' ? `, ${a.layerPattern.linearLayers} linear-attention layers (no KV; ${fmtInt(linearStateBytesPerSequence(a, 1))} B state per sequence)` : '';
  const kv = kvBytesPerToken(a, 'bf16');
  return `"${e.id}": ${e.kind}, ${a.numHiddenLayers} layers, hidden ${a.hiddenSize}, ${attn}${moe}${swa}, context ${fmtInt(a.maxPositionEmbeddings)}, ${e.releasedWeights} weights; KV ${fmtInt(kv)} B/token in bf16`;
}

/** Only the notes a user must act on (for `--model config.json`), or all of them (`catalog import`). */
export function renderImportNotes(notes: readonly ImportNote[], all = true): string {
  const out: string[] = [];
  for (const [title, codes] of GROUPS) {
    if (!all && title !== 'could not read or represent' && title !== 'assumed') continue;
    const hits = notes.filter((n) => codes.includes(n.code));
    if (hits.length) out.push(`${title}:`, ...hits.map((n) => `  ${n.key}: ${n.text}`));
  }
  return out.length ? out.join('\n') + '\n' : '';
}

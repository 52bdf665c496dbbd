// Write model entries in the format of catalogs/models.yaml: a new file, or one entry added to (or replacing the
// same id in) an existing file with its comments and other entries kept.
import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import type { ModelEntry } from './schema.ts';

const HEADER = '# yaml-language-server: $schema=https://raw.githubusercontent.com/llmplan/llmplan/main/schemas/models.schema.json\n';
const WIDTH = { lineWidth: 120 };

export function renderModelsYaml(entries: readonly ModelEntry[]): string {
  return HEADER + stringify({ schemaVersion: 1, models: entries }, WIDTH);
}

/** `text` with `entry` replacing the model of the same id, or appended; 'replaced' tells which. */
export function upsertModelYaml(text: string, entry: ModelEntry): { text: string; replaced: boolean } {
  const doc = parseDocument(text);
  let models = doc.get('models');
  if (!isSeq(models)) {
    doc.set('models', doc.createNode([]));
    models = doc.get('models');
  }
  if (!isSeq(models)) throw new Error('models is not a list');
  const node = doc.createNode(entry);
  const index = models.items.findIndex((m) => isMap(m) && m.get('id') === entry.id);
  if (index >= 0) models.items[index] = node;
  else models.items.push(node);
  if (!doc.has('schemaVersion')) doc.set('schemaVersion', 1);
  return { text: doc.toString(WIDTH), replaced: index >= 0 };
}

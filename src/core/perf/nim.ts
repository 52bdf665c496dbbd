// NVIDIA NIM containers are not an engine of their own: each release runs TensorRT-LLM or vLLM inside. A NIM
// measurement row is mapped to that engine, so it is predicted with the engine's fitted efficiencies.
import type { EngineId } from '../memory/engine-memory.ts';

export interface NimBackend {
  engine: EngineId;
  /** The engine's version inside the container, where the release notes state it; else null. */
  engineVersion: string | null;
  source: string;
}

const NOTES_1X =
  'NIM for LLMs 1.x: optimized profiles are "pre-built, optimized engines" built with TRT-LLM (Support Matrix, https://docs.nvidia.com/nim/large-language-models/1.0.0/support-matrix.html) and "the optimized TensorRT-LLM profiles are preferred over vLLM when available" (https://docs.nvidia.com/nim/large-language-models/latest/optimization.html); the TensorRT-LLM version inside a 1.x container is not stated in the release notes';

/**
 * NIM 2.x runs vLLM only ("This release ships with vLLM 0.17.1 as the sole inference backend", release notes 2.0.1);
 * each release note names the vLLM it ships (https://docs.nvidia.com/nim/large-language-models/<version>/about-nim-llm/release-notes, read 2026-11-30).
 */
export const NIM_2X_VLLM: Readonly<Record<string, string>> = {
  '2.0.1': '0.17.1',
  '2.0.2': '0.18.0',
  '2.0.8': '0.23.0',
  '2.0.9': '0.25.1',
  '2.1.5': '0.31.0',
  '2.1.6': '0.32.0',
};

/** True for an engine label naming a NIM container ("NVIDIA NIM", "NIM for LLMs"). */
export function isNimLabel(label: string): boolean {
  return /\bnim\b/i.test(label);
}

/** The engine a NIM release runs, by its major version; null when the version is not a NIM release number. */
export function nimBackend(version: string): NimBackend | null {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) return null;
  const major = Number(m[1]);
  if (major === 1) return { engine: 'trtllm', engineVersion: null, source: NOTES_1X };
  if (major === 2) {
    const key = `${m[1]}.${m[2]}.${m[3] ?? '0'}`;
    const v = NIM_2X_VLLM[key] ?? null;
    return { engine: 'vllm', engineVersion: v, source: `NIM for LLMs 2.x runs vLLM as its sole backend (release notes 2.0.1)${v ? `; release ${key} ships vLLM ${v}` : '; this release\'s vLLM version is not in our table'}` };
  }
  return null;
}

/**
 * A small, valid learning hub for tests, written as the loader would hand it over (raw), so tests
 * can break one rule at a time. The real lessons live in content/learn and have their own test.
 */
import type { LearningHub } from './curriculum.js'
import { validateLearningHub, type RawLearningHub, type RawLessonFile } from './curriculum-rules.js'

const questions = [
  {
    prompt: 'Which memory holds the model while a GPU runs it?',
    choices: ['VRAM', 'The datastore', 'The swap file'],
    answer: 0,
    explanation: 'The GPU reads the weights from its own memory, the VRAM.',
  },
  {
    prompt: 'What does a longer context cost?',
    choices: ['Nothing', 'More memory for the KV cache'],
    answer: 1,
    explanation: 'Keys and values are kept for every token of the context.',
  },
]

/** Frontmatter of a valid lesson; override fields to break one rule. */
export function lessonFrontmatter(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    title: `Lesson ${id}`,
    minutes: 5,
    summary: `What ${id} teaches.`,
    prerequisites: [],
    tags: ['llm'],
    sources: [
      { id: 'llamacpp', title: 'llama.cpp README', url: 'https://github.com/ggml-org/llama.cpp' },
    ],
    questions,
    ...overrides,
  }
}

/** A lesson file with a valid body that cites its source. */
export function lessonFile(
  id: string,
  overrides: Record<string, unknown> = {},
  body = `Like a VM that needs its memory reserved, a model needs VRAM.[^llamacpp]\n`,
): RawLessonFile {
  return {
    file: `content/learn/lessons/${id}.md`,
    frontmatter: lessonFrontmatter(id, overrides),
    body,
  }
}

/** Four lessons in three paths: basics (with a prerequisite chain), vSphere, hardware. */
export function sampleRawHub(): RawLearningHub {
  return {
    pathsFile: 'content/learn/paths.yaml',
    paths: {
      paths: [
        {
          id: 'basics',
          title: 'Basics',
          summary: 'Tokens, VRAM and the KV cache.',
          lessons: ['tokens', 'kv-cache'],
        },
        {
          id: 'vsphere-for-ai',
          title: 'vSphere for AI',
          summary: 'Passthrough and reservations.',
          lessons: ['gpu-passthrough'],
        },
        {
          id: 'hardware-for-ai',
          title: 'Hardware for AI',
          summary: 'What to buy.',
          lessons: ['choosing-a-gpu'],
        },
      ],
    },
    lessons: [
      lessonFile('tokens', { title: 'Tokens and context', tags: ['llm', 'tokens'] }),
      lessonFile(
        'kv-cache',
        {
          title: 'The KV cache',
          prerequisites: ['tokens'],
          tags: ['llm', 'memory'],
          labCheck: 'vram',
          handsOn: {
            command: 'homelab-ai fit llama-3.1-8b-instruct --ctx 32k',
            explain: 'Look at the KV cache line.',
            needs: 'gpu',
            model: 'llama-3.1-8b-instruct',
          },
        },
        [
          '## Why context costs memory',
          '',
          'The KV cache keeps keys and values per token,[^llamacpp] much like a',
          'datastore keeps every snapshot. See [tokens](lesson:tokens) first.',
          '',
          '{{lab:vram}}',
          '',
          '- one **key** per token',
          '- one *value* per token',
          '',
          '```',
          'homelab-ai probe',
          '```',
          '',
        ].join('\n'),
      ),
      lessonFile('gpu-passthrough', {
        title: 'GPU passthrough on ESXi',
        prerequisites: ['tokens'],
        tags: ['vsphere', 'gpu'],
        handsOn: {
          command: 'homelab-ai probe',
          explain: 'Check the attachment.',
          needs: 'vsphere',
        },
      }),
      lessonFile('choosing-a-gpu', { title: 'Choosing a GPU', tags: ['hardware', 'gpu'] }),
    ],
  }
}

/** The sample hub, validated. */
export function sampleHub(): LearningHub {
  return validateLearningHub(sampleRawHub())
}

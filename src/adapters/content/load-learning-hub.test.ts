import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { InputFileError } from '../../core/errors.js'
import { sampleRawHub } from '../../core/test-learning-hub.js'
import { loadLearningHub, packageRoot, parseLessonFile } from './load-learning-hub.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** Writes the sample hub as real files: paths.yaml and lessons/<id>.md with frontmatter. */
function writeSampleHub(): string {
  const dir = mkdtempSync(join(tmpdir(), 'learn-hub-'))
  dirs.push(dir)
  const raw = sampleRawHub()
  mkdirSync(join(dir, 'lessons'))
  writeFileSync(join(dir, 'paths.yaml'), stringify(raw.paths))
  for (const lesson of raw.lessons) {
    const name = lesson.file.split('/').pop() ?? 'x.md'
    writeFileSync(
      join(dir, 'lessons', name),
      `---\n${stringify(lesson.frontmatter)}---\n${lesson.body}`,
    )
  }
  return dir
}

describe('loadLearningHub', () => {
  it('reads paths.yaml and every lesson, validated, and caches per folder', async () => {
    const dir = writeSampleHub()
    const hub = await loadLearningHub({ contentDir: dir })
    expect(hub.lessons.map((l) => l.id)).toEqual([
      'tokens',
      'kv-cache',
      'gpu-passthrough',
      'choosing-a-gpu',
    ])
    expect(hub.lessons[1]?.body).toContain('{{lab:vram}}')
    expect(await loadLearningHub({ contentDir: dir })).toBe(hub)
  })

  it('names the file and the rule a lesson breaks, and reads it again once fixed', async () => {
    const dir = writeSampleHub()
    const file = join(dir, 'lessons', 'tokens.md')
    const good = `---\n${stringify(sampleRawHub().lessons[0]?.frontmatter)}---\nA fact.[^llamacpp]\n`
    writeFileSync(file, good.replace('minutes: 5', 'minutes: 30'))
    const error = await loadLearningHub({ contentDir: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputFileError)
    expect((error as Error).message).toMatch(
      /lessons\/tokens\.md: minutes must be a whole number from 3 to 10, got 30$/,
    )
    writeFileSync(file, good)
    expect((await loadLearningHub({ contentDir: dir })).lessons).toHaveLength(4)
  })

  it('says which file is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'learn-empty-'))
    dirs.push(dir)
    await expect(loadLearningHub({ contentDir: dir })).rejects.toThrow(
      /paths\.yaml: cannot read it \(ENOENT\)$/,
    )
  })

  it('reports invalid YAML with the line in the file', async () => {
    const dir = writeSampleHub()
    writeFileSync(join(dir, 'paths.yaml'), 'paths:\n  - id: a\n    lessons: [x\n')
    await expect(loadLearningHub({ contentDir: dir })).rejects.toThrow(
      /paths\.yaml: invalid YAML at line \d+: /,
    )
  })
})

describe('parseLessonFile', () => {
  it('splits frontmatter from the body, with CRLF and a BOM', () => {
    expect(parseLessonFile('\uFEFF---\r\nid: a\r\n---\r\nBody\r\n', 'a.md')).toEqual({
      file: 'a.md',
      frontmatter: { id: 'a' },
      body: 'Body\n',
    })
  })

  it('rejects a file without frontmatter and counts YAML lines from the file start', () => {
    expect(() => parseLessonFile('# Title\n', 'x.md')).toThrow(
      'x.md: must start with YAML frontmatter between --- lines',
    )
    expect(() => parseLessonFile('---\nid: a\nid: b\n---\nx', 'x.md')).toThrow(
      'x.md: invalid YAML at line 3: Map keys must be unique',
    )
  })
})

describe('packageRoot', () => {
  it('walks up to the folder with package.json', () => {
    expect(packageRoot()).toBe(join(import.meta.dirname, '..', '..', '..'))
  })
})

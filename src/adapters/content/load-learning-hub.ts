import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseDocument } from 'yaml'
import type { LearningHub } from '../../core/curriculum.js'
import {
  validateLearningHub,
  type RawLearningHub,
  type RawLessonFile,
} from '../../core/curriculum-rules.js'
import { InputFileError } from '../../core/errors.js'

/** The folder holding package.json, found by walking up from this module (works from src/ and dist/). */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new InputFileError(`cannot find package.json above ${from}`)
    dir = parent
  }
}

/** Where the hub ships: `content/learn` in the package. */
export function defaultContentDir(): string {
  return join(packageRoot(), 'content', 'learn')
}

// One load per folder per process: the content ships with the package and does not change under us.
const cache = new Map<string, Promise<LearningHub>>()

/**
 * Reads `paths.yaml` and `lessons/*.md` from `contentDir`, parses the frontmatter and validates the
 * whole hub; throws InputFileError naming the file and the problem.
 */
export function loadLearningHub({
  contentDir = defaultContentDir(),
}: { contentDir?: string } = {}): Promise<LearningHub> {
  const key = resolve(contentDir)
  let pending = cache.get(key)
  if (pending == null) {
    pending = readHub(key)
    // Do not keep a failure: the author fixes the file and the next call should read it again.
    pending.catch(() => cache.delete(key))
    cache.set(key, pending)
  }
  return pending
}

/** How a file is named in messages: relative to the package root when inside it. */
function displayPath(file: string): string {
  let root: string
  try {
    root = packageRoot()
  } catch {
    // Outside any package (a bundled build): the absolute path still names the file.
    return file
  }
  const rel = relative(root, file)
  return rel.startsWith('..') ? file : rel.split(sep).join('/')
}

/** Reads the hub's files without checking them, for tools that want every problem at once. */
export async function readRawLearningHub(contentDir: string): Promise<RawLearningHub> {
  const pathsPath = join(contentDir, 'paths.yaml')
  const pathsFile = displayPath(pathsPath)
  const pathsText = await readText(pathsPath, pathsFile)
  const lessonsDir = join(contentDir, 'lessons')
  let names: string[]
  try {
    names = (await readdir(lessonsDir)).filter((n) => n.endsWith('.md')).sort()
  } catch (error) {
    throw new InputFileError(
      `${displayPath(lessonsDir)}: cannot read the lessons folder (${errorText(error)})`,
      { cause: error },
    )
  }
  const lessons: RawLessonFile[] = []
  for (const name of names) {
    const path = join(lessonsDir, name)
    const file = displayPath(path)
    lessons.push(parseLessonFile(await readText(path, file), file))
  }
  return { pathsFile, paths: parseYaml(pathsText, pathsFile), lessons }
}

async function readHub(contentDir: string): Promise<LearningHub> {
  return validateLearningHub(await readRawLearningHub(contentDir))
}

async function readText(path: string, file: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new InputFileError(`${file}: cannot read it (${errorText(error)})`, { cause: error })
  }
}

/** Splits `---` frontmatter from the Markdown body and parses the frontmatter as YAML. */
export function parseLessonFile(text: string, file: string): RawLessonFile {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(normalized)
  if (match == null)
    throw new InputFileError(`${file}: must start with YAML frontmatter between --- lines`)
  return {
    file,
    // The opening --- is line 1, so frontmatter line 1 is file line 2.
    frontmatter: parseYaml(match[1] ?? '', file, 1),
    body: normalized.slice(match[0].length),
  }
}

/** Parses YAML; `lineOffset` turns frontmatter line numbers into file line numbers. */
function parseYaml(text: string, file: string, lineOffset = 0): unknown {
  const doc = parseDocument(text, { prettyErrors: true })
  const first = doc.errors[0]
  if (first != null) {
    const line = first.linePos?.[0]?.line
    const where = line == null ? '' : ` at line ${line + lineOffset}`
    // prettyErrors appends " at line L, column C:" and a code excerpt; keep only the message.
    const message = first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? ''
    throw new InputFileError(`${file}: invalid YAML${where}: ${message}`)
  }
  return doc.toJS() as unknown
}

function errorText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)
}

/** How many threads a benchmark uses, and what to say about a busy machine. */
export interface ThreadChoice {
  readonly threads: number
  /** Set when the machine was busy or the request exceeds the cores. */
  readonly warning: string | null
}

/** What the choice depends on. */
export interface ThreadInputs {
  readonly physicalCores: number
  /** 1-minute load average before the benchmark, null when unknown (not Linux). */
  readonly loadAverage1m: number | null
  /** `--threads N`, when the user gave it. */
  readonly requested?: number
}

/** A load average below this counts as an idle machine. */
const BUSY_LOAD = 0.5

/**
 * Physical cores, less the cores other work keeps busy. Rules:
 * - llama.cpp's worker threads spin at barriers, so one descheduled thread stalls every token
 *   (generation fell from ~1000 to 8–78 tok/s with 2 threads on a 2-core VM with one core busy);
 * - hyper-threads share the core's units and do not speed up matrix work, so physical cores;
 * - `--threads` wins, with a warning when it oversubscribes.
 */
export function chooseThreadCount({
  physicalCores,
  loadAverage1m,
  requested,
}: ThreadInputs): ThreadChoice {
  const cores = Math.max(1, Math.floor(physicalCores))
  const load = loadAverage1m ?? 0
  const busy = loadAverage1m != null && load >= BUSY_LOAD
  const busyNote = busy
    ? `the machine is busy (load average ${load.toFixed(2)} on ${cores} cores): figures will read low; close other work and run again for clean numbers`
    : null
  if (requested != null) {
    const free = cores - Math.round(load)
    const over = requested > free
    return {
      threads: requested,
      warning: over
        ? `${requested} threads on ${cores} physical cores with load ${load.toFixed(2)}: threads will wait for each other` +
          (busyNote == null ? '' : `; ${busyNote}`)
        : busyNote,
    }
  }
  const threads = Math.min(cores, Math.max(1, cores - Math.round(load)))
  return {
    threads,
    warning: busyNote == null ? null : `${busyNote}; using ${threads} of ${cores} cores`,
  }
}

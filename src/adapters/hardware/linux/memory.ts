import type { MemoryInfo, ProbeNote } from '../../../core/hardware.js'
import { edacChannel, edacMemType, parseMeminfo } from './parse-meminfo.js'
import { listDir, readText, readValue } from './read-tree.js'

const EDAC = 'sys/devices/system/edac/mc'

interface EdacDimm {
  readonly controller: string
  readonly type: string | null
  readonly sizeMiB: number | null
  readonly channel: string | null
}

async function readEdacDimms(root: string): Promise<EdacDimm[]> {
  const controllers = (await listDir(root, EDAC)).filter((n) => /^mc\d+$/.test(n))
  const perController = await Promise.all(
    controllers.map(async (mc) => {
      const dimms = (await listDir(root, `${EDAC}/${mc}`)).filter((n) => /^dimm\d+$/.test(n))
      return Promise.all(
        dimms.map(async (dimm) => {
          const dir = `${EDAC}/${mc}/${dimm}`
          const [type, size, location] = await Promise.all([
            readValue(root, `${dir}/dimm_mem_type`),
            readValue(root, `${dir}/size`),
            readValue(root, `${dir}/dimm_location`),
          ])
          const sizeMiB = size != null && /^\d+$/.test(size) ? Number(size) : null
          return {
            controller: mc,
            type: type != null ? edacMemType(type) : null,
            sizeMiB,
            channel: location != null ? edacChannel(location) : null,
          }
        }),
      )
    }),
  )
  // EDAC lists empty slots too (size 0, type `Empty`): they say nothing about the fitted RAM.
  return perController.flat().filter((d) => d.sizeMiB != null && d.sizeMiB > 0)
}

const DMIDECODE_FIX = 'Run `sudo dmidecode -t memory` to see the type, speed and slots'

/** Reads /proc/meminfo and, where the kernel offers it, EDAC DIMM facts under `root`. */
export async function readMemory(
  root: string,
): Promise<{ memory: MemoryInfo; notes: ProbeNote[] }> {
  const [text, dimms] = await Promise.all([readText(root, 'proc/meminfo'), readEdacDimms(root)])
  const notes: ProbeNote[] = []
  const totals = text != null ? parseMeminfo(text) : null
  if (totals == null)
    notes.push({
      area: 'memory',
      message:
        text == null
          ? 'Could not read /proc/meminfo: RAM size is unknown (shown as 0)'
          : '/proc/meminfo has no MemTotal line: RAM size is unknown (shown as 0)',
      fix: 'Run the probe on the Linux host itself, with /proc mounted',
    })
  const types = [...new Set(dimms.map((d) => d.type).filter((t) => t != null))]
  const type = types.length === 1 ? (types[0] ?? null) : null
  const channelKeys = dimms
    .filter((d) => d.channel != null)
    .map((d) => `${d.controller}:${d.channel}`)
  const channels = channelKeys.length > 0 ? new Set(channelKeys).size : null
  if (dimms.length === 0)
    notes.push({
      area: 'memory',
      message: 'Memory type and speed are not readable without root on this machine',
      fix: DMIDECODE_FIX,
    })
  else
    notes.push({
      area: 'memory',
      message:
        type == null
          ? 'EDAC lists the DIMMs but not one common memory type; the speed is not in EDAC'
          : `Memory type ${type} comes from EDAC; the speed is not in EDAC`,
      fix: DMIDECODE_FIX,
    })
  return {
    memory: {
      totalGiB: totals?.totalGiB ?? 0,
      availableGiB: totals?.availableGiB ?? 0,
      type,
      speedMTs: null,
      channels,
    },
    notes,
  }
}

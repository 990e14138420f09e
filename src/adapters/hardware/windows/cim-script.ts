/**
 * The PowerShell that the Windows probe runs: one pass over the CIM classes we need, printed as
 * ONE JSON object (keys below are what `parseWindowsCim` reads). Works in Windows PowerShell 5.1,
 * which every Windows 10/11 has; PowerShell 7 is not assumed.
 *
 * - Select-Object keeps only plain properties: ConvertTo-Json of a raw CIM instance also dumps
 *   CimClass and CimSystemProperties, which is slow and huge.
 * - `@(...)` keeps lists as JSON arrays even with one item.
 * - Each section is wrapped in try so one broken WMI provider (common on MSFT_PhysicalDisk in
 *   old Windows Server builds) leaves only its section empty, reported in `errors`.
 * - CIM has no CPU feature flags, so a two-line P/Invoke asks IsProcessorFeaturePresent.
 */
export const WINDOWS_CIM_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
$errors = @()
function Try-Section($name, [scriptblock]$block) {
  try { & $block } catch { $script:errors += "$($name): $($_.Exception.Message)" }
}
$result = [ordered]@{
  processors = @(Try-Section 'Win32_Processor' { Get-CimInstance Win32_Processor | Select-Object Name, Manufacturer, NumberOfCores, NumberOfLogicalProcessors, CurrentClockSpeed, MaxClockSpeed, Architecture })
  computerSystem = Try-Section 'Win32_ComputerSystem' { Get-CimInstance Win32_ComputerSystem | Select-Object Name, Manufacturer, Model, TotalPhysicalMemory, HypervisorPresent }
  operatingSystem = Try-Section 'Win32_OperatingSystem' { Get-CimInstance Win32_OperatingSystem | Select-Object Caption, Version, BuildNumber, FreePhysicalMemory, TotalVisibleMemorySize }
  memoryModules = @(Try-Section 'Win32_PhysicalMemory' { Get-CimInstance Win32_PhysicalMemory | Select-Object Capacity, ConfiguredClockSpeed, Speed, SMBIOSMemoryType })
  videoControllers = @(Try-Section 'Win32_VideoController' { Get-CimInstance Win32_VideoController | Select-Object Name, AdapterCompatibility, AdapterRAM, DriverVersion, PNPDeviceID, Status })
  logicalDisks = @(Try-Section 'Win32_LogicalDisk' { Get-CimInstance Win32_LogicalDisk -Filter 'DriveType=3' | Select-Object DeviceID, FileSystem, Size, FreeSpace, @{ n = 'DiskNumber'; e = { (Get-Partition -DriveLetter $_.DeviceID.Substring(0, 1) -ErrorAction SilentlyContinue | Select-Object -First 1).DiskNumber } } })
  physicalDisks = @(Try-Section 'MSFT_PhysicalDisk' { Get-CimInstance -Namespace root/Microsoft/Windows/Storage -ClassName MSFT_PhysicalDisk | Select-Object DeviceId, FriendlyName, MediaType, BusType, Size })
  accelerators = @(Try-Section 'Win32_PnPEntity' { Get-CimInstance Win32_PnPEntity | Where-Object { $_.PNPClass -in 'ComputeAccelerator', 'NeuralProcessor' -or $_.PNPDeviceID -match 'VEN_1AC1&DEV_089A|VID_1A6E&PID_089A|VID_18D1&PID_9302' } | Select-Object Name, Manufacturer, PNPClass, PNPDeviceID, Service, Status, ConfigManagerErrorCode })
  cpuFeatures = @(Try-Section 'IsProcessorFeaturePresent' {
    Add-Type -Namespace HomelabAi -Name Kernel32 -MemberDefinition '[DllImport("kernel32.dll")] public static extern bool IsProcessorFeaturePresent(uint feature);'
    19, 37, 38, 39, 40, 41, 43 | Where-Object { [HomelabAi.Kernel32]::IsProcessorFeaturePresent($_) }
  })
}
$result.errors = $errors
$result | ConvertTo-Json -Depth 4 -Compress
`

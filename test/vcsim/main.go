// Command vcsim-homelab runs govmomi's vCenter/ESXi simulator (Debian's 0.24.2 library) for the
// homelab-ai tests and benchmark, with GPUs injected into some hosts: the stock simulator models
// none, so GPU discovery could not be exercised otherwise.
//
// It listens on 127.0.0.1 on a random port and prints one JSON line with the SDK URL (and the
// certificate's SHA-256 thumbprint when -tls is set), then serves until stdin closes or a signal.
package main

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	"github.com/vmware/govmomi/vim25/types"

	_ "github.com/vmware/govmomi/vapi/simulator"
)

func main() {
	esxMode := flag.Bool("esx", false, "simulate a standalone ESXi host instead of vCenter")
	hosts := flag.Int("hosts", 3, "hosts in clusters, spread evenly over the clusters (vCenter mode)")
	clusters := flag.Int("clusters", 1, "clusters per datacenter (vCenter mode)")
	standalone := flag.Int("standalone", 1, "standalone hosts per datacenter (vCenter mode)")
	vms := flag.Int("vms", 0, "total VMs, spread over the resource pools (0: the simulator default of 2 per pool)")
	datastores := flag.Int("datastores", 1, "datastores")
	username := flag.String("username", "", "require this user name (default: accept any non-empty credentials)")
	password := flag.String("password", "", "require this password (with -username)")
	useTLS := flag.Bool("tls", false, "serve https with the simulator's self-signed localhost certificate")
	delay := flag.String("delay", "", "per-method delays, e.g. CreateVM_Task=2000,PowerOnVM_Task=500 (ms)")
	noGpus := flag.Bool("no-gpus", false, "do not inject GPUs")
	flag.Parse()

	model := simulator.VPX()
	if *esxMode {
		model = simulator.ESX()
	} else {
		model.Cluster = *clusters
		model.Host = *standalone
		model.ClusterHost = 0
		if *clusters > 0 {
			model.ClusterHost = (*hosts + *clusters - 1) / *clusters
		}
		if *vms > 0 {
			pools := *clusters + *standalone
			if pools < 1 {
				pools = 1
			}
			model.Machine = (*vms + pools - 1) / pools
		}
	}
	model.Datastore = *datastores
	model.DelayConfig.MethodDelay = parseDelays(*delay)

	if err := model.Create(); err != nil {
		fail(err)
	}
	defer model.Remove()

	if !*noGpus {
		injectGpus()
	}

	model.Service.RegisterEndpoints = true
	listen := &url.URL{Host: "127.0.0.1:0"}
	if *username != "" {
		listen.User = url.UserPassword(*username, *password)
	}
	model.Service.Listen = listen
	if *useTLS {
		model.Service.TLS = new(tls.Config)
	}
	server := model.Service.NewServer()
	defer server.Close()

	sdk := *server.URL
	sdk.User = nil
	out := map[string]string{"url": sdk.String()}
	if *useTLS {
		sum := sha256.Sum256(server.Certificate().Raw)
		out["thumbprint"] = colonHex(sum[:])
	}
	line, _ := json.Marshal(out)
	fmt.Println(string(line))

	done := make(chan struct{})
	go func() {
		// The parent test process holds our stdin: when it exits, we exit, so no simulator is orphaned.
		_, _ = io.Copy(io.Discard, os.Stdin)
		close(done)
	}()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-done:
	case <-signals:
	}
}

func parseDelays(spec string) map[string]int {
	delays := map[string]int{}
	for _, part := range strings.Split(spec, ",") {
		if part == "" {
			continue
		}
		var name string
		var ms int
		kv := strings.SplitN(part, "=", 2)
		if len(kv) != 2 {
			fail(fmt.Errorf("bad -delay entry %q", part))
		}
		name = kv[0]
		if _, err := fmt.Sscanf(kv[1], "%d", &ms); err != nil {
			fail(fmt.Errorf("bad -delay entry %q", part))
		}
		delays[name] = ms
	}
	return delays
}

type gpuKind struct {
	vendorID     int16
	deviceID     uint16
	subDeviceID  int16
	vendorName   string
	deviceName   string
	memoryKB     int64
	vgpuProfiles []string
	esxVersion   string
	esxBuild     string
	hostMemGiB   int64
	passthrough  bool
	graphicsType string
}

// The device ids are the real PCI ids of these cards (pci-ids database).
var gpuKinds = []gpuKind{
	{4318, 0x2204, 0x1454, "NVIDIA Corporation", "GA102 [GeForce RTX 3090]", 24 * 1024 * 1024, nil, "8.0.2", "22380479", 128, true, "direct"},
	{4318, 0x20f1, 0x145f, "NVIDIA Corporation", "GA100 [A100 PCIe 40GB]", 40 * 1024 * 1024,
		[]string{"grid_a100-4c", "grid_a100-8c", "grid_a100-10c", "grid_a100-20c", "grid_a100-40c"}, "8.0.3", "24022510", 256, false, "sharedDirect"},
	{4098, 0x744c, 0x0e3b, "Advanced Micro Devices, Inc. [AMD/ATI]", "Navi 31 [Radeon RX 7900 XT/7900 XTX]", 24 * 1024 * 1024, nil, "7.0.3", "21930508", 96, true, "direct"},
}

// injectGpus gives every third host (in name order) one of the GPU kinds above; the rest keep
// the simulator's GPU-less hardware. Slices and pointers are replaced, never mutated, because the
// simulator shares them between hosts.
func injectGpus() {
	entities := simulator.Map.All("HostSystem")
	sort.Slice(entities, func(i, j int) bool { return entities[i].Entity().Name < entities[j].Entity().Name })
	for i, entity := range entities {
		if i%3 != 0 {
			continue
		}
		kind := gpuKinds[(i/3)%len(gpuKinds)]
		host := simulator.Map.Get(entity.Reference()).(*simulator.HostSystem)
		addGpu(host, kind)
	}
}

func addGpu(host *simulator.HostSystem, kind gpuKind) {
	bus := byte(0x3b)
	id := fmt.Sprintf("0000:%02x:00.0", bus)
	device := types.HostPciDevice{
		Id: id, ClassId: 0x0300, Bus: bus, Slot: 0, Function: 0,
		VendorId: kind.vendorID, SubVendorId: kind.vendorID, VendorName: kind.vendorName,
		DeviceId: int16(kind.deviceID), SubDeviceId: kind.subDeviceID, DeviceName: kind.deviceName,
		ParentBridge: "0000:3a:00.0",
	}
	audio := types.HostPciDevice{
		Id: fmt.Sprintf("0000:%02x:00.1", bus), ClassId: 0x0403, Bus: bus, Slot: 0, Function: 1,
		VendorId: kind.vendorID, SubVendorId: kind.vendorID, VendorName: kind.vendorName,
		DeviceId: int16(kind.deviceID + 1), SubDeviceId: kind.subDeviceID, DeviceName: kind.deviceName + " HD Audio",
		ParentBridge: "0000:3a:00.0",
	}
	hardware := *host.Hardware
	hardware.PciDevice = append(append([]types.HostPciDevice{}, esx.HostHardwareInfo.PciDevice...), device, audio)
	hardware.MemorySize = kind.hostMemGiB << 30
	host.Hardware = &hardware
	summaryHardware := *host.Summary.Hardware
	summaryHardware.MemorySize = hardware.MemorySize
	summaryHardware.NumCpuCores = 16
	summaryHardware.NumCpuThreads = 32
	summaryHardware.CpuModel = "AMD EPYC 7313P 16-Core Processor"
	host.Summary.Hardware = &summaryHardware

	product := host.Config.Product
	product.Version = kind.esxVersion
	product.Build = kind.esxBuild
	product.FullName = fmt.Sprintf("VMware ESXi %s build-%s", kind.esxVersion, kind.esxBuild)
	product.ApiVersion = kind.esxVersion[:3] + ".0"
	host.Config.Product = product
	summaryConfig := host.Summary.Config
	summaryConfig.Product = &product
	host.Summary.Config = summaryConfig

	host.Config.PciPassthruInfo = []types.BaseHostPciPassthruInfo{
		&types.HostPciPassthruInfo{Id: id, DependentDevice: id, PassthruCapable: true, PassthruEnabled: kind.passthrough, PassthruActive: kind.passthrough},
		&types.HostPciPassthruInfo{Id: audio.Id, DependentDevice: id, PassthruCapable: true, PassthruEnabled: kind.passthrough, PassthruActive: kind.passthrough},
	}
	host.Config.GraphicsInfo = []types.HostGraphicsInfo{{
		DeviceName: kind.deviceName, VendorName: kind.vendorName, PciId: id,
		GraphicsType: kind.graphicsType, MemorySizeInKB: kind.memoryKB,
	}}
	host.Config.SharedPassthruGpuTypes = kind.vgpuProfiles
	if len(kind.vgpuProfiles) > 0 {
		host.Config.GraphicsConfig = &types.HostGraphicsConfig{
			HostDefaultGraphicsType: "sharedDirect", SharedPassthruAssignmentPolicy: "performance",
		}
	}
}

func colonHex(sum []byte) string {
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "vcsim-homelab:", err)
	os.Exit(1)
}

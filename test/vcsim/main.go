// Command vcsim-homelab runs govmomi's vCenter/ESXi simulator (Debian's 0.24.2 library) for the
// homelab-ai tests and benchmark, with what the stock simulator lacks added:
//   - GPUs on some hosts (it models none), so GPU discovery can be exercised;
//   - host USB devices (a Coral USB Accelerator, a USB stick) in QueryConfigTarget's usb[],
//     which the stock EnvironmentBrowser leaves empty;
//   - Ubuntu cloud-image templates to clone (a VM with one disk and a vmxnet3 NIC, marked as a
//     template through the API, as `govc import.ova` + `govc vm.markastemplate` would leave it;
//     with -esx left a plain powered-off VM, since MarkAsTemplate is vCenter only, govmomi#1152);
//   - the distributed switch's uplink port group in its config.uplinkPortgroup, as vCenter sets it.
//
// It listens on 127.0.0.1 on a random port and prints one JSON line with the SDK URL (and the
// certificate's SHA-256 thumbprint when -tls is set), then serves until stdin closes or a signal.
package main

import (
	"context"
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

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
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
	noUsb := flag.Bool("no-usb", false, "do not inject host USB devices")
	templates := flag.String("templates", "ubuntu-24.04-cloudimg:vmx-21,ubuntu-22.04-cloudimg:vmx-21",
		"templates to add on the first host in name order, NAME[:vmx-N],... (empty: none)")
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
	if !*noUsb {
		injectUsb()
	}
	markUplinks()

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
	if *templates != "" {
		if err := addTemplates(*server.URL, strings.Split(*templates, ","), !*esxMode); err != nil {
			fail(err)
		}
	}

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
	for i, host := range hostsByName() {
		if i%3 != 0 {
			continue
		}
		addGpu(host, gpuKinds[(i/3)%len(gpuKinds)])
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

// hostsByName lists the simulator's hosts in name order, the order the injections count in.
func hostsByName() []*simulator.HostSystem {
	entities := simulator.Map.All("HostSystem")
	sort.Slice(entities, func(i, j int) bool { return entities[i].Entity().Name < entities[j].Entity().Name })
	hosts := make([]*simulator.HostSystem, len(entities))
	for i, e := range entities {
		hosts[i] = simulator.Map.Get(e.Reference()).(*simulator.HostSystem)
	}
	return hosts
}

// usbOnHost holds the USB devices QueryConfigTarget reports per host (by MoRef value).
var usbOnHost = map[string][]types.VirtualMachineUsbInfo{}

func usbDevice(description string, vendor, product int32, path string) types.VirtualMachineUsbInfo {
	return types.VirtualMachineUsbInfo{
		VirtualMachineTargetInfo: types.VirtualMachineTargetInfo{Name: description},
		Description:              description,
		Vendor:                   vendor,
		Product:                  product,
		PhysicalPath:             path,
		Family:                   []string{"other"},
		Speed:                    []string{"high"},
	}
}

// injectUsb plugs, in host name order, a USB stick into every third host from the second on and a
// Coral USB Accelerator into every third host from the third on (alternately before and after its
// firmware load: Global Unichip 1a6e:089a, then Google 18d1:9302), then makes every compute
// resource's EnvironmentBrowser report them.
func injectUsb() {
	for i, host := range hostsByName() {
		switch i % 3 {
		case 1:
			usbOnHost[host.Self.Value] = []types.VirtualMachineUsbInfo{
				usbDevice("SanDisk Ultra Fit", 0x0781, 0x5583, "path:1/0/3"),
			}
		case 2:
			coral := usbDevice("Global Unichip Corp.", 0x1a6e, 0x089a, "path:1/0/1")
			if (i/3)%2 == 1 {
				coral = usbDevice("Google Inc.", 0x18d1, 0x9302, "path:1/0/1")
			}
			usbOnHost[host.Self.Value] = []types.VirtualMachineUsbInfo{coral}
		}
	}
	for _, kind := range []string{"ComputeResource", "ClusterComputeResource"} {
		for _, entity := range simulator.Map.All(kind) {
			var ref *types.ManagedObjectReference
			switch cr := simulator.Map.Get(entity.Reference()).(type) {
			case *simulator.ClusterComputeResource:
				ref = cr.EnvironmentBrowser
			case *mo.ComputeResource:
				ref = cr.EnvironmentBrowser
			}
			if ref == nil {
				continue
			}
			if browser, ok := simulator.Map.Get(*ref).(*simulator.EnvironmentBrowser); ok {
				simulator.Map.Put(&usbBrowser{EnvironmentBrowser: browser.EnvironmentBrowser, inner: browser})
			}
		}
	}
}

// usbBrowser is the simulator's EnvironmentBrowser with the injected USB devices in ConfigTarget.
// The property collector needs the mo type embedded by value, so the other methods delegate.
type usbBrowser struct {
	mo.EnvironmentBrowser
	inner *simulator.EnvironmentBrowser
}

func (b *usbBrowser) QueryConfigOption(req *types.QueryConfigOption) soap.HasFault {
	return b.inner.QueryConfigOption(req)
}

func (b *usbBrowser) QueryConfigOptionEx(req *types.QueryConfigOptionEx) soap.HasFault {
	return b.inner.QueryConfigOptionEx(req)
}

func (b *usbBrowser) QueryConfigOptionDescriptor(ctx *simulator.Context, req *types.QueryConfigOptionDescriptor) soap.HasFault {
	return b.inner.QueryConfigOptionDescriptor(ctx, req)
}

func (b *usbBrowser) QueryConfigTarget(ctx *simulator.Context, req *types.QueryConfigTarget) soap.HasFault {
	res := b.inner.QueryConfigTarget(ctx, req)
	if body, ok := res.(*methods.QueryConfigTargetBody); ok && body.Res != nil && body.Res.Returnval != nil && req.Host != nil {
		body.Res.Returnval.Usb = append(body.Res.Returnval.Usb, usbOnHost[req.Host.Value]...)
	}
	return res
}

// markUplinks sets each distributed switch's config.uplinkPortgroup to its "-DVUplinks" port
// group, as vCenter does; the simulator creates that port group but leaves the list empty.
func markUplinks() {
	for _, entity := range simulator.Map.All("DistributedVirtualSwitch") {
		dvs, ok := simulator.Map.Get(entity.Reference()).(*simulator.DistributedVirtualSwitch)
		if !ok || dvs.Config == nil {
			continue
		}
		var uplinks []types.ManagedObjectReference
		for _, ref := range dvs.Portgroup {
			if pg, ok := simulator.Map.Get(ref).(*simulator.DistributedVirtualPortgroup); ok && strings.Contains(pg.Name, "-DVUplinks") {
				uplinks = append(uplinks, ref)
			}
		}
		dvs.Config.GetDVSConfigInfo().UplinkPortgroup = uplinks
	}
}

// addTemplates creates each template through the API on the first host in name order: one thin
// 10 GiB disk on a paravirtual SCSI controller, a vmxnet3 NIC on "VM Network", BIOS firmware,
// then MarkAsTemplate (vCenter only: on ESXi it stays a VM). `name:vmx-N` sets its hardware version.
func addTemplates(u url.URL, specs []string, markAsTemplate bool) error {
	ctx := context.Background()
	if u.User == nil {
		u.User = url.UserPassword("vcsim", "vcsim")
	}
	c, err := govmomi.NewClient(ctx, &u, true)
	if err != nil {
		return err
	}
	defer func() { _ = c.Logout(ctx) }()
	finder := find.NewFinder(c.Client, false)
	dcs, err := finder.DatacenterList(ctx, "*")
	if err != nil || len(dcs) == 0 {
		return fmt.Errorf("templates: no datacenter (%v)", err)
	}
	finder.SetDatacenter(dcs[0])
	folders, err := dcs[0].Folders(ctx)
	if err != nil {
		return err
	}
	datastores, err := finder.DatastoreList(ctx, "*")
	if err != nil || len(datastores) == 0 {
		return fmt.Errorf("templates: no datastore (%v)", err)
	}
	network, err := finder.Network(ctx, "VM Network")
	if err != nil {
		return err
	}
	first := hostsByName()[0]
	host := object.NewHostSystem(c.Client, first.Self)
	pool, err := host.ResourcePool(ctx)
	if err != nil {
		return err
	}
	for _, spec := range specs {
		name, version := spec, "vmx-10"
		if i := strings.Index(spec, ":"); i >= 0 {
			name, version = spec[:i], spec[i+1:]
		}
		var devices object.VirtualDeviceList
		scsi, err := devices.CreateSCSIController("pvscsi")
		if err != nil {
			return err
		}
		devices = append(devices, scsi)
		disk := devices.CreateDisk(scsi.(types.BaseVirtualController), datastores[0].Reference(), "")
		disk.CapacityInKB = 10 * 1024 * 1024
		devices = append(devices, disk)
		backing, err := network.EthernetCardBackingInfo(ctx)
		if err != nil {
			return err
		}
		nic, err := object.EthernetCardTypes().CreateEthernetCard("vmxnet3", backing)
		if err != nil {
			return err
		}
		devices = append(devices, nic)
		changes, err := devices.ConfigSpec(types.VirtualDeviceConfigSpecOperationAdd)
		if err != nil {
			return err
		}
		for _, change := range changes {
			if _, ok := change.GetVirtualDeviceConfigSpec().Device.(*types.VirtualDisk); ok {
				change.GetVirtualDeviceConfigSpec().FileOperation = types.VirtualDeviceConfigSpecFileOperationCreate
			}
		}
		task, err := folders.VmFolder.CreateVM(ctx, types.VirtualMachineConfigSpec{
			Name: name, GuestId: "ubuntu64Guest", Version: version, NumCPUs: 2, MemoryMB: 2048,
			Firmware:     "bios",
			Files:        &types.VirtualMachineFileInfo{VmPathName: "[" + datastores[0].Name() + "]"},
			DeviceChange: changes,
		}, pool, host)
		if err != nil {
			return err
		}
		info, err := task.WaitForResult(ctx, nil)
		if err != nil {
			return fmt.Errorf("template %s: %v", name, err)
		}
		if !markAsTemplate {
			continue
		}
		vm := object.NewVirtualMachine(c.Client, info.Result.(types.ManagedObjectReference))
		if err := vm.MarkAsTemplate(ctx); err != nil {
			return err
		}
	}
	return nil
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

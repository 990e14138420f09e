#!/usr/bin/env python3
"""The same inventory retrieval as src/adapters/vsphere/inventory.ts, with pyVmomi, for the
side-by-side figure of `npm run bench:vsphere`.

Usage: pyvmomi_inventory.py URL USER PASSWORD RUNS
Prints one JSON line: {"runsMs": [...], "hosts": N, "vms": N}.
"""
import json
import sys
import time
from urllib.parse import urlparse

from pyVmomi import SoapStubAdapter, vim, vmodl

# Same types and property paths as INVENTORY_REQUESTS in inventory.ts.
REQUESTS = [
    (vim.Folder, ["parent"]),
    (vim.Datacenter, ["name", "vmFolder"]),
    (vim.ClusterComputeResource, ["name", "parent", "resourcePool", "host"]),
    (vim.ComputeResource, ["name", "parent", "resourcePool", "host"]),
    (vim.HostSystem, [
        "name", "parent", "summary.config.product", "summary.hardware",
        "summary.quickStats.overallMemoryUsage", "runtime.connectionState",
        "runtime.inMaintenanceMode", "hardware.pciDevice", "config.pciPassthruInfo",
        "config.sharedPassthruGpuTypes", "config.graphicsInfo", "config.graphicsConfig",
        "datastore", "network",
    ]),
    (vim.Datastore, ["name", "summary"]),
    (vim.Network, ["name"]),
    (vim.dvs.DistributedVirtualPortgroup, ["name"]),
    (vim.OpaqueNetwork, ["name"]),
    (vim.VirtualMachine, [
        "name", "runtime.powerState", "runtime.host", "summary.config.numCpu",
        "summary.config.memorySizeMB", "summary.config.template",
    ]),
]
GPU_VENDORS = {0x10DE, 0x1002, 0x8086}


def retrieve(pc, spec_objects, obj_type, paths):
    spec = vmodl.query.PropertyCollector.FilterSpec(
        propSet=[vmodl.query.PropertyCollector.PropertySpec(type=obj_type, pathSet=paths)],
        objectSet=spec_objects,
    )
    options = vmodl.query.PropertyCollector.RetrieveOptions(maxObjects=1000)
    result = pc.RetrievePropertiesEx([spec], options)
    objects = []
    while result is not None:
        objects.extend(result.objects)
        result = pc.ContinueRetrievePropertiesEx(result.token) if result.token else None
    return objects


def inventory(si):
    content = si.RetrieveContent()
    pc = content.propertyCollector
    types = [t for t, _ in REQUESTS]
    view = content.viewManager.CreateContainerView(content.rootFolder, types, True)
    traversal = vmodl.query.PropertyCollector.TraversalSpec(name="view", type=vim.view.ContainerView, path="view", skip=False)
    view_set = [vmodl.query.PropertyCollector.ObjectSpec(obj=view, skip=True, selectSet=[traversal])]
    try:
        found = {t: retrieve(pc, view_set, t, paths) for t, paths in REQUESTS}
    finally:
        view.DestroyView()
    gpu_hosts = set()
    for host in found[vim.HostSystem]:
        for prop in host.propSet:
            if prop.name == "hardware.pciDevice":
                for dev in prop.val:
                    if (dev.vendorId & 0xFFFF) in GPU_VENDORS and ((dev.classId & 0xFFFF) >> 8) == 3:
                        gpu_hosts.add(host.obj._moId)
    candidates = []
    for vm_obj in found[vim.VirtualMachine]:
        for prop in vm_obj.propSet:
            if prop.name == "runtime.host" and prop.val is not None and prop.val._moId in gpu_hosts:
                candidates.append(vm_obj.obj)
    if candidates:
        objs = [vmodl.query.PropertyCollector.ObjectSpec(obj=o, skip=False) for o in candidates]
        retrieve(pc, objs, vim.VirtualMachine, ["config.hardware.device"])
    return len(found[vim.HostSystem]), len(found[vim.VirtualMachine])


def main():
    url, user, password, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    parsed = urlparse(url)
    # SmartConnect in Debian's pyVmomi 6.7 cannot speak plain http to the simulator, so the stub
    # is built by hand; the vim25 6.5 namespace matches what the simulator reports.
    stub = SoapStubAdapter(url=f"{parsed.scheme}://{parsed.hostname}:{parsed.port}{parsed.path}", version="vim.version.version11")
    si = vim.ServiceInstance("ServiceInstance", stub)
    si.RetrieveContent().sessionManager.Login(user, password)
    try:
        inventory(si)  # warm-up, as the TypeScript side does
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            hosts, vms = inventory(si)
            times.append((time.perf_counter() - start) * 1000)
    finally:
        si.RetrieveContent().sessionManager.Logout()
    print(json.dumps({"runsMs": times, "hosts": hosts, "vms": vms}))


if __name__ == "__main__":
    main()

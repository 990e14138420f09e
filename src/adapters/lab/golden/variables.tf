variable "vsphere_server" {
  type        = string
  description = "vCenter or ESXi host name"
}

variable "vsphere_user" {
  type        = string
  description = "vSphere user"
}

variable "vsphere_password" {
  type        = string
  description = "vSphere password (set TF_VAR_vsphere_password; never commit it)"
  sensitive   = true
}

variable "datacenter" {
  type        = string
  description = "Datacenter (ha-datacenter on a standalone ESXi host)"
  default     = "ha-datacenter"
}

variable "esxi_host" {
  type        = string
  description = "ESXi host that holds the GPU"
  default     = "esxi01.lab.local"
}

variable "datastore" {
  type        = string
  description = "Datastore for the VM"
  default     = "nvme-ds"
}

variable "network" {
  type        = string
  description = "Port group for the VM NIC"
  default     = "VM Network"
}

variable "template" {
  type        = string
  description = "Ubuntu cloud-image template to clone"
  default     = "ubuntu-22.04-cloudimg"
}

variable "vm_name" {
  type        = string
  description = "Name of the lab VM"
  default     = "ai-lab-llama"
}

/** The constants of the cluster network: flannel's defaults, kubeadm's CIDRs, the kernel's. */

/** flannel's Network and kubeadm's --pod-network-cidr. */
export const CLUSTER_CIDR = '10.244.0.0/16'

/** VXLAN: flannel.<VNI>, VNI 1 on Linux; the kernel's default UDP port (flannel passes 0). */
export const VXLAN_VNI = 1
export const VXLAN_PORT = 8472
export const VXLAN_DEVICE = `flannel.${VXLAN_VNI}`

/** The underlay MTU and VXLAN's overhead: 14 (inner Ethernet) + 8 (VXLAN) + 8 (UDP) + 20 (IPv4). */
export const UNDERLAY_MTU = 1500
export const VXLAN_OVERHEAD = 50

/** The TTL Linux sends with (net.ipv4.ip_default_ttl). */
export const DEFAULT_TTL = 64

/** flannel's node annotations (--kube-annotation-prefix default). */
export const FLANNEL_ANNOTATION_PREFIX = 'flannel.alpha.coreos.com/'
export const FLANNEL_ANNOTATIONS = {
  backendType: `${FLANNEL_ANNOTATION_PREFIX}backend-type`,
  backendData: `${FLANNEL_ANNOTATION_PREFIX}backend-data`,
  publicIp: `${FLANNEL_ANNOTATION_PREFIX}public-ip`,
  kubeSubnetManager: `${FLANNEL_ANNOTATION_PREFIX}kube-subnet-manager`,
} as const

/** kubeadm's --service-cidr (the API server's --service-cluster-ip-range). */
export const SERVICE_CIDR = '10.96.0.0/12'

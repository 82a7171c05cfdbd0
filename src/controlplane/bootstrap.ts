// What a fresh cluster already has (as the seed lab shows): the four namespaces, a control-plane
// node and two workers, the `kubernetes` service at 10.96.0.1:443 with its endpoints, and the
// `kube-dns` service at 10.96.0.10.

import type { KObject } from '../api/types';
import type { ApiServer } from './apiserver';
import { rfc3339 } from '../api/types';

export const KUBE_VERSION = 'v1.32.0';
export const CONTROL_PLANE_NODE = 'k8s-master';
export const WORKER_NODES = ['k8s-node1', 'k8s-node2'];

export interface NodeHost {
  /** `127.B.C` — the cluster's loopback block */
  loopbackPrefix: string;
  kernelVersion: string;
  osImage: string;
  arch: string;
  cpus: number;
  memoryKi: number;
}

export function nodeAddress(prefix: string, index: number): string {
  // the control-plane node is .1, workers .2, .3 ...; without a block every node is 127.0.0.1
  return prefix === '127.0.0' ? '127.0.0.1' : `${prefix}.${index + 1}`;
}

export function nodeObject(name: string, index: number, host: NodeHost, now: number): KObject {
  const controlPlane = index === 0;
  const ts = rfc3339(now);
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': host.arch, 'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': host.arch, 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux',
  };
  if (controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const cond = (type: string, status: string, reason: string, message: string) => ({
    lastHeartbeatTime: ts, lastTransitionTime: ts, message, reason, status, type,
  });
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name, labels,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/kctl/kctl.sock',
      },
    },
    spec: {
      podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`],
      ...(controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}),
    },
    status: {
      addresses: [{ address: nodeAddress(host.loopbackPrefix, index), type: 'InternalIP' }, { address: name, type: 'Hostname' }],
      allocatable: { cpu: String(host.cpus), 'ephemeral-storage': '100Gi', memory: `${host.memoryKi}Ki`, pods: '110' },
      capacity: { cpu: String(host.cpus), 'ephemeral-storage': '100Gi', memory: `${host.memoryKi}Ki`, pods: '110' },
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: host.arch, bootID: '', containerRuntimeVersion: 'kctl://0.1.0',
        kernelVersion: host.kernelVersion, kubeProxyVersion: KUBE_VERSION, kubeletVersion: KUBE_VERSION,
        machineID: '', operatingSystem: 'linux', osImage: host.osImage, systemUUID: '',
      },
    },
  };
}

export function bootstrapCluster(api: ApiServer, host: NodeHost): void {
  const now = api.deps.now();
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    api.create('namespaces', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }
  const micro = new Date(now).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  [CONTROL_PLANE_NODE, ...WORKER_NODES].forEach((name, i) => {
    const node = api.create('nodes', '', nodeObject(name, i, host, now));
    // the kubelet's heartbeat Lease (kctl's nodes are always Ready: it is not renewed)
    api.create('leases', 'kube-node-lease', {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: {
        name, namespace: 'kube-node-lease',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid! }],
      },
      spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro },
    });
  });
  const masterIP = nodeAddress(host.loopbackPrefix, 0);
  api.create('services', 'default', {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], type: 'ClusterIP' },
  });
  api.create('endpoints', 'default', {
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: masterIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
  api.create('endpointslices', 'default', {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [masterIP], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  });
  api.create('services', 'kube-system', {
    apiVersion: 'v1', kind: 'Service',
    metadata: {
      name: 'kube-dns', namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: '10.96.0.10', selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  });
  // kube-proxy's configuration, where kubeadm puts it: the node agent's kube-proxy reads `mode`
  // (iptables when empty, ipvs, userspace) and `ipvs.scheduler` from it (kctl edit cm kube-proxy -n kube-system)
  api.create('configmaps', 'kube-system', {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
    data: { 'config.conf': KUBE_PROXY_CONFIG, 'kubeconfig.conf': KUBE_PROXY_KUBECONFIG },
  });
}

const KUBE_PROXY_CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: 10.244.0.0/16
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: ""
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForProbes: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""
`;

const KUBE_PROXY_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://10.96.0.1:443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
`;

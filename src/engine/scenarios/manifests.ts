/** The manifests the built-in scenarios apply: real Kubernetes YAML, parsed with a real YAML parser. */

/** kubeadm's CoreDNS Deployment (cmd/kubeadm/app/phases/addons/dns/manifests.go), trimmed of volumes. */
export const COREDNS_DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels:
    k8s-app: kube-dns
spec:
  replicas: 2
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      priorityClassName: system-cluster-critical
      serviceAccountName: coredns
      tolerations:
        - key: CriticalAddonsOnly
          operator: Exists
        - key: node-role.kubernetes.io/control-plane
          effect: NoSchedule
      nodeSelector:
        kubernetes.io/os: linux
      containers:
        - name: coredns
          image: registry.k8s.io/coredns/coredns:v1.12.1
          args: ["-conf", "/etc/coredns/Corefile"]
          resources:
            limits:
              memory: 170Mi
            requests:
              cpu: 100m
              memory: 70Mi
          ports:
            - containerPort: 53
              name: dns
              protocol: UDP
            - containerPort: 53
              name: dns-tcp
              protocol: TCP
            - containerPort: 9153
              name: metrics
              protocol: TCP
          livenessProbe:
            httpGet:
              path: /health
              port: 8080
            initialDelaySeconds: 60
            timeoutSeconds: 5
            successThreshold: 1
            failureThreshold: 5
          readinessProbe:
            httpGet:
              path: /ready
              port: 8181
      dnsPolicy: Default
`

/**
 * kubeadm's kube-dns Service (cmd/kubeadm/app/phases/addons/dns/manifests.go CoreDNSService) with
 * its DNSIP, the 10th address of the service range (GetDNSIP).
 */
export const KUBE_DNS_SERVICE = `
apiVersion: v1
kind: Service
metadata:
  labels:
    k8s-app: kube-dns
    kubernetes.io/cluster-service: "true"
    kubernetes.io/name: "CoreDNS"
  name: kube-dns
  namespace: kube-system
  annotations:
    prometheus.io/port: "9153"
    prometheus.io/scrape: "true"
spec:
  clusterIP: 10.96.0.10
  ports:
  - name: dns
    port: 53
    protocol: UDP
    targetPort: 53
  - name: dns-tcp
    port: 53
    protocol: TCP
    targetPort: 53
  - name: metrics
    port: 9153
    protocol: TCP
    targetPort: 9153
  selector:
    k8s-app: kube-dns
`

/** The primer's web Service: a NodePort in front of nginx, ClusterIP and nodePort allocated at random. */
export const WEB_SERVICE = `
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
  labels:
    app: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 80
`

/** The networking spec's web Service (§0.3) with its illustrative ClusterIP and nodePort. */
export const FIXTURE_WEB_SERVICE = `
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
  labels:
    app: web
spec:
  type: NodePort
  clusterIP: 10.104.62.15
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 8080
      nodePort: 30080
`

/** The spec's headless web-hl (§0.3), for DNS examples: the same pods, no ClusterIP. */
export const FIXTURE_WEB_HEADLESS_SERVICE = `
apiVersion: v1
kind: Service
metadata:
  name: web-hl
  namespace: default
  labels:
    app: web
spec:
  clusterIP: None
  selector:
    app: web
  ports:
    - name: http
      port: 8080
`

/** The primer's web Deployment: 3 nginx replicas, at least 2 available and at most 4 running during a rollout. */
export const WEB_DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 1
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.25
          ports:
            - containerPort: 80
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
          readinessProbe:
            httpGet:
              path: /
              port: 80
            initialDelaySeconds: 2
            periodSeconds: 3
`

/** The namespaces every kubeadm cluster starts with. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease']

/** The primer's client: a busybox pod that sleeps, bound to node1 as the networking spec's fixture has it. */
export const CLIENT_POD = `
apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: default
  labels:
    app: client
spec:
  nodeName: node1
  containers:
    - name: client
      image: busybox:1.36
      command: ["sleep", "3600"]
`

/** The pods of the networking spec's fixture (§0.2), in the order host-local gives their addresses. */
export const FIXTURE_PODS: readonly { manifest: string; veth: string }[] = [
  { manifest: corednsPod('coredns-a'), veth: 'veth1a2b3c4d' },
  { manifest: corednsPod('coredns-b'), veth: 'veth5e6f7a8b' },
  { manifest: CLIENT_POD, veth: 'veth9c0d1e2f' },
  {
    manifest: `
apiVersion: v1
kind: Pod
metadata:
  name: cache
  namespace: default
  labels:
    app: cache
spec:
  nodeName: node1
  containers:
    - name: redis
      image: redis:7.2
      ports:
        - containerPort: 6379
`,
    veth: 'veth3a4b5c6d',
  },
  { manifest: webPod('web-1', 'node2'), veth: 'veth7e8f9a0b' },
  { manifest: webPod('web-2', 'node3'), veth: 'vethc1d2e3f4' },
]

function corednsPod(name: string): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: kube-system
  labels:
    k8s-app: kube-dns
spec:
  nodeName: node1
  priorityClassName: system-cluster-critical
  containers:
    - name: coredns
      image: registry.k8s.io/coredns/coredns:v1.12.1
      args: ["-conf", "/etc/coredns/Corefile"]
      ports:
        - containerPort: 53
          name: dns
          protocol: UDP
        - containerPort: 53
          name: dns-tcp
          protocol: TCP
        - containerPort: 9153
          name: metrics
          protocol: TCP
  dnsPolicy: Default
`
}

/** The fixture's web pods: agnhost serving HTTP on 8080 (netexec), labelled app=web. */
function webPod(name: string, node: string): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: default
  labels:
    app: web
spec:
  nodeName: ${node}
  containers:
    - name: web
      image: registry.k8s.io/e2e-test-images/agnhost:2.40
      args: ["netexec", "--http-port=8080"]
      ports:
        - containerPort: 8080
          name: http
`
}

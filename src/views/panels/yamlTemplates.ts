/** Manifests the YAML panel starts from: real Kubernetes YAML a learner can edit and apply. */

export interface YamlTemplate {
  name: string
  yaml: string
}

export const YAML_TEMPLATES: readonly YamlTemplate[] = [
  {
    name: 'Deployment web (nginx, 3 replicas)',
    yaml: `apiVersion: apps/v1
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
`,
  },
  {
    name: 'Service web (NodePort, selector app=web)',
    yaml: `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 80
`,
  },
  {
    name: 'Service api (ClusterIP, to the port named http)',
    yaml: `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: http
`,
  },
  {
    name: 'Deployment api (Recreate, 2 replicas)',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: httpd
          image: httpd:2.4
          ports:
            - name: http
              containerPort: 80
`,
  },
  {
    name: 'Pod with a sidecar sharing a volume (nginx + busybox, emptyDir)',
    // After the docs' "Communicate Between Containers in the Same Pod Using a Shared Volume".
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: shared-html
  labels:
    app: shared-html
spec:
  volumes:
    - name: html
      emptyDir: {}
  containers:
    - name: nginx
      image: nginx:1.25
      ports:
        - containerPort: 80
      volumeMounts:
        - name: html
          mountPath: /usr/share/nginx/html
    - name: writer
      image: busybox:1.36
      command: ["sh", "-c"]
      args:
        - while true; do date > /html/index.html; sleep 5; done
      volumeMounts:
        - name: html
          mountPath: /html
`,
  },
]

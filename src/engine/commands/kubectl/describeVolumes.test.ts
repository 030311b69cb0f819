/**
 * `kubectl describe` of pods with volumes: each container's Mounts and the Volumes block, laid out
 * as describe.go's describeContainerVolumes and print*VolumeSource do.
 */
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../index'

const fresh = () => createSimulation({ seed: 1, freezeObjects: true })

const sharedPod = `apiVersion: v1
kind: Pod
metadata:
  name: shared-html
spec:
  volumes:
    - name: html
      emptyDir: {}
  containers:
    - name: nginx
      image: nginx:1.25
      volumeMounts:
        - name: html
          mountPath: /usr/share/nginx/html
    - name: writer
      image: busybox:1.36
      command: ["sh", "-c", "while true; do date > /html/index.html; sleep 5; done"]
      volumeMounts:
        - name: html
          mountPath: /html
`

const sources = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: site
spec:
  selector:
    matchLabels:
      app: site
  template:
    metadata:
      labels:
        app: site
    spec:
      volumes:
        - name: cache
          emptyDir:
            medium: Memory
            sizeLimit: 1024Mi
        - name: conf
          configMap:
            name: site-conf
        - name: tls
          secret:
            secretName: site-tls
            optional: true
        - name: logs
          hostPath:
            path: /var/log/site
            type: DirectoryOrCreate
        - name: data
          persistentVolumeClaim:
            claimName: site-data
            readOnly: true
        - name: token
          projected:
            sources:
              - serviceAccountToken:
                  path: token
              - configMap:
                  name: kube-root-ca.crt
      containers:
        - name: nginx
          image: nginx:1.25
          volumeMounts:
            - name: tls
              mountPath: /etc/tls
              readOnly: true
            - name: conf
              mountPath: /etc/nginx/conf.d/site.conf
              subPath: site.conf
`

describe('kubectl describe with volumes', () => {
  it("a pod: each container's Mounts and the shared emptyDir under Volumes", () => {
    const sim = fresh()
    expect(sim.run('kubectl apply -f -', sharedPod).ok).toBe(true)
    sim.advanceTo(sim.simTimeMs + 30_000)
    const out = sim.run('kubectl describe pod shared-html').output
    expect(out).toContain(`    Environment:    <none>
    Mounts:
      /usr/share/nginx/html from html (rw)
  writer:
`)
    expect(out).toContain(`    Environment:    <none>
    Mounts:
      /html from html (rw)
Conditions:
`)
    expect(out).toContain(`Volumes:
  html:
    Type:        EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:      
    SizeLimit:   <unset>
QoS Class:       BestEffort
`)
  })

  it('a pod template: mounts sorted by path with ro and subPath, and every modelled source', () => {
    const sim = fresh()
    expect(sim.run('kubectl apply -f -', sources).ok).toBe(true)
    const out = sim.run('kubectl describe deployment site').output
    const template = out.slice(
      out.indexOf('Pod Template:'),
      out.indexOf('\n', out.indexOf('  Tolerations:')) + 1,
    )
    expect(template).toBe(`Pod Template:
  Labels:  app=site
  Containers:
   nginx:
    Image:        nginx:1.25
    Port:         <none>
    Host Port:    <none>
    Environment:  <none>
    Mounts:
      /etc/nginx/conf.d/site.conf from conf (rw,path="site.conf")
      /etc/tls from tls (ro)
  Volumes:
   cache:
    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:     Memory
    SizeLimit:  1Gi
   conf:
    Type:      ConfigMap (a volume populated by a ConfigMap)
    Name:      site-conf
    Optional:  false
   tls:
    Type:        Secret (a volume populated by a Secret)
    SecretName:  site-tls
    Optional:    true
   logs:
    Type:          HostPath (bare host directory volume)
    Path:          /var/log/site
    HostPathType:  DirectoryOrCreate
   data:
    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
    ClaimName:  site-data
    ReadOnly:   true
   token:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3600
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
  Node-Selectors:            <none>
  Tolerations:               <none>
`)
  })

  it('strict field validation knows the volume fields and still refuses unknown ones', () => {
    const sim = fresh()
    const typo = sharedPod.replace('mountPath: /html', 'mountPth: /html')
    expect(sim.run('kubectl apply -f -', typo).error).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[1].volumeMounts[0].mountPth"',
    )
    const nfs = sources.replace(
      'emptyDir:\n            medium: Memory',
      'nfs:\n            server: 10.0.0.2\n            path: /exports\n          emptyDir:\n            medium: Memory',
    )
    expect(sim.run('kubectl apply -f -', nfs).error).toBe(
      'The Deployment "site" is invalid: spec.template.spec.volumes[0].nfs: Forbidden: may not specify more than 1 volume type',
    )
  })
})

#!/bin/sh
# The Recreate strategy: every old pod is gone before the first new pod is created, so for a
# moment nothing serves. For apps that cannot run two versions side by side.
#
#   npm run sim -- examples/recreate.sh
#   sh examples/recreate.sh

kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
  labels:
    app: legacy
spec:
  replicas: 3
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app: legacy
  template:
    metadata:
      labels:
        app: legacy
    spec:
      containers:
        - name: nginx
          image: nginx:1.25
          ports:
            - containerPort: 80
YAML
kubectl rollout status deployment/legacy

# New version: the controller first scales the old ReplicaSet to 0 and waits for its pods to stop.
kubectl set image deployment/legacy nginx=nginx:1.26
sleep 0.5
kubectl get pods -l app=legacy

# Only then is the new ReplicaSet created, at full size.
kubectl rollout status deployment/legacy
kubectl get replicasets -l app=legacy -o wide
kubectl get pods -l app=legacy

#!/bin/sh
# Scaling web: change spec.replicas and the ReplicaSet controller creates or deletes pods to match.
#
#   npm run sim -- examples/scale-web.sh        (in the simulator, virtual time)
#   sh examples/scale-web.sh                    (against a cluster running the primer's web)

kubectl get deployment web

# Five replicas: the Deployment passes the new count to its ReplicaSet, which creates two pods.
# (Commands take no virtual time; sleep lets a second pass so the controllers can act.)
kubectl scale deployment/web --replicas=5
sleep 1
kubectl get pods -l app=web

# The new pods are scheduled, pull nginx, start, and pass their readiness probe a few seconds later.
kubectl rollout status deployment/web
kubectl get deployment web

# Down to two: the ReplicaSet chooses the three pods to delete. Among pods that are all running
# and ready, those on the node that runs the most of web's pods go first (counted once, before
# deleting), then the most recently started.
kubectl scale deployment/web --replicas=2
sleep 5
kubectl get pods -l app=web -o wide
kubectl get deployment web

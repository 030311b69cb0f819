#!/bin/sh
# A rolling update of web from nginx:1.25 to nginx:1.26, watched with kubectl rollout status.
#
# web's strategy is maxSurge 1, maxUnavailable 1: with 3 replicas the Deployment controller keeps
# at most 3 + 1 = 4 pods and at least 3 - 1 = 2 available pods while it swaps old for new.
#
#   npm run sim -- examples/rolling-update.sh
#   sh examples/rolling-update.sh

kubectl get deployment web -o wide

# A new pod template means a new ReplicaSet (named after the template's hash). The controller
# scales it up and the old one down, one decision at a time, inside the window above.
kubectl set image deployment/web nginx=nginx:1.26

# Waits (in virtual time here) until every replica is updated and available.
kubectl rollout status deployment/web

# The old ReplicaSet stays, scaled to 0: it is the revision a rollback returns to.
kubectl get replicasets -l app=web -o wide
kubectl rollout history deployment/web
kubectl get deployment web -o wide

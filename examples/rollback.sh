#!/bin/sh
# A rollout to an image that does not exist, and kubectl rollout undo.
#
#   npm run sim -- examples/rollback.sh
#   sh examples/rollback.sh

# There is no nginx:1.99: the new pods fail to pull it (ErrImagePull, then ImagePullBackOff).
kubectl set image deployment/web nginx=nginx:1.99

# With maxSurge 1 and maxUnavailable 1 the controller makes one new pod, removes one old pod, adds
# a second new pod, and then stops: no new pod becomes available, so no more old pods may go.
# Two old pods keep serving. A deploy script gives the rollout a deadline and rolls back when
# it is missed (without the ||, a missed deadline would fail the script):
kubectl rollout status deployment/web --timeout=60s || kubectl rollout undo deployment/web

# The undo copied revision 1's pod template back into the Deployment: the old ReplicaSet is the
# new one again (as revision 3), and the broken pods are removed first, as they are not available.
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl get replicasets -l app=web -o wide
kubectl get deployment web -o wide

#!/usr/bin/env bash
# The seed lab (Services, kube-proxy modes, session affinity, NodePort, headless services and
# cluster DNS, Ingress with TLS and several hosts), walked with kctl in a scratch cluster: every step
# prints the command the lab runs and what kctl answers. Run it from anywhere: `npm run demo`.
#
# Where the lab runs a command on a node (curl to a node IP, redis-cli or dig to a ClusterIP, an
# /etc/hosts entry), the kctl form from DESIGN.md is shown: node addresses are loopback addresses,
# `kctl debug node/...` gives a shell in a node's context, and curl --resolve stands in for /etc/hosts.
#
# Needs: bin/kctl built (npm install), curl. openssl is used for the TLS certificates when present
# (else kctl's own certificate code makes them). Everything it starts is stopped at the end.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
M=$ROOT/fixtures/manifests
ING=$ROOT/fixtures/ingress-nginx
export KCTL_HOME; KCTL_HOME=$(mktemp -d "${TMPDIR:-/tmp}/kctl-seed-lab.XXXXXX")
export KCTL_NO_AUTOSTART=1 NO_COLOR=1
kctl() { node "$ROOT/bin/kctl" "$@"; }
failed=0
cleanup() {
  kctl proxy --stop >/dev/null 2>&1 || true
  rm -rf "$KCTL_HOME"
}
trap cleanup EXIT

bold() { if [[ -t 1 ]]; then printf '\n\033[1m%s\033[0m\n' "$*"; else printf '\n%s\n' "$*"; fi; }
# show: print a command line as the lab does, run it, and count a failure
show() {
  printf '$ %s\n' "$*"
  "$@"
  local rc=$?
  if [[ $rc != 0 ]]; then echo "  (exit code $rc)"; failed=$((failed + 1)); fi
  return 0
}
ready() { kctl wait --for=condition=Ready pod "$@" --timeout=90s >/dev/null || { echo "  (pods not Ready: $*)"; failed=$((failed + 1)); }; }

bold "# A fresh cluster: three nodes on their own loopback addresses, and the node agent"
show kctl get nodes -o wide
show kctl proxy --background
show kctl get svc

bold "# 2.1 kubectl run / expose: a Deployment of 3 nginx pods and a Service for them"
show kctl run nginx --image=nginx:1.12 --replicas=3
ready -l run=nginx
show kctl get pods -o wide
show kctl get deployment
show kctl expose deployment nginx --name=nginx --port=80 --target-port=80 --protocol=TCP
show kctl get service
show kctl get endpoints

bold "# 2.2 service-demo: ClusterIP, round robin from a busybox client"
show kctl apply -f "$M/service-demo.yaml"
ready -l app=service-deploy-demo
show kctl get svc
show kctl get pods -o wide -l app=service-deploy-demo
show kctl get endpoints service-demo
IP=$(kctl get svc service-demo -o jsonpath='{.spec.clusterIP}')
echo "# kubectl run busybox --image=busybox --rm -it -- /bin/sh   (here with its commands on stdin)"
show kctl run busybox --image=busybox --rm -i --restart=Never -- /bin/sh <<EOF
wget -O - -q http://$IP/
for i in 1 2 3 4; do wget -O - -q http://$IP/hostname.html; done
EOF

bold "# Session affinity: sessionAffinity ClientIP"
show kctl apply -f "$M/service-demo-affinity.yaml"
show kctl describe svc service-demo
show kctl run busybox --image=busybox --rm -i --restart=Never -- /bin/sh <<EOF
for i in 1 2 3 4; do wget -O - -q http://$IP/hostname.html; done
EOF

bold "# redis-svc: redis-cli to the ClusterIP, from a node and from a pod"
show kctl apply -f "$M/redis-svc.yaml"
ready -l app=redis
show kctl get svc
show kctl get pods -l app=redis -o wide
show kctl describe svc redis-svc
RIP=$(kctl get svc redis-svc -o jsonpath='{.spec.clusterIP}')
echo "# on the master: redis-cli -h $RIP  →  kctl debug node/k8s-master -it --image=busybox"
show kctl debug node/k8s-master -i --image=busybox <<EOF
redis-cli -h $RIP ping
EOF
RPOD=$(kctl get pods -l app=redis -o jsonpath='{.items[0].metadata.name}')
show kctl exec "$RPOD" -i -- /bin/sh <<EOF
redis-cli -h $RIP ping
EOF

bold "# NodePort: nginx-svc on 30080, on every node's address"
show kctl apply -f "$M/nginx-svc.yaml"
ready -l app=nginx
show kctl get svc
show kctl get pods -l app=nginx -o wide
show kctl describe svc nginx-svc
MASTER=$(kctl get node k8s-master -o jsonpath='{.status.addresses[0].address}')
NODE1=$(kctl get node k8s-node1 -o jsonpath='{.status.addresses[0].address}')
show curl -s "$MASTER:30080"
show curl -s -o /dev/null -w '%{http_code} from %{remote_ip}:%{remote_port}\n' "$NODE1:30080"

bold "# Headless service: the cluster DNS answers with the pods' IPs"
show kctl apply -f "$M/httpd-svc-headless.yaml"
ready -l app=httpd
show kctl get svc
show kctl get pods -l app=httpd -o wide
show kctl describe svc/httpd-svc
show kctl run "cirros-$RANDOM" --rm -i --restart=Never --image=cirros -- /bin/sh <<EOF
nslookup httpd-svc
EOF
echo "# on a node: dig -t A httpd-svc.default.svc.cluster.local. @10.96.0.10"
show kctl debug node/k8s-master -i --image=busybox <<EOF
dig -t A httpd-svc.default.svc.cluster.local. @10.96.0.10 +noall +answer
EOF

bold "# Ingress: the ingress-nginx controller (mandatory.yaml, service-nodeport.yaml)"
show kctl apply -f "$ING/mandatory.yaml"
show kctl apply -f "$ING/service-nodeport.yaml"
ready --all -n ingress-nginx
show kctl get pods -n ingress-nginx
show kctl get svc -n ingress-nginx
show kctl describe svc/ingress-nginx -n ingress-nginx
show kctl apply -f "$M/namespace-testing.yaml"
show kctl get namespace testing
show kctl apply -f "$M/deployment-nginx.yaml"
show kctl apply -f "$M/service-nginx.yaml"
ready --all -n testing
show kctl get deploy -n testing
show kctl get pods -n testing
show kctl get svc -n testing
show kctl describe svc/svc-nginx -n testing
show kctl apply -f "$M/ingress-nginx.yaml"
show kctl get ingress -n testing
show kctl describe ingress -n testing
HTTP=$(kctl get svc ingress-nginx -n ingress-nginx -o jsonpath='{.spec.ports[?(@.name=="http")].nodePort}')
HTTPS=$(kctl get svc ingress-nginx -n ingress-nginx -o jsonpath='{.spec.ports[?(@.name=="https")].nodePort}')
echo "# /etc/hosts + curl nginx.ilinux.io:$HTTP  →  curl --resolve"
show curl -s --resolve "nginx.ilinux.io:$HTTP:127.0.0.1" "http://nginx.ilinux.io:$HTTP/"
BACKEND=$(kctl get pods -n testing -o jsonpath='{.items[0].metadata.name}')
show kctl logs "$BACKEND" -n testing

bold "# Ingress with TLS"
TLS=$KCTL_HOME/tls; mkdir -p "$TLS"
cert() { # cert NAME CN: NAME.key, NAME.crt
  if command -v openssl >/dev/null; then
    openssl genrsa -out "$TLS/$1.key" 2048 2>/dev/null &&
      openssl req -new -x509 -key "$TLS/$1.key" -out "$TLS/$1.crt" -subj "/C=CN/ST=ShenZhen/L=ShenZhen/O=DevOps/CN=$2" -days 3650
  else
    node -e "const c=require('$ROOT/dist/src/agent/ingress/cert.js').selfSignedSync({subject:[['C','CN'],['ST','ShenZhen'],['L','ShenZhen'],['O','DevOps'],['CN','$2']],notBefore:new Date(),days:3650});require('fs').writeFileSync('$TLS/$1.key',c.key);require('fs').writeFileSync('$TLS/$1.crt',c.cert)"
  fi
}
cert tls nginx.ilinux.io
show kctl create secret tls nginx-ingress-secret --cert="$TLS/tls.crt" --key="$TLS/tls.key" -n testing
show kctl get secret -n testing
show kctl apply -f "$M/ingress-nginx-https.yaml"
show kctl get ingress -n testing
show kctl describe ingress/nginx-ingress-tls -n testing
show curl -sk --resolve "nginx.ilinux.io:$HTTPS:127.0.0.1" "https://nginx.ilinux.io:$HTTPS/" -o /dev/null -w '%{http_code} over TLS\n'
show sh -c "curl -skv --resolve nginx.ilinux.io:$HTTPS:127.0.0.1 https://nginx.ilinux.io:$HTTPS/ 2>&1 | grep -E '^\\*  subject:'"

bold "# Several services behind one Ingress, by host"
show kctl apply -f "$M/namespace-ms.yaml"
show kctl get namespace multisvc
show kctl apply -f "$M/deploy_service-ms.yaml"
ready --all -n multisvc
show kctl get pods -n multisvc -o wide
show kctl get svc -n multisvc
show kctl apply -f "$M/ingress_host-ms.yaml"
show kctl get ingress -n multisvc
show kctl describe ingress/multi-ingress -n multisvc
show sh -c "curl -s --resolve nginx.imyapp.com:$HTTP:127.0.0.1 http://nginx.imyapp.com:$HTTP/ | grep -o '<title>.*</title>'"
show sh -c "curl -s --resolve tomcat.imyapp.com:$HTTP:127.0.0.1 http://tomcat.imyapp.com:$HTTP/ | grep -o '<title>.*</title>'"
cert nginx.imyapp.com nginx.imyapp.com
cert tomcat.imyapp.com tomcat.imyapp.com
show kctl create secret tls nginx-ingress-secret --cert="$TLS/nginx.imyapp.com.crt" --key="$TLS/nginx.imyapp.com.key" -n multisvc
show kctl create secret tls tomcat-ingress-secret --cert="$TLS/tomcat.imyapp.com.crt" --key="$TLS/tomcat.imyapp.com.key" -n multisvc
show kctl get secret -n multisvc
show kctl apply -f "$M/ingress_host_https-ms.yaml"
show kctl get ingress -n multisvc
show sh -c "curl -sk --resolve tomcat.imyapp.com:$HTTPS:127.0.0.1 https://tomcat.imyapp.com:$HTTPS/ | grep -o '<title>.*</title>'"

bold "# Done: the node agent stops, and with it every pod process"
show kctl proxy --stop
if [[ $failed == 0 ]]; then echo "seed lab: every step worked"; else echo "seed lab: $failed step(s) failed"; fi
exit $(( failed > 0 ))

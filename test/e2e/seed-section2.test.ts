// The seed lab's section 2 (Services by command and by manifest) replayed against a fresh
// KCTL_HOME with no node agent: the objects, and the columns and shapes of the printed outputs.
// (READY 1/1, pod IPs and endpoint addresses need running pods: the node-agent issue checks them.)

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { TmpCluster, fixture, columns } from '../helpers/kctl';

describe('seed section 2, without a node agent', () => {
  const c = new TmpCluster();
  after(() => c.cleanup());

  test('kctl run nginx --image=nginx:1.12 --replicas=3 makes a Deployment, its ReplicaSet and 3 pods bound to workers', () => {
    const r = c.run(['run', 'nginx', '--image=nginx:1.12', '--replicas=3']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'deployment.apps/nginx created\n');
    assert.match(r.stderr, /created a Deployment/);
    const pods = c.ok(['get', 'pods', '-o', 'wide']).trim().split('\n');
    assert.deepEqual(columns(pods[0]), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    assert.equal(pods.length, 4);
    const rows = pods.slice(1).map(columns);
    for (const row of rows) {
      assert.match(row[0], /^nginx-[456789bcdf]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.deepEqual(row.slice(1, 4), ['0/1', 'Pending', '0']);
      assert.equal(row[5], '<none>');
      assert.match(row[6], /^k8s-node[12]$/);
      assert.deepEqual(row.slice(7), ['<none>', '<none>']);
    }
    assert.deepEqual(new Set(rows.map((r) => r[6])), new Set(['k8s-node1', 'k8s-node2']), 'spread over both workers');
    const deploy = c.ok(['get', 'deployment']).trim().split('\n');
    assert.deepEqual(columns(deploy[0]), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    assert.match(deploy[1], /^nginx +0\/3 +3 +0 +\d+s$/);
    const rs = c.ok(['get', 'rs', '-o', 'wide']).trim().split('\n');
    assert.match(rs[1], /^nginx-[456789bcdf]+ +3 +3 +0 +\d+s +nginx +nginx:1\.12 +pod-template-hash=[456789bcdf]+,run=nginx$/);
  });

  test('kctl expose deployment nginx: service/nginx exposed, a ClusterIP service and its endpoints', () => {
    assert.equal(c.ok(['expose', 'deployment', 'nginx', '--name=nginx', '--port=80', '--target-port=80', '--protocol=TCP']), 'service/nginx exposed\n');
    const svc = c.ok(['get', 'service']).trim().split('\n');
    assert.deepEqual(columns(svc[0]), ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    assert.match(svc[1], /^kubernetes +ClusterIP +10\.96\.0\.1 +<none> +443\/TCP +\d+s$/);
    assert.match(svc[2], /^nginx +ClusterIP +10\.\d+\.\d+\.\d+ +<none> +80\/TCP +\d+s$/);
    const ep = c.ok(['get', 'endpoints']).trim().split('\n');
    assert.deepEqual(columns(ep[0]), ['NAME', 'ENDPOINTS', 'AGE']);
    assert.match(ep[1], /^kubernetes +127\.\d+\.\d+\.\d+:6443 +\d+s$/);
    // pods without IPs (no agent) are not endpoints yet
    assert.match(ep[2], /^nginx +<none> +\d+s$/);
    const svcObj = JSON.parse(c.ok(['get', 'svc', 'nginx', '-o', 'json']));
    assert.deepEqual(svcObj.spec.selector, { run: 'nginx' });
    assert.deepEqual(svcObj.spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
  });

  test('apply -f service-demo.yaml; get svc, get pods -o wide -l, get endpoints service-demo', () => {
    assert.equal(c.ok(['apply', '-f', fixture('manifests', 'service-demo.yaml')]), 'deployment.apps/service-deploy created\nservice/service-demo created\n');
    const svc = c.ok(['get', 'svc']).trim().split('\n');
    assert.deepEqual(svc.slice(1).map((l) => columns(l)[0]), ['kubernetes', 'nginx', 'service-demo']);
    const pods = c.ok(['get', 'pods', '-o', 'wide', '-l', 'app=service-deploy-demo']).trim().split('\n');
    assert.equal(pods.length, 4);
    for (const p of pods.slice(1)) assert.match(p, /^service-deploy-[456789bcdf]+-[a-z0-9]{5} +0\/1 +Pending +0 +\d+s +<none> +k8s-node[12] +<none> +<none>$/);
    const ep = c.ok(['get', 'endpoints', 'service-demo']).trim().split('\n');
    assert.match(ep[1], /^service-demo +<none> +\d+s$/);
  });

  test('describe svc nginx shows kubectl v1.32\'s fields in order', () => {
    const out = c.ok(['describe', 'svc', 'nginx']);
    const keys = out.split('\n').map((l) => /^([A-Z][A-Za-z ]+):/.exec(l)?.[1]).filter(Boolean);
    assert.deepEqual(keys, ['Name', 'Namespace', 'Labels', 'Annotations', 'Selector', 'Type', 'IP Family Policy', 'IP Families', 'IP', 'IPs',
      'Port', 'TargetPort', 'Endpoints', 'Session Affinity', 'Internal Traffic Policy', 'Events']);
    assert.match(out, /^Name: +nginx\nNamespace: +default\nLabels: +run=nginx\n/);
    assert.match(out, /\nSelector: +run=nginx\nType: +ClusterIP\nIP Family Policy: +SingleStack\nIP Families: +IPv4\nIP: +10\./);
    assert.match(out, /\nPort: +<unset>  80\/TCP\nTargetPort: +80\/TCP\n/);
  });

  test('scaling, set image and rollout history on the same deployment', () => {
    assert.equal(c.ok(['scale', 'deployment/nginx', '--replicas=2']), 'deployment.apps/nginx scaled\n');
    assert.equal(c.ok(['get', 'pods', '-l', 'run=nginx', '-o', 'name']).trim().split('\n').length, 2);
    assert.equal(c.ok(['set', 'image', 'deployment/nginx', 'nginx=nginx:1.13']), 'deployment.apps/nginx image updated\n');
    const rs = c.ok(['get', 'rs', '-l', 'run=nginx', '-o', 'jsonpath={range .items[*]}{.spec.template.spec.containers[0].image}={.spec.replicas} {end}']).trim().split(' ');
    assert.equal(rs.length, 2, 'a new ReplicaSet for the new template');
    const hist = c.ok(['rollout', 'history', 'deployment/nginx']);
    assert.match(hist, /^deployment\.apps\/nginx \nREVISION +CHANGE-CAUSE\n1 +<none>\n2 +<none>\n\n$/);
    const bad = c.run(['scale', 'deployment/nginx', '--replicas=-1']);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n');
  });

  test('deleting the deployment removes its ReplicaSets and pods; --cascade=orphan keeps them', () => {
    c.ok(['delete', 'deployment', 'service-deploy', '--cascade=orphan']);
    assert.equal(c.ok(['get', 'pods', '-l', 'app=service-deploy-demo', '-o', 'name']).trim().split('\n').length, 3);
    assert.equal(c.ok(['delete', 'deployment', 'nginx']), 'deployment.apps "nginx" deleted\n');
    assert.equal(c.ok(['get', 'rs,pods', '-l', 'run=nginx', '-o', 'name']), '');
  });
});

describe('rollout and wait, without a node agent', () => {
  const c = new TmpCluster();
  after(() => c.cleanup());

  test('history, undo (and its errors), pause/resume, restart, status --watch=false, wait timing out', () => {
    c.ok(['create', 'deployment', 'web', '--image=nginx:1.1', '--replicas=2']);
    assert.equal(c.ok(['set', 'image', 'deploy/web', 'nginx=nginx:1.2']), 'deployment.apps/web image updated\n');
    const missing = c.run(['rollout', 'undo', 'deploy/web', '--to-revision=5']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'error: unable to find specified revision 5 in history\n');
    assert.equal(c.ok(['rollout', 'undo', 'deploy/web']), 'deployment.apps/web rolled back\n');
    assert.equal(c.ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'nginx:1.1');
    assert.match(c.ok(['rollout', 'history', 'deploy/web']), /^deployment\.apps\/web \nREVISION +CHANGE-CAUSE\n2 +<none>\n3 +<none>\n\n$/);
    assert.equal(c.ok(['rollout', 'pause', 'deploy/web']), 'deployment.apps/web paused\n');
    assert.equal(c.run(['rollout', 'pause', 'deploy/web']).stderr, 'error: deployments.apps "web" is already paused\n');
    assert.match(c.run(['rollout', 'undo', 'deploy/web']).stderr, /^error: you cannot rollback a paused deployment; resume it first with 'kctl rollout resume' and try again\n$/);
    assert.equal(c.ok(['rollout', 'resume', 'deploy/web']), 'deployment.apps/web resumed\n');
    assert.equal(c.ok(['rollout', 'restart', 'deploy/web']), 'deployment.apps/web restarted\n');
    assert.match(c.ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.metadata.annotations}']), /kubectl\.kubernetes\.io\/restartedAt/);
    // no agent: pods never become ready, so the rollout waits
    assert.match(c.ok(['rollout', 'status', 'deploy/web', '--watch=false']), /^Waiting for deployment "web" rollout to finish: /);
    const w = c.run(['wait', '--for=condition=Available', 'deploy/web', '--timeout=1s']);
    assert.equal(w.code, 1);
    assert.equal(w.stderr, 'error: timed out waiting for the condition on deployments.apps/web\n');
    assert.equal(c.ok(['wait', '--for=jsonpath={.spec.replicas}=2', 'deploy/web', '--timeout=5s']), 'deployment.apps/web condition met\n');
    assert.equal(c.run(['wait', '--for=condition=Ready', 'pod/nope', '--timeout=1s']).stderr, 'Error from server (NotFound): pods "nope" not found\n');
  });

  test('describe deployment: replicas line, strategy, pod template, conditions, ReplicaSets, events', () => {
    const out = c.ok(['describe', 'deploy', 'web']);
    assert.match(out, /^Name: +web\nNamespace: +default\nCreationTimestamp: +\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000\nLabels: +app=web\n/);
    assert.match(out, /\nReplicas: +2 desired \| \d+ updated \| \d+ total \| 0 available \| \d+ unavailable\nStrategyType: +RollingUpdate\nMinReadySeconds: +0\nRollingUpdateStrategy: +25% max unavailable, 25% max surge\nPod Template:\n/);
    assert.match(out, /\nConditions:\n  Type +Status +Reason\n  ---- +------ +------\n/);
    assert.match(out, /\nNewReplicaSet: +web-[456789bcdf]+ \(\d+\/\d+ replicas created\)\n/);
    assert.match(out, /\nEvents:\n  Type +Reason +Age +From +Message\n  ---- +------ +---- +---- +-------\n  Normal +ScalingReplicaSet +\d+s +deployment-controller +Scaled up replica set web-[456789bcdf]+ from 0 to 2\n/);
  });
});

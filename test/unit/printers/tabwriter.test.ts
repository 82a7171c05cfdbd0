import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FLAGS, newDescribeTabWriter, newGetTabWriter, tabify, TabWriter } from '../../../src/printers/tabwriter';

describe('TabWriter: Go text/tabwriter documented examples', () => {
  test('Example_elastic (AlignRight|Debug, padchar .)', () => {
    const out = tabify('a\tb\tc\naa\tbb\tcc\naaa\t\naaaa\tdddd\teeee\n',
      { minwidth: 0, tabwidth: 0, padding: 1, padchar: '.', flags: FLAGS.AlignRight | FLAGS.Debug });
    assert.equal(out, '....a|..b|c\n...aa|.bb|cc\n..aaa|\n.aaaa|.dddd|eeee\n');
  });
  test('Example_trailingTab', () => {
    const out = tabify('a\tb\taligned\t\naa\tbb\taligned\t\naaa\tbbb\tunaligned\naaaa\tbbbb\taligned\t\n',
      { minwidth: 0, tabwidth: 0, padding: 3, padchar: '-', flags: FLAGS.AlignRight | FLAGS.Debug });
    assert.equal(out, '------a|------b|---aligned|\n-----aa|-----bb|---aligned|\n----aaa|----bbb|unaligned\n---aaaa|---bbbb|---aligned|\n');
  });
  test('ExampleWriter_Init: tab padding', () => {
    const out = tabify('a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n\n', { minwidth: 0, tabwidth: 8, padding: 0, padchar: '\t' });
    assert.equal(out, 'a\tb\tc\td\t\t.\n123\t12345\t1234567\t123456789\t.\n\n');
  });
  test('ExampleWriter_Init: right aligned, minwidth 5', () => {
    const out = tabify('a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n\n', { minwidth: 5, tabwidth: 0, padding: 1, padchar: ' ', flags: FLAGS.AlignRight });
    assert.equal(out, '    a     b       c         d.\n  123 12345 1234567 123456789.\n\n');
  });
});

describe('TabWriter: semantics', () => {
  const get = (s: string) => newGetTabWriter().write(s).flush();
  const cases: { name: string; input: string; want: string; opts?: ConstructorParameters<typeof TabWriter>[0] }[] = [
    { name: 'get: padding 3, last cell not padded', input: 'NAME\tAGE\nx\t5s\n', want: 'NAME   AGE\nx      5s\n' },
    { name: 'get: minwidth 6 applies to short columns', input: 'A\tB\nx\ty\n', want: 'A     B\nx     y\n' },
    { name: 'empty middle cell padded', input: 'a\t\tc\nlonger\tb\tc\n', want: 'a              c\nlonger   b     c\n' },
    { name: 'no trailing newline keeps last line', input: 'a\tb\nc\td', want: 'a     b\nc     d' },
    { name: 'code points, not UTF-16 units', input: 'é😀\tx\nab\ty\n', want: 'é😀    x\nab    y\n' },
    {
      name: 'column blocks: a line without the cell ends the block',
      input: 'aaaa\tb\tc\naa\tbbbbbbbb\tc\nx\ny\tz\tw\n',
      want: 'aaaa b        c\naa   bbbbbbbb c\nx\ny z w\n',
      opts: { minwidth: 0, padding: 1 },
    },
    {
      name: 'get writer remembers widths across the flush a tab-less line causes',
      input: 'aaaa\tb\tc\naa\tbbbbbbbb\tc\nx\ny\tz\tw\n',
      want: 'aaaa   b          c\naa     bbbbbbbb   c\nx\ny      z          w\n',
    },
    {
      name: 'describe layout: nested cells align per block',
      input: 'Port:\t80-8080\t80/TCP\nTargetPort:\t8080/TCP\nNodePort:\t80-8080\t30080/TCP\n',
      want: 'Port:        80-8080  80/TCP\nTargetPort:  8080/TCP\nNodePort:    80-8080  30080/TCP\n',
      opts: { minwidth: 0, tabwidth: 8, padding: 2 },
    },
    { name: 'formfeed flushes and breaks columns', input: 'a\tb\nlonger\tc\f\nx\ty\n', want: 'a      b\nlonger c\n\nx y\n', opts: { padding: 1 } },
    { name: 'vertical tab terminates a cell too', input: 'a\vb\nccc\vd\n', want: 'a     b\nccc   d\n' },
    { name: 'trailing spaces of cells are kept', input: '  Type\tStatus\n  Ready \tTrue \n', want: '  Type    Status\n  Ready   True \n', opts: { minwidth: 0, tabwidth: 8, padding: 2 } },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(c.opts ? tabify(c.input, c.opts) : get(c.input), c.want));
  }

  test('write in pieces equals write at once', () => {
    const text = 'NAME\tREADY\tSTATUS\nweb-1\t1/1\tRunning\nweb-22\t0/1\tPending\n';
    const tw = newGetTabWriter();
    for (const ch of text) tw.write(ch);
    assert.equal(tw.flush(), get(text));
  });

  test('flush returns only the new output', () => {
    const tw = new TabWriter({ padding: 1 });
    tw.write('a\tb\n');
    assert.equal(tw.flush(), 'a b\n');
    assert.equal(tw.flush(), '');
  });

  test('RememberWidths: later flushes keep earlier (wider) column widths (get -w)', () => {
    const tw = newGetTabWriter();
    assert.equal(tw.write('NAME\tSTATUS\tAGE\nweb-long-name\tRunning\t1s\n').flush(), 'NAME            STATUS    AGE\nweb-long-name   Running   1s\n');
    assert.equal(tw.write('x\tPending\t2s\n').flush(), 'x               Pending   2s\n');
    assert.deepEqual(tw.rememberedWidths(), [16, 10]);
    tw.setRememberedWidths([]);
    assert.equal(tw.write('x\tPending\t2s\n').flush(), 'x     Pending   2s\n');
  });

  test('without RememberWidths every flush is independent', () => {
    const tw = newDescribeTabWriter();
    assert.equal(tw.write('Longer Name:\tx\n').flush(), 'Longer Name:  x\n');
    assert.equal(tw.write('A:\ty\n').flush(), 'A:  y\n');
  });

  test('negative settings are rejected', () => {
    assert.throws(() => new TabWriter({ padding: -1 }));
  });
});

describe('TabWriter: kubectl describe pod (compat §2.1 oracle shape)', () => {
  // What describe.go writes (PrefixWriter levels = 2 spaces each) ...
  const input = [
    'Name:\tweb-7c5ddbdf54-x8k2m', 'Namespace:\tdefault', 'Priority:\t0', 'Service Account:\tdefault',
    'Node:\tkind-control-plane/172.18.0.2', 'Start Time:\tMon, 02 Dec 2024 10:00:00 +0000', 'Labels:\tapp=web',
    '\tpod-template-hash=7c5ddbdf54', 'Annotations:\t<none>', 'Status:\tRunning', 'IP:\t10.244.0.5', 'IPs:',
    '  IP:\t10.244.0.5', 'Controlled By:\tReplicaSet/web-7c5ddbdf54', 'Containers:', '  nginx:',
    '    Container ID:\tcontainerd://3f1c...', '    Image:\tnginx', '    Image ID:\tdocker.io/library/nginx@sha256:...',
    '    Port:\t<none>', '    Host Port:\t<none>', '    State:\tRunning', '      Started:\tMon, 02 Dec 2024 10:00:05 +0000',
    '    Ready:\tTrue', '    Restart Count:\t0', '    Environment:\t<none>', '    Mounts:',
    '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7xk2p (ro)', 'Conditions:',
    '  Type\tStatus', '  PodReadyToStartContainers \tTrue ', '  Initialized \tTrue ', '  Ready \tTrue ',
    '  ContainersReady \tTrue ', '  PodScheduled \tTrue ', 'Volumes:', '  kube-api-access-7xk2p:',
    '    Type:\tProjected (a volume that contains injected data from multiple sources)', '    TokenExpirationSeconds:\t3607',
    '    ConfigMapName:\tkube-root-ca.crt', '    Optional:\tfalse', '    DownwardAPI:\ttrue', 'QoS Class:\tBestEffort',
    'Node-Selectors:\t<none>', 'Tolerations:\tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
    '\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
  ].join('\n') + '\n';
  const events = [
    'Events:', '  Type\tReason\tAge\tFrom\tMessage', '  ----\t------\t----\t----\t-------',
    '  Normal\tScheduled\t10s\tdefault-scheduler\tSuccessfully assigned default/web-7c5ddbdf54-x8k2m to kind-control-plane',
    '  Normal\tPulling\t9s\tkubelet\tPulling image "nginx"',
    '  Normal\tPulled\t5s\tkubelet\tSuccessfully pulled image "nginx" in 4.1s (4.1s including waiting). Image size: 72950530 bytes.',
    '  Normal\tCreated\t5s\tkubelet\tCreated container: nginx', '  Normal\tStarted\t5s\tkubelet\tStarted container nginx',
  ].join('\n') + '\n';
  // ... and what kubectl prints.
  const want = `Name:             web-7c5ddbdf54-x8k2m
Namespace:        default
Priority:         0
Service Account:  default
Node:             kind-control-plane/172.18.0.2
Start Time:       Mon, 02 Dec 2024 10:00:00 +0000
Labels:           app=web
                  pod-template-hash=7c5ddbdf54
Annotations:      <none>
Status:           Running
IP:               10.244.0.5
IPs:
  IP:           10.244.0.5
Controlled By:  ReplicaSet/web-7c5ddbdf54
Containers:
  nginx:
    Container ID:   containerd://3f1c...
    Image:          nginx
    Image ID:       docker.io/library/nginx@sha256:...
    Port:           <none>
    Host Port:      <none>
    State:          Running
      Started:      Mon, 02 Dec 2024 10:00:05 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7xk2p (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-7xk2p:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  10s   default-scheduler  Successfully assigned default/web-7c5ddbdf54-x8k2m to kind-control-plane
  Normal  Pulling    9s    kubelet            Pulling image "nginx"
  Normal  Pulled     5s    kubelet            Successfully pulled image "nginx" in 4.1s (4.1s including waiting). Image size: 72950530 bytes.
  Normal  Created    5s    kubelet            Created container: nginx
  Normal  Started    5s    kubelet            Started container nginx
`;
  test('main block then events (DescribeEvents flushes first)', () => {
    const tw = newDescribeTabWriter();
    let out = tw.write(input).flush();
    out += tw.write(events).flush();
    assert.equal(out, want);
  });
});

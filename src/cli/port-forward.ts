// kctl port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT...: listens on local ports (localhost =
// 127.0.0.1 and ::1, or --address) and forwards each connection to the pod's port — the real
// loopback port the node agent gave it. For a service, the remote port is the service's port (or
// port name), translated to the chosen pod's targetPort, as kubectl does.

import * as net from 'node:net';
import { CliError } from '../api/errors';
import type { KObject } from '../api/types';
import type { Ctx } from './context';
import { podFor } from './podctx';
import { parseDuration } from './flags';

interface Mapping { local: number; remote: number; spec: string }

function parsePorts(args: string[]): { local: string; remote: string }[] {
  return args.map((a) => {
    const i = a.indexOf(':');
    return i < 0 ? { local: a, remote: a } : { local: a.slice(0, i), remote: a.slice(i + 1) };
  });
}

/** A service port (number or name) → the pod's container port, as kubectl translates it. */
function containerPortFor(svc: KObject, pod: KObject, remote: string): number {
  const sp = (svc.spec?.ports ?? []).find((p: any) => String(p.port) === remote || p.name === remote);
  if (!sp) throw new CliError(`Service ${svc.metadata.name} does not have a service port ${remote}`);
  const tp = sp.targetPort ?? sp.port;
  if (typeof tp === 'number') return tp;
  if (/^\d+$/.test(String(tp))) return Number(tp);
  for (const c of pod.spec?.containers ?? []) {
    const p = (c.ports ?? []).find((x: any) => x.name === tp);
    if (p) return p.containerPort;
  }
  throw new CliError(`Pod '${pod.metadata.name}' does not have a named port '${tp}'`);
}

export async function run(ctx: Ctx): Promise<void> {
  const [target, ...portArgs] = ctx.args;
  if (!target || portArgs.length === 0) throw new CliError('TYPE/NAME and list of ports are required for port-forward');
  const cluster = ctx.cluster();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { autostart } = require('./proxy') as typeof import('./proxy');
  autostart(cluster.paths.home, (s) => ctx.io.err(s));
  const slash = target.indexOf('/');
  const kind = slash < 0 ? 'pod' : target.slice(0, slash);
  const isService = ['svc', 'service', 'services'].includes(kind.toLowerCase());
  const svc = isService ? cluster.api.get('services', ctx.namespace, target.slice(slash + 1)) : undefined;
  const deadline = Date.now() + parseDuration(String(ctx.flags['pod-running-timeout'] ?? '1m0s'));
  let pod = podFor(ctx, target);
  while (pod.status?.phase !== 'Running' && Date.now() < deadline && pod.status?.phase === 'Pending') {
    await new Promise((r) => setTimeout(r, 100));
    pod = cluster.api.tryGet('pods', pod.metadata.namespace!, pod.metadata.name!) ?? pod;
  }
  if (pod.status?.phase !== 'Running') throw new CliError(`unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Pending'}`);
  const mappings: Mapping[] = parsePorts(portArgs).map(({ local, remote }) => {
    const r = svc ? containerPortFor(svc, pod, remote) : /^\d+$/.test(remote) ? Number(remote) : NaN;
    if (!Number.isInteger(r) || r < 1 || r > 65535) {
      // a named pod port
      const named = (pod.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []).find((p: any) => p.name === remote);
      if (!named) throw new CliError(`Pod '${pod.metadata.name}' does not have a named port '${remote}'`);
      return { local: local === '' || local === remote ? named.containerPort : Number(local), remote: named.containerPort, spec: remote };
    }
    const l = local === '' ? 0 : /^\d+$/.test(local) ? Number(local) : NaN;
    if (Number.isNaN(l) || l > 65535) throw new CliError(`Error parsing local port '${local}': strconv.ParseUint: parsing "${local}": invalid syntax`);
    return { local: svc && local === remote ? r : l, remote: r, spec: remote };
  });
  const addresses = String(ctx.flags.address ?? 'localhost').split(',').flatMap((a) => (a === 'localhost' ? ['127.0.0.1', '::1'] : [a]));
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { readRuntime } = require('../agent/runtime') as typeof import('../agent/runtime');
  const realPort = (remote: number): number | undefined => {
    const rp = readRuntime(cluster.paths.home)?.pods?.find((p) => p.uid === pod.metadata.uid);
    return rp?.ports?.[String(remote)];
  };
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  for (const m of mappings) {
    let bound = 0;
    for (const addr of addresses) {
      const server = net.createServer((sock) => {
        ctx.io.out(`Handling connection for ${m.local}\n`);
        sockets.add(sock);
        sock.once('close', () => sockets.delete(sock));
        const real = realPort(m.remote);
        const fail = (why: string) => {
          ctx.io.err(`E${new Date().toISOString().slice(5, 10).replace('-', '')} ${new Date().toISOString().slice(11, 23)} portforward.go:413] "Unhandled Error" err="an error occurred forwarding ${m.local} -> ${m.remote}: error forwarding port ${m.remote} to pod ${pod.metadata.name}, uid ${pod.metadata.uid}: failed to connect to localhost:${m.remote} inside the pod: ${why}"\n`);
          sock.destroy();
        };
        if (!real) { fail('connection refused'); return; }
        const up = net.connect({ host: '127.0.0.1', port: real });
        sockets.add(up);
        up.once('close', () => sockets.delete(up));
        up.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'ECONNREFUSED' ? 'connection refused' : e.message));
        sock.on('error', () => up.destroy());
        up.once('connect', () => { sock.pipe(up); up.pipe(sock); });
        sock.once('close', () => up.destroy());
      });
      const ok = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen({ host: addr, port: m.local }, () => resolve(true));
      });
      if (!ok) continue;
      if (m.local === 0) m.local = (server.address() as net.AddressInfo).port;
      servers.push(server);
      bound++;
      ctx.io.out(`Forwarding from ${addr.includes(':') ? `[${addr}]` : addr}:${m.local} -> ${m.remote}\n`);
    }
    if (bound === 0) {
      for (const s of servers) s.close();
      throw new CliError(`unable to listen on any of the requested ports: [{${m.local} ${m.remote}}]`);
    }
  }
  // the session ends when the pod goes (or on Ctrl-C)
  const lost = await new Promise<boolean>((resolve) => {
    const stop = () => resolve(false);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const t = setInterval(() => {
      const live = cluster.api.tryGet('pods', pod.metadata.namespace!, pod.metadata.name!);
      if (!live || live.metadata.uid !== pod.metadata.uid || live.metadata.deletionTimestamp || live.status?.phase !== 'Running') {
        resolve(true);
      }
    }, 500);
    t.unref();
    servers[0]?.ref();
  });
  for (const s of servers) s.close();
  for (const s of sockets) s.destroy();
  if (lost) throw new CliError('lost connection to pod');
}

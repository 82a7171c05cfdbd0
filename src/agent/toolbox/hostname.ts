// hostname [-sidf] [HOSTNAME | -F FILE] (busybox): the pod's name is $HOSTNAME, its address
// $KCTL_POD_IP. Setting the name fails as in an unprivileged container.
import * as os from 'node:os';
import { getopt, usage, OptError } from './main';

const TRIVIAL = '[-sidf] [HOSTNAME | -F FILE]';
const FULL = 'Show or set hostname or DNS domain name\n' +
  '\n\t-s\tShort' +
  '\n\t-i\tAddresses for the hostname' +
  '\n\t-d\tDNS domain name' +
  '\n\t-f\tFully qualified domain name' +
  '\n\t-F FILE\tUse FILE\'s content as hostname';

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof getopt>;
  try {
    parsed = getopt(argv, {
      short: { d: false, f: false, i: false, s: false, F: true, v: false },
      long: { domain: ['d', false], fqdn: ['f', false], file: ['F', true] },
    });
  } catch (e) {
    if (!(e instanceof OptError)) throw e;
    process.stderr.write(`hostname: ${e.message}\n`);
    return usage('hostname', TRIVIAL, FULL);
  }
  const has = (k: string) => parsed.opts.some(([o]) => o === k);
  const name = process.env.HOSTNAME || os.hostname();
  const out = (s: string) => process.stdout.write(s + '\n');
  if (has('d') || has('f') || has('i')) {
    const dot = name.indexOf('.');
    if (has('f')) out(name);
    else if (has('s')) out(dot < 0 ? name : name.slice(0, dot));
    else if (has('d')) { if (dot >= 0) out(name.slice(dot + 1)); }
    else {
      const ip = process.env.KCTL_POD_IP;
      if (!ip) {
        process.stderr.write(`hostname: ${name}: Unknown host\n`);
        return 1;
      }
      out(ip);
    }
    return 0;
  }
  if (has('s')) { out(name.split('.')[0]); return 0; }
  if (has('F') || parsed.args.length) {
    process.stderr.write('hostname: sethostname: Operation not permitted\n');
    return 1;
  }
  out(name);
  return 0;
}

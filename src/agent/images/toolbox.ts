// busybox / cirros / alpine: the agent runs such a container's command (or args) directly with the
// toolbox first on PATH, and `sleep infinity` when there is none (kctl's choice: a toolbox pod
// without a command stays Running, ready for `kctl exec -it POD -- /bin/sh`). This module is what
// `node images/main.js busybox` does: wait until SIGTERM.

export function main(): void {
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  setInterval(() => undefined, 1 << 30);
}

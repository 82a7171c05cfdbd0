// Catalogue of the built-in images the node agent can run as local processes.
// Pure data + image-reference parsing: no I/O, cheap to load (the agent consults it before
// starting a container; an image not found here with no command is an ErrImagePull).
//
// Each built-in image runs as `node dist/src/agent/images/main.js <image ref>`; main.ts requires
// `./<module>` and calls its `main(ref)` (see `module` below).

export interface CatalogueEntry {
  kind: 'builtin';
  /** Canonical name (registry and `library/` stripped), e.g. `nginx`, `ikubernetes/myapp`. */
  name: string;
  /** Ports the image listens on when the pod declares no containerPort (first one → $PORT). */
  defaultPorts: number[];
  description: string;
  /** Module under src/agent/images that implements it (exports `main(ref: string)`). */
  module: string;
  /** Sub-kind passed along to that module (for modules that implement several images). */
  impl: string;
  /**
   * The image's own programs: a container whose `command` starts with one of them (by basename:
   * `nginx -g 'daemon off;'`, `redis-server`, `httpd-foreground`...) runs the built-in image.
   */
  entrypoints?: string[];
}

export interface ImageRef {
  /** Registry host as written (`docker.io`, `registry.k8s.io`, …) or '' when none was given. */
  registry: string;
  /** Repository path without registry and without a leading `library/`. */
  name: string;
  /** Tag ('' when none, which means `latest`). */
  tag: string;
  /** Digest (`sha256:…`) or ''. */
  digest: string;
}

/** Splits `[registry/]path[:tag][@digest]` the way the container runtime does. */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) { digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  let tag = '';
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) { tag = rest.slice(colon + 1); rest = rest.slice(0, colon); }
  let registry = '';
  const first = rest.indexOf('/');
  if (first >= 0) {
    const head = rest.slice(0, first);
    if (head.includes('.') || head.includes(':') || head === 'localhost') {
      registry = head;
      rest = rest.slice(first + 1);
    }
  }
  if (rest.startsWith('library/')) rest = rest.slice('library/'.length);
  return { registry, name: rest.toLowerCase(), tag, digest };
}

function e(name: string, defaultPorts: number[], module: string, impl: string, description: string, entrypoints?: string[]): CatalogueEntry {
  return { kind: 'builtin', name, defaultPorts, description, module, impl, ...(entrypoints ? { entrypoints } : {}) };
}

/** Canonical name → entry. */
export const CATALOGUE: Record<string, CatalogueEntry> = {
  'nginx': e('nginx', [80], 'http', 'nginx', 'nginx web server: welcome page, 404s, combined access log on stdout', ['nginx', 'docker-entrypoint.sh']),
  'httpd': e('httpd', [80], 'http', 'httpd', 'Apache httpd 2.4: "It works!" page, common access log on stdout', ['httpd-foreground', 'httpd', 'apachectl']),
  'ikubernetes/myapp': e('ikubernetes/myapp', [80], 'http', 'myapp', 'MageEdu demo app (nginx based): version page and /hostname.html', ['nginx']),
  'tomcat': e('tomcat', [8080], 'http', 'tomcat', 'Apache Tomcat default ROOT page', ['catalina.sh']),
  'echoserver': e('echoserver', [8080], 'http', 'echoserver', 'Kubernetes e2e echoserver: echoes pod, server and request details', ['nginx', 'echoserver']),
  'traefik/whoami': e('traefik/whoami', [80], 'http', 'whoami', 'traefik/whoami: prints hostname, IPs and the request', ['whoami']),
  'pause': e('pause', [], 'http', 'pause', 'Pod sandbox pause container: sleeps until SIGTERM', ['pause']),
  'redis': e('redis', [6379], 'redis', 'redis', 'Redis-compatible server (RESP; works with redis-cli)', ['redis-server', 'docker-entrypoint.sh']),
  'busybox': e('busybox', [], 'toolbox', 'busybox', 'BusyBox shell and toolbox'),
  'cirros': e('cirros', [], 'toolbox', 'cirros', 'CirrOS shell and toolbox'),
  'alpine': e('alpine', [], 'toolbox', 'alpine', 'Alpine Linux shell and toolbox'),
  'ingress-nginx/controller': e('ingress-nginx/controller', [80, 443, 10254], 'ingress-nginx', 'controller', 'ingress-nginx controller: serves Ingress rules over HTTP and HTTPS', ['nginx-ingress-controller', 'dumb-init']),
};

/** Other spellings of catalogue names (after registry / `library/` stripping). */
const ALIASES: Record<string, string> = {
  'google_containers/echoserver': 'echoserver',
  'google-containers/echoserver': 'echoserver',
  'e2e-test-images/echoserver': 'echoserver',
  'google_containers/pause': 'pause',
  'google_containers/pause-amd64': 'pause',
  'pause-amd64': 'pause',
  'kubernetes-ingress-controller/nginx-ingress-controller': 'ingress-nginx/controller',
  'kubernetes-ingress-controller/nginx-ingress-controller-amd64': 'ingress-nginx/controller',
  'google_containers/nginx-ingress-controller': 'ingress-nginx/controller',
  'ingress-nginx/controller-chroot': 'ingress-nginx/controller',
  'k8s-artifacts-prod/ingress-nginx/controller': 'ingress-nginx/controller',
};

/** Canonical catalogue name of an image reference ('' when not a catalogue image name). */
export function canonicalImageName(ref: string): string {
  const { name } = parseImageRef(ref);
  if (CATALOGUE[name]) return name;
  return ALIASES[name] || '';
}

/** The catalogue entry for an image reference (any registry, tag or digest), or undefined. */
export function lookupImage(ref: string): CatalogueEntry | undefined {
  const n = canonicalImageName(ref);
  return n ? CATALOGUE[n] : undefined;
}

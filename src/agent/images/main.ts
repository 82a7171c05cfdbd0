// Entry point of a built-in image process: `node dist/src/agent/images/main.js <image ref>`.
// Looks the reference up in the catalogue (any registry, `library/` prefix, tag or digest) and
// runs `require('./<module>').main(ref)`. Unknown image: exit 2 with one line on stderr.
import { lookupImage } from './catalogue';

export function run(ref: string | undefined): void {
  const entry = ref ? lookupImage(ref) : undefined;
  if (!entry) {
    process.stderr.write(`kctl: no built-in image "${ref ?? ''}"\n`);
    process.exit(2);
  }
  let mod: { main?: (ref: string) => void };
  try {
    mod = require(`./${entry.module}`);
  } catch (e: any) {
    if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(`/${entry.module}`)) {
      process.stderr.write(`kctl: built-in image "${ref}" is not available in this build\n`);
      process.exit(2);
    }
    throw e;
  }
  if (typeof mod.main !== 'function') {
    process.stderr.write(`kctl: built-in image "${ref}" is not available in this build\n`);
    process.exit(2);
  }
  mod.main(ref as string);
}

if (require.main === module) run(process.argv[2]);

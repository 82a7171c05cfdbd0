// kctl completion bash|zsh, and the hidden `kctl __complete <words...>` the scripts call:
// commands, subcommands, flags, resource types and the names of live objects.

import { CliError } from '../api/errors';
import { KINDS, resolveResource } from '../api/kinds';
import type { Ctx } from './context';
import { helpText, parseFlagSpecs, globalFlagSpecs } from './flags';

const BASH = `# kctl bash completion. Load it with:  source <(kctl completion bash)
_kctl_complete() {
    local cur="\${COMP_WORDS[COMP_CWORD]}"
    local IFS=$'\\n'
    COMPREPLY=( $(compgen -W "$(kctl __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" -- "$cur" 2>/dev/null)" -- "$cur") )
}
complete -o default -F _kctl_complete kctl
`;

const ZSH = `#compdef kctl
# kctl zsh completion. Load it with:  source <(kctl completion zsh)
_kctl() {
    local -a candidates
    candidates=("\${(@f)$(kctl __complete "\${(@)words[2,CURRENT-1]}" -- "\${words[CURRENT]}" 2>/dev/null)}")
    compadd -- \${candidates[@]}
}
if [ "$funcstack[1]" = "_kctl" ]; then
    _kctl "$@"
else
    compdef _kctl kctl
fi
`;

const TYPE_TAKING = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'explain', 'scale', 'expose', 'wait', 'rollout']);

function subcommands(path: string[]): string[] {
  const t = helpText(path) ?? '';
  const sections = path.length === 0 ? t : (/^Available Commands:\n([\s\S]*?)\n\n/m.exec(t)?.[1] ?? '');
  return sections.split('\n').filter((l) => /^ {2}[a-z][\w-]* {2,}/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
}

/** Candidates for the word being typed, given the words before it. */
export function complete(ctx: Ctx, before: string[], cur: string): string[] {
  const path: string[] = [];
  const positional: string[] = [];
  let ns = 'default';
  for (let i = 0; i < before.length; i++) {
    const w = before[i];
    if (w === '-n' || w === '--namespace') { ns = before[++i] ?? ns; continue; }
    if (w.startsWith('--namespace=')) { ns = w.slice(12); continue; }
    if (w.startsWith('-')) continue;
    const subs = subcommands(path);
    if (positional.length === 0 && subs.includes(w)) path.push(w);
    else positional.push(w);
  }
  if (cur.startsWith('-')) {
    const specs = [...parseFlagSpecs(helpText(path) ?? ''), ...globalFlagSpecs()];
    return specs.map((s) => `--${s.name}`);
  }
  const subs = subcommands(path);
  if (subs.length && positional.length === 0) return subs;
  if (!TYPE_TAKING.has(path[0] ?? '')) return [];
  if (positional.length === 0) {
    return KINDS.flatMap((k) => [k.resource, ...k.shortNames]);
  }
  const ki = resolveResource(positional[0]);
  if (!ki) return [];
  try {
    return ctx.cluster().api.list(ki.resource, ki.namespaced ? ns : undefined).items.map((o) => o.metadata.name!);
  } catch { return []; }
}

export function run(ctx: Ctx): void {
  if (ctx.path[0] === '__complete') {
    const words = ctx.dashArgs ? ctx.args.slice(0, ctx.args.length - ctx.dashArgs.length) : ctx.args;
    const cur = ctx.dashArgs?.[0] ?? '';
    ctx.io.out(complete(ctx, words, cur).filter((c) => c.startsWith(cur)).join('\n') + '\n');
    return;
  }
  const shell = ctx.args[0];
  if (!shell) throw new CliError("Shell not specified.\nSee 'kctl completion -h' for help and examples");
  if (ctx.args.length > 1) throw new CliError(`Too many arguments. Expected only the shell type.\nSee 'kctl completion -h' for help and examples`);
  if (shell === 'bash') ctx.io.out(BASH);
  else if (shell === 'zsh') ctx.io.out(ZSH);
  else throw new CliError(`Unsupported shell type "${shell}".`);
}

package cli

import (
	"context"
	"fmt"
	"strings"
)

// runCompletion prints the completion script of a shell, or (the script's
// own call, `odx completion __complete WORD…`) the candidates for the last
// word of a command line.
func runCompletion(ctx context.Context, env *env, args []string) error {
	if len(args) > 0 && args[0] == completeArg {
		for _, c := range complete(ctx, env, args[1:]) {
			fmt.Fprintln(env.stdout, c)
		}
		return nil
	}
	fs := newFlagSet(env, "completion", "odx completion bash|zsh|fish")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), completionHelp)
	}
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("name one shell: odx completion bash|zsh|fish")
	}
	script, ok := completionScripts[pos[0]]
	if !ok {
		return usageError(fmt.Sprintf("no completion for the shell %q; odx completes bash, zsh and fish", pos[0]))
	}
	fmt.Fprint(env.stdout, script)
	return nil
}

// completeArg is the first argument of the scripts' call back into odx.
const completeArg = "__complete"

// filesDirective is the one line of candidates that asks the shell to
// complete file names instead (after --config, --file).
const filesDirective = ":files"

const completionHelp = `Usage: odx completion bash|zsh|fish

Prints the shell's completion script: subcommands, flags, profile names from
the config file, set and property names from the $metadata cache (after a
first run of the explorer or odx metadata against the profile; with --demo,
of the embedded instance), saved view names.

  bash:  echo 'source <(odx completion bash)' >> ~/.bashrc
  zsh:   echo 'source <(odx completion zsh)' >> ~/.zshrc   (after compinit)
  fish:  odx completion fish > ~/.config/fish/completions/odx.fish
`

// completionScripts are the scripts by shell. Each asks odx for the
// candidates of the word under the cursor, given the words before it.
var completionScripts = map[string]string{
	"bash": `# bash completion for odx; source it: source <(odx completion bash)
_odx() {
    local line="${COMP_LINE:0:COMP_POINT}"
    local -a words
    read -r -a words <<< "$line"
    if [[ "$line" =~ [[:space:]]$ ]]; then
        words+=("")
    fi
    local cur="${words[${#words[@]}-1]}"
    local IFS=$'\n'
    local -a cands
    cands=($(command odx completion __complete "${words[@]:1}" 2>/dev/null))
    if [[ "${cands[0]}" == ":files" ]]; then
        COMPREPLY=($(compgen -f -- "${cur#*=}"))
        return
    fi
    if [[ "$cur" == *=* && "$COMP_WORDBREAKS" == *=* ]]; then
        cands=("${cands[@]#*=}")
    fi
    COMPREPLY=("${cands[@]}")
}
complete -F _odx odx
`,
	"zsh": `#compdef odx
# zsh completion for odx; source it after compinit: source <(odx completion zsh)
_odx() {
    local out
    out="$(command odx completion __complete "${(@)words[2,CURRENT]}" 2>/dev/null)"
    if [[ "$out" == ":files" ]]; then
        _files
        return
    fi
    [[ -n "$out" ]] || return 1
    local -a cands
    cands=("${(@f)out}")
    compadd -S ' ' -- "${cands[@]}"
}
compdef _odx odx
`,
	"fish": `# fish completion for odx: odx completion fish > ~/.config/fish/completions/odx.fish
function __odx_complete
    set -l prev (commandline -opc)
    set -e prev[1]
    set -l cur (commandline -ct)
    set -l out (command odx completion __complete $prev "$cur" 2>/dev/null)
    if test "$out[1]" = ":files"
        __fish_complete_path "$cur"
        return
    end
    printf '%s\n' $out
end
complete -c odx -f -a '(__odx_complete)'
`,
}

// shells lists the shells completion knows, sorted.
func shells() []string { return []string{"bash", "fish", "zsh"} }

// hasPrefixes keeps the words of all that start with prefix.
func hasPrefixes(all []string, prefix string) []string {
	var out []string
	for _, w := range all {
		if strings.HasPrefix(w, prefix) {
			out = append(out, w)
		}
	}
	return out
}

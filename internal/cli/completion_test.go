package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompletionScriptsParse checks each script's syntax with its shell
// (bash -n, zsh -n, fish --no-execute).
func TestCompletionScriptsParse(t *testing.T) {
	for _, tc := range []struct{ shell, flag string }{{"bash", "-n"}, {"zsh", "-n"}, {"fish", "--no-execute"}} {
		t.Run(tc.shell, func(t *testing.T) {
			path, err := exec.LookPath(tc.shell)
			if err != nil {
				t.Skipf("%s is not installed: its script's syntax is not checked", tc.shell)
			}
			file := filepath.Join(t.TempDir(), "odx."+tc.shell)
			if err := os.WriteFile(file, []byte(completionScripts[tc.shell]), 0o600); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(path, tc.flag, file).CombinedOutput(); err != nil {
				t.Errorf("%s %s: %v\n%s", tc.shell, tc.flag, err, out)
			}
		})
	}
}

// TestBashCompletionScript runs the bash script's function against a stub
// odx that records its arguments and answers fixed candidates: the words
// passed, the empty word at the end, --flag=value and the files directive.
func TestBashCompletionScript(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed: the bash script is not run")
	}
	dir := t.TempDir()
	stub := `#!/bin/sh
printf '%s|' "$@" > "` + dir + `/args"
case "$*" in
*--profile=*) printf -- '--profile=prod\n--profile=prod eu\n' ;;
*--config*) printf ':files\n' ;;
*) printf 'get\ngetter\n' ;;
esac
`
	if err := os.WriteFile(filepath.Join(dir, "odx"), []byte(stub), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ line, args, reply string }{
		{"odx g", "completion|__complete|g|", "get;getter;"},
		{"odx --demo ", "completion|__complete|--demo||", "get;getter;"},
		{"odx get --profile=pr", "completion|__complete|get|--profile=pr|", "prod;prod eu;"},
		{"odx --config " + dir + "/con", "completion|__complete|--config|" + dir + "/con|", dir + "/config.toml;"},
	} {
		script := completionScripts["bash"] + `
COMP_LINE='` + tc.line + `'
COMP_POINT=${#COMP_LINE}
COMP_WORDS=(); COMP_CWORD=0
_odx
printf '%s;' "${COMPREPLY[@]}"
`
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c", script)
		cmd.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tc.line, err, out)
		}
		args, _ := os.ReadFile(filepath.Join(dir, "args"))
		if string(args) != tc.args {
			t.Errorf("%q: odx called with %q; want %q", tc.line, args, tc.args)
		}
		if got := strings.TrimSpace(string(out)); got != tc.reply {
			t.Errorf("%q: COMPREPLY %q; want %q", tc.line, got, tc.reply)
		}
	}
}

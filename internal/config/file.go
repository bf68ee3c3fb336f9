package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// The config file: reading, strict decoding and the layout of its keys.

// readConfigFile reads path; a missing file that was not named explicitly
// gives nil data and no error.
func readConfigFile(path string, explicit bool, from string) ([]byte, fs.FileMode, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return nil, 0, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, Errorf("the config file %s (from %s) does not exist; fix the path or create it from config.toml.example", path, from)
	}
	if err != nil {
		return nil, 0, Errorf("cannot open the config file %s: %w", path, pathErr(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		err = errors.New("it is a directory")
	}
	var data []byte
	if err == nil {
		data, err = io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	}
	if err != nil {
		return nil, 0, Errorf("cannot read the config file %s: %w", path, pathErr(err))
	}
	if len(data) > maxConfigSize {
		return nil, 0, Errorf("the config file %s is larger than 1 MiB; is it the right file?", path)
	}
	if data == nil {
		data = []byte{}
	}
	return data, st.Mode(), nil
}

// permissionWarning warns when a file holding an inline client_secret can be
// read by group or others.
func (pf *parsedFile) permissionWarning(mode fs.FileMode) string {
	if runtime.GOOS == "windows" || mode.Perm()&0o077 == 0 {
		return ""
	}
	for _, p := range pf.cfg.Profiles {
		if p.ClientSecret != nil {
			return fmt.Sprintf("%s holds a client_secret and is accessible by group or others (mode %04o); run `chmod 600 %s`, or move the secret to client_secret_env, client_secret_file or client_secret_cmd",
				pf.path, mode.Perm(), pf.path)
		}
	}
	return ""
}

// fileConfig is the layout of config.toml.
type fileConfig struct {
	Default  *string                `toml:"default"`
	Profiles map[string]fileProfile `toml:"profiles"`
}

// fileProfile is one [profiles.NAME] table.
type fileProfile struct {
	Instance         string            `toml:"instance"`
	TokenURL         string            `toml:"token_url"`
	ServiceRoot      string            `toml:"service_root"`
	ClientID         string            `toml:"client_id"`
	ClientSecret     *string           `toml:"client_secret"`
	ClientSecretEnv  *string           `toml:"client_secret_env"`
	ClientSecretFile *string           `toml:"client_secret_file"`
	ClientSecretCmd  any               `toml:"client_secret_cmd"`
	Scopes           *[]string         `toml:"scopes"`
	PageSize         *int              `toml:"page_size"`
	Timeout          *string           `toml:"timeout"`
	Language         *string           `toml:"language"`
	Headers          map[string]string `toml:"headers"`
}

// keyTypes lists every key of the file with the type it must have.
var keyTypes = map[string]string{
	"default":            "a profile name (a string)",
	"profiles":           "a table of profiles, like [profiles.acme]",
	"instance":           "a URL string",
	"token_url":          "a URL string",
	"service_root":       "a URL string",
	"client_id":          "a string",
	"client_secret":      "a string",
	"client_secret_env":  "the name of an environment variable (a string)",
	"client_secret_file": "a path (a string)",
	"client_secret_cmd":  `an array of strings, like ["pass", "show", "acme"], or a string`,
	"scopes":             `an array of strings, like ["read"]`,
	"page_size":          "a whole number from 1 to 1000",
	"timeout":            `a duration string, like "30s"`,
	"language":           `a language code string, like "EN"`,
	"headers":            `a table of header names and values, like { ConsistencyLevel = "eventual" }`,
}

var topKeys = []string{"default", "profiles"}

// parsedFile is a decoded config file with the positions of its keys.
type parsedFile struct {
	path string
	cfg  fileConfig
	keys []keyPos
}

// parseConfig decodes data strictly; every error names the file and line.
func parseConfig(path string, data []byte) (*parsedFile, error) {
	pf := &parsedFile{path: path, keys: indexKeys(data)}
	err := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(&pf.cfg)
	var sm *toml.StrictMissingError
	var de *toml.DecodeError
	switch {
	case err == nil:
		return pf, nil
	case errors.As(err, &sm) && len(sm.Errors) > 0:
		first := sm.Errors[0]
		for _, e := range sm.Errors[1:] {
			if l, _ := e.Position(); l < lineOf(first) {
				first = e
			}
		}
		line, col := first.Position()
		keyPath := pf.pathAt(line, col)
		if keyPath == nil {
			keyPath = first.Key()
		}
		return nil, unknownKeyError(keyPath, fmt.Sprintf("%s:%d", path, line))
	case errors.As(err, &de):
		line, col := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		if strings.HasPrefix(msg, "cannot decode TOML ") {
			got := strings.Fields(strings.TrimPrefix(msg, "cannot decode TOML ") + " value")[0]
			k := pf.pathBefore(line, col)
			if k == nil {
				k = de.Key()
			}
			switch want, ok := keyTypes[last(k)]; {
			case len(k) == 2 && k[0] == "profiles":
				return nil, Errorf("profile `%s` (%s:%d) must be a table, not a TOML %s; write profile keys under a [profiles.NAME] header", k[1], path, line, got)
			case ok:
				return nil, Errorf("%s (%s:%d) must be %s, not a TOML %s", describeKey(k), path, line, want, got)
			}
			return nil, Errorf("a value in %s:%d has the wrong type (a TOML %s); see config.toml.example", path, line, got)
		}
		return nil, Errorf("syntax error in %s:%d:%d: %s; fix the TOML there", path, line, col, msg)
	}
	return nil, Errorf("cannot read the config file %s: %v", path, err)
}

func lineOf(e toml.DecodeError) int {
	l, _ := e.Position()
	return l
}

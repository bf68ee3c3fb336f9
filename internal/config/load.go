package config

import (
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// Load resolves the active profile: the config file, then the
// environment (read through getenv), then the flags. It returns warnings for
// the user (to print on stderr) and a *Error on any mistake. cf may be
// nil (no flags).
func Load(cf *Flags, getenv func(string) string) (*Settings, []string, error) {
	if cf == nil {
		cf = &Flags{}
	}
	path, from := cf.config, "--config"
	if path == "" {
		path, from = getenv("ODX_CONFIG"), "ODX_CONFIG"
	}
	explicit := path != ""
	if !explicit {
		if dir := userConfigDir(getenv); dir != "" {
			path = filepath.Join(dir, "odx", "config.toml")
		}
	}
	var pf *parsedFile
	var warnings []string
	if path != "" {
		data, mode, err := readConfigFile(path, explicit, from)
		if err != nil {
			return nil, nil, err
		}
		if data != nil {
			if pf, err = parseConfig(path, data); err != nil {
				return nil, nil, err
			}
			if w := pf.permissionWarning(mode); w != "" {
				warnings = append(warnings, w)
			}
		}
	}
	s, err := buildSettings(pf, path, cf, getenv)
	if err != nil {
		return nil, nil, err
	}
	return s, warnings, nil
}

// userConfigDir is os.UserConfigDir reading the environment through getenv;
// it returns "" when the directory cannot be known.
func userConfigDir(getenv func(string) string) string {
	switch runtime.GOOS {
	case "windows":
		return getenv("AppData")
	case "darwin", "ios":
		if home := getenv("HOME"); home != "" {
			return filepath.Join(home, "Library", "Application Support")
		}
	case "plan9":
		if home := getenv("home"); home != "" {
			return filepath.Join(home, "lib")
		}
	default:
		if dir := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(dir) {
			return dir
		}
		if home := getenv("HOME"); home != "" {
			return filepath.Join(home, ".config")
		}
	}
	return ""
}

// selectProfile picks the profile named by --profile, ODX_PROFILE or the
// file's default, or the only one; "" when the file has none.
func selectProfile(pf *parsedFile, path string, cf *Flags, getenv func(string) string) (string, fileProfile, error) {
	var profiles map[string]fileProfile
	if pf != nil {
		profiles = pf.cfg.Profiles
	}
	name, from := cf.profile, "--profile"
	if name == "" {
		name, from = getenv("ODX_PROFILE"), "ODX_PROFILE"
	}
	if name == "" && pf != nil && pf.cfg.Default != nil {
		name, from = *pf.cfg.Default, "default, "+pf.where("default")
	}
	if name == "" {
		names := sortedKeys(profiles)
		switch len(names) {
		case 0:
			return "", fileProfile{}, nil
		case 1:
			return names[0], profiles[names[0]], nil
		}
		return "", fileProfile{}, Errorf("%s has %d profiles (%s) and no default; choose one with --profile NAME, ODX_PROFILE or a top-level default = \"NAME\"",
			pf.path, len(names), strings.Join(names, ", "))
	}
	if p, ok := profiles[name]; ok {
		return name, p, nil
	}
	switch {
	case pf == nil && path == "":
		return "", fileProfile{}, Errorf("profile `%s` (from %s) cannot be found because there is no config file; name one with --config", name, from)
	case pf == nil:
		return "", fileProfile{}, Errorf("profile `%s` (from %s) cannot be found because there is no config file at %s; create it from config.toml.example", name, from, path)
	case len(profiles) == 0:
		return "", fileProfile{}, Errorf("profile `%s` (from %s) cannot be found because %s defines no profiles; add a [profiles.%s] table", name, from, pf.path, name)
	}
	return "", fileProfile{}, Errorf("unknown profile `%s` (from %s); %s defines %s", name, from, pf.path, strings.Join(sortedKeys(profiles), ", "))
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

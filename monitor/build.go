package monitor

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Build is what this binary says about itself (byline version, the log's
// "starting" line).
type Build struct {
	Version, Commit, CommitTime, Go string
	Modified                        bool
}

// ReadBuild reads the module version and the VCS stamp Go embeds
// (absent with -buildvcs=false or outside a checkout).
func ReadBuild() Build {
	bi := Build{Version: "(devel)", Commit: "unknown", CommitTime: "unknown", Go: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return bi
	}
	if v := info.Main.Version; v != "" {
		bi.Version = v
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			bi.Commit = s.Value
		case "vcs.time":
			bi.CommitTime = s.Value
		case "vcs.modified":
			bi.Modified = s.Value == "true"
		}
	}
	return bi
}

func (b Build) String() string {
	dirty := ""
	if b.Modified {
		dirty = " (modified)"
	}
	return fmt.Sprintf("byline %s commit %s%s committed %s %s", b.Version, b.Commit, dirty, b.CommitTime, b.Go)
}

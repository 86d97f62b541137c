// Package dict holds sitrep's default dictionaries as readable text files and
// embeds them in the binary, so every build codes the same way without any
// files beside it. The formats are described in README.md in this folder.
package dict

import "embed"

// FS holds the default dictionaries: cameo/codes.tsv (the CAMEO codebook),
// actors/*.txt (states, regions, IGOs, metonyms, agents and people) and
// verbs/*.txt (verb patterns, one file per CAMEO root).
//
//go:embed cameo/*.tsv actors/*.txt verbs/*.txt
var FS embed.FS

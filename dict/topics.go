package dict

import _ "embed"

// Topics is the default topic file for negotiation and policy documents
// (topics.txt; format in README.md): the labels points get and the terms
// that tie news sentences to them.
//
//go:embed topics.txt
var Topics string
